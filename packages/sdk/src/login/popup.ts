// The popup login: the one feature the kit takes from oidc-client-ts's `UserManager` (its popup
// window and the exact-origin postMessage back); everything else runs on `OidcClient`
// (user-manager.ts). Imported statically: oidc-client-ts is one module, which a bundler does not
// split between chunks, so a lazy import of this file would move no byte off the redirect login
// (measured, decision 046).
import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { User } from 'oidc-client-ts';
import type { ResolvedIamSmartConfig } from '../config/types.js';
import type { Discovery } from '../discovery.js';
import type { IamSmartUser } from './types.js';
import { STATE_STORE_PREFIX, oidcSettings } from './user-manager.js';
import type { IamSmartOidcClient, LoginArgsOptions } from './user-manager.js';

/** UserManager's settings the kit never wants: tokens kept by the client, no renew, no monitor. */
const QUIET = { automaticSilentRenew: false, monitorSession: false } as const;

/**
 * Opens the popup (exact-origin postMessage back from the popup's callback page) and validates its
 * response with `oidc`: UserManager's sign-in ends in `_signinEnd`, overridden to run the kit's
 * `completeSignin` (RFC 9207 `iss`, the code exchange, the ID token with jose). Resolves with the
 * validated user; nothing is stored by UserManager (an in-memory user store it never reads).
 */
export async function loginWithPopup(config: ResolvedIamSmartConfig, discovery: Discovery, oidc: IamSmartOidcClient, options: LoginArgsOptions): Promise<IamSmartUser> {
  let signedIn: IamSmartUser | undefined;
  class PopupManager extends UserManager {
    protected override async _signinEnd(url: string): Promise<User> {
      signedIn = await oidc.completeSignin(url);
      // signinPopup hands back what this returns; the kit's user is kept aside, already validated.
      return { profile: signedIn.claims } as unknown as User;
    }
  }
  const manager = new PopupManager({
    ...oidcSettings(config, discovery),
    popup_redirect_uri: config.popupRedirectUri,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    ...QUIET,
  });
  await manager.signinPopup({ ...oidc.loginArgs(options), popupAbortOnClose: true });
  if (!signedIn) throw new Error('The popup login ended without a validated user.');
  return signedIn;
}

/**
 * In the popup: hands the response URL to the opener through oidc-client-ts, which posts it with
 * `targetOrigin` set to this page's own origin (and the opener accepts only that exact origin).
 * Needs no discovery: the opener validates.
 */
export async function forwardToOpener(config: ResolvedIamSmartConfig, url: string): Promise<void> {
  const manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    stateStore: new WebStorageStateStore({ store: sessionStorage, prefix: STATE_STORE_PREFIX }),
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    ...QUIET,
  });
  await manager.signinPopupCallback(url);
}
