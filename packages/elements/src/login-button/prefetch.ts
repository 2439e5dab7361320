import type { IamSmartLang } from '@iamsmart/sdk';
import { loadCatalogues } from '../i18n/index.js';

/*
 * What a click in `qr` mode needs, and fetching it while the browser is idle so that click paints
 * the QR code without waiting for the network (decision 045). Not part of the CDN file, whose
 * entry carries the dialog already (rollup.config.js's CDN_INLINE).
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

/** The languages already fetched (or being fetched): once per page is enough, however many buttons. */
const fetched = new Set<IamSmartLang>();

interface Connection {
  saveData?: boolean;
  effectiveType?: string;
}

/**
 * When the browser is next idle (`requestIdleCallback`; Safari has none and gets a 2 s timer),
 * `loadQr(lang())` if `wanted()` still says so then: the button is in `qr` mode, on the page, and
 * not in backend mode. Nothing with Save-Data on or on a 2G-class connection (`navigator.connection`,
 * Chromium only): there the bytes may never be used and cost the resident more than the wait.
 * A failed fetch is silent; the click then loads as it would have.
 */
export function prefetchWhenIdle(lang: () => IamSmartLang, wanted: () => boolean): void {
  const connection = (navigator as { connection?: Connection }).connection;
  if (connection?.saveData || connection?.effectiveType?.endsWith('2g')) return;
  const run = (): void => {
    const language = lang();
    if (!wanted() || fetched.has(language)) return;
    fetched.add(language);
    loadQr(language).catch(quiet);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5000 });
  else setTimeout(run, 2000);
}
