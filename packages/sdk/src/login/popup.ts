// The popup login's window, the kit's own (decision 046): oidc-client-ts's `OidcClient` makes the
// request and checks the response (user-manager.ts), as for a redirect; what its `UserManager`
// added — a window, and the response handed back by `postMessage` — is this file, so a login never
// downloads UserManager. The message is the one oidc-client-ts's popup callback posts
// (`{ source: 'oidc-client', url, keepOpen }`), taken only from this page's exact origin, and only
// from the popup itself or naming this login's `state` (oidc-client-ts's own rule).
import { IamSmartError } from '../errors.js';
import type { IamSmartUser, LoginOptions } from './types.js';
import type { IamSmartOidcClient } from './user-manager.js';

const MESSAGE_SOURCE = 'oidc-client';
/** How often a closed window is noticed (oidc-client-ts's interval). */
const CLOSED_CHECK_MS = 500;

const isClosed = (popup: Window): boolean => popup.closed;
const closed = (): IamSmartError => new IamSmartError('popup_closed', 'The login window was closed or blocked before the login finished.');

/**
 * Opens the login's window, centred on this one (oidc-client-ts's default features), at
 * `startUrl` — the popup callback page, same-origin and not a callback without a response, so it
 * shows nothing of a login; called in the click, before any await, so the browser's popup blocker
 * sees the click. Null when the browser blocked it.
 *
 * Not a blank window: WebKit cuts a blank popup off from an opener whose page sends
 * `Cross-Origin-Opener-Policy: same-origin-allow-popups` as soon as the popup navigates
 * (`popup.closed` turns true, the response can never be posted back), where Chromium and Firefox
 * keep it, as the HTML standard says; a popup opened at a URL keeps its opener in all three
 * (decision 052).
 */
export function openPopup(startUrl?: string): Window | null {
  const width = [800, 720, 600, 480].find((candidate) => candidate <= window.outerWidth / 1.618) ?? 360;
  const height = 640;
  const left = Math.max(0, Math.round(window.screenX + (window.outerWidth - width) / 2));
  const top = Math.max(0, Math.round(window.screenY + (window.outerHeight - height) / 2));
  return window.open(startUrl, '_blank', `location=no,toolbar=no,height=${height},width=${width},left=${left},top=${top}`);
}

/** How long the popup's start page may take before the login navigates the popup anyway. */
const START_PAGE_WAIT_MS = 5000;

/**
 * Resolves once the popup shows a document of its own (its address is no longer the initial
 * about:blank, or is no longer readable), is closed, or START_PAGE_WAIT_MS have passed.
 */
async function startPageShown(popup: Window): Promise<void> {
  const until = Date.now() + START_PAGE_WAIT_MS;
  const shown = (): boolean => {
    if (isClosed(popup)) return true;
    try {
      return popup.location.href !== 'about:blank' && popup.document.readyState !== 'loading';
    } catch {
      return true;
    }
  };
  while (!shown() && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Sends `popup` to the authorization request, waits for the response the popup's callback page
 * posts (exact origin; from the popup or naming this login's state), closes the popup and
 * validates the response with `oidc` (every check of a redirect login). Rejects `popup_closed`
 * when the window was blocked or is closed before a response arrives.
 */
export async function loginInPopup(popup: Window | null, oidc: IamSmartOidcClient, options: Pick<LoginOptions, 'returnTo' | 'lang'>): Promise<IamSmartUser> {
  if (!popup || popup.closed) throw closed();
  // First the start page replaces the initial blank document (see openPopup), so navigating the
  // popup keeps its opener in WebKit too; then the request, whose state is listened for at once.
  await startPageShown(popup);
  let request: { url: string; state: string };
  try {
    request = await oidc.createPopupRequest(options);
  } catch (error) {
    popup.close();
    throw error;
  }
  // Closed by the resident while the request was being made (read afresh: an await has passed).
  if (isClosed(popup)) throw closed();
  popup.location.replace(request.url);
  popup.focus();
  const responseUrl = await new Promise<string>((resolve, reject) => {
    const stop = (): void => {
      clearInterval(watch);
      window.removeEventListener('message', listener);
    };
    const listener = (event: MessageEvent): void => {
      const data = event.data as { source?: unknown; url?: unknown } | null;
      if (event.origin !== window.location.origin || data?.source !== MESSAGE_SOURCE || typeof data.url !== 'string') return;
      let state: string | null;
      try {
        state = new URL(data.url).searchParams.get('state');
      } catch {
        return;
      }
      if (event.source !== popup && state !== request.state) return;
      stop();
      resolve(data.url);
    };
    const watch = setInterval(() => {
      if (!isClosed(popup)) return;
      stop();
      reject(closed());
    }, CLOSED_CHECK_MS);
    window.addEventListener('message', listener);
  });
  popup.close();
  return oidc.completeSignin(responseUrl);
}

/**
 * In the popup: hands the response URL to the opener, posted with `targetOrigin` set to this page's
 * own origin (and the opener accepts only that exact origin). Needs no discovery: the opener
 * validates, then closes this window.
 */
export function forwardToOpener(url: string): void {
  (window.opener as Window).postMessage({ source: MESSAGE_SOURCE, url, keepOpen: false }, window.location.origin);
}
