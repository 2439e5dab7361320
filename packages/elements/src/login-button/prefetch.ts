import type { IamSmartClient, IamSmartLang } from '@iamsmart/sdk';
import { loadCatalogues } from '../i18n/index.js';

/*
 * What a click in `qr` mode needs, and fetching it while the browser is idle so that click paints
 * the QR code without waiting for the network (decision 045). The CDN file does the same: the
 * dialog is one of its lazy chunks there too (decision 047).
 */

const quiet = (): undefined => undefined;

/**
 * The QR dialog's module (the session dialog and `<iams-qr-login>`), the QR encoder and `lang`'s
 * `qr` and `errors` strings, together rather than one after another. Rejects only when the dialog's
 * module cannot be loaded: the QR login reports a missing encoder itself, and a language that
 * cannot be loaded falls back to English (decision 042).
 */
export function loadQr(lang: IamSmartLang): Promise<[typeof import('./qr-dialog.js'), unknown, unknown]> {
  return Promise.all([import('./qr-dialog.js'), import('../qr-login/qr-code.js').catch(quiet), loadCatalogues(lang, ['errors', 'qr']).catch(quiet)]);
}

/** The languages already fetched (or being fetched): once per page is enough, however many buttons (and the page's one client). */
const fetched = new Set<IamSmartLang>();

interface Connection {
  saveData?: boolean;
  effectiveType?: string;
}

/**
 * When the browser is next idle (`requestIdleCallback`; Safari has none and gets a 2 s timer),
 * asks `wanted()` whether the prefetch is still wanted — the button is in `qr` mode, on the page,
 * and not in backend mode — and if so, for the button's language and its client (if known yet):
 * `loadQr(language)` and the SDK's `client.prepareQrLogin()` (its cross-device code and the
 * discovery document, decision 049; no session is started). Once per language per page (a page
 * has one client). Nothing with Save-Data on or on a 2G-class connection (`navigator.connection`,
 * Chromium only): there the bytes may never be used and cost the resident more than the wait.
 * A failed fetch is silent; the click then loads as it would have.
 */
export function prefetchWhenIdle(wanted: () => false | [IamSmartLang, IamSmartClient | undefined]): void {
  const connection = (navigator as { connection?: Connection }).connection;
  if (connection?.saveData || connection?.effectiveType?.endsWith('2g')) return;
  const run = (): void => {
    const [language, client] = wanted() || [];
    if (!language || fetched.has(language)) return;
    fetched.add(language);
    loadQr(language).catch(quiet);
    // Never rejects (decision 049).
    void client?.prepareQrLogin();
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5000 });
  else setTimeout(run, 2000);
}
