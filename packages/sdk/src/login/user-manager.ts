import { ErrorResponse, ErrorTimeout, InMemoryWebStorage, User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { IdTokenClaims, SigninResponse, SigninState } from 'oidc-client-ts';
import { randomNonce } from '../base64url.js';
import { IamSmartError } from '../errors.js';
import { hasRepeatedResponseParam } from './callback-url.js';
import { verifyIdToken } from '../id-token.js';
import type { Discovery } from '../discovery.js';
import type { LoginOptions } from './types.js';
import type { ResolvedIamSmartConfig } from '../config/types.js';

/** What one login asks for beyond the client's configuration. */
type LoginArgsOptions = Pick<LoginOptions, 'returnTo' | 'lang'>;

/** What the SDK keeps in oidc-client-ts's per-login state (sessionStorage), beside PKCE's verifier. */
export interface LoginStateData {
  nonce: string;
  returnTo?: string;
}

/** sessionStorage key prefix of the per-login state (PKCE verifier, nonce): one tab, gone with it. */
export const STATE_STORE_PREFIX = 'iamsmart.oidc.';

export function isLoginStateData(data: unknown): data is LoginStateData {
  return typeof data === 'object' && data !== null && typeof (data as LoginStateData).nonce === 'string';
}

/**
 * Errors from oidc-client-ts's code exchange and its own light ID-token checks. The state and the
 * authorization error were checked before the exchange, so what is left comes from the token
 * endpoint, or from decoding the ID token (`sub` is the one claim it checks).
 */
function fromTokenExchange(cause: unknown): IamSmartError {
  if (cause instanceof ErrorResponse) {
    return new IamSmartError('token_endpoint_error', `The token endpoint refused the code: ${cause.error ?? 'error'}${cause.error_description ? ` (${cause.error_description})` : ''}.`, { cause });
  }
  if (cause instanceof ErrorTimeout) {
    return new IamSmartError('token_endpoint_error', 'The token endpoint did not answer in time.', { cause });
  }
  // oidc-client-ts decodes `id_token ?? ""`: missing and malformed tokens fail alike, as a bad token response.
  if (cause instanceof Error && cause.name === 'InvalidTokenError') {
    return new IamSmartError('token_endpoint_error', 'The token endpoint returned no well-formed ID token.', { cause });
  }
  // The one claim oidc-client-ts checks before jose gets the token; only its message tells it apart.
  if (cause instanceof Error && cause.message.includes('subject claim')) {
    return new IamSmartError('id_token_claims', 'ID token claim `sub`: missing.', { cause });
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new IamSmartError('token_endpoint_error', `The token endpoint could not be used: ${detail}`, { cause });
}

/** True when this tab holds the per-login state that `state` names: the login started here. */
export function hasLoginState(state: string): boolean {
  return sessionStorage.getItem(`${STATE_STORE_PREFIX}${state}`) !== null;
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
    automaticSilentRenew: false,
  });
  await manager.signinPopupCallback(url);
}

/**
 * oidc-client-ts's UserManager with the checks it lacks. Every sign-in, redirect or popup, ends in
 * `_signinEnd`, overridden here to run `completeSignin`: RFC 9207 `iss` before the code is sent
 * anywhere, then the code exchange, then the ID token's signature and claims with jose. Nothing is
 * stored by this class: it returns the validated user, and the client stores it afterwards.
 */
export class IamSmartUserManager extends UserManager {
  private readonly iamsConfig: ResolvedIamSmartConfig;
  private readonly discovery: Discovery;

  constructor(config: ResolvedIamSmartConfig, discovery: Discovery) {
    super({
      authority: config.issuer,
      // The validated document: oidc-client-ts does not fetch discovery again.
      metadata: discovery,
      client_id: config.clientId,
      redirect_uri: config.redirectUri,
      popup_redirect_uri: config.popupRedirectUri,
      post_logout_redirect_uri: config.postLogoutRedirectUri,
      scope: config.scope,
      response_type: 'code',
      response_mode: 'query',
      ui_locales: config.lang,
      // PKCE verifier and state: sessionStorage (survives the redirect, stays in this tab), never localStorage.
      stateStore: new WebStorageStateStore({ store: sessionStorage, prefix: STATE_STORE_PREFIX }),
      // Tokens are kept by the client after validation, never by oidc-client-ts.
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      automaticSilentRenew: false,
      monitorSession: false,
      loadUserInfo: false,
      filterProtocolClaims: false,
      requestTimeoutInSeconds: config.requestTimeoutSeconds,
    });
    this.iamsConfig = config;
    this.discovery = discovery;
  }

  /** Creates the authorization request (state, nonce and PKCE verifier stored) and returns its URL. */
  async createAuthorizationUrl(options: LoginArgsOptions): Promise<string> {
    const request = await this._client.createSigninRequest({ request_type: 'si:r', ...this.loginArgs(options) });
    return request.url;
  }

  /** Opens the popup (exact-origin postMessage back from the popup's callback page) and validates its response. */
  async loginWithPopup(options: LoginArgsOptions): Promise<User> {
    return this.signinPopup({ ...this.loginArgs(options), popupAbortOnClose: true });
  }

  /** The iAM Smart app link advertised by the provider, if any. */
  get appLink(): string | undefined {
    return this.discovery.iamsmart_app_link;
  }

  get hasRevocationEndpoint(): boolean {
    return this.discovery.revocation_endpoint !== undefined;
  }

  /** Best-effort revocation at the provider's revocation endpoint (RFC 7009). */
  async revokeAccessToken(token: string): Promise<void> {
    await this._client.revokeToken(token, 'access_token');
  }

  /** The RP-initiated logout URL, or undefined when the provider has no end-session endpoint. */
  async endSessionUrl(idTokenHint: string): Promise<string | undefined> {
    if (!this.discovery.end_session_endpoint) return undefined;
    const request = await this._client.createSignoutRequest({ id_token_hint: idTokenHint, post_logout_redirect_uri: this.iamsConfig.postLogoutRedirectUri });
    return request.url;
  }

  protected override async _signinEnd(url: string): Promise<User> {
    return this.completeSignin(url);
  }

  private loginArgs({ returnTo, lang }: LoginArgsOptions) {
    const nonce = randomNonce();
    const state: LoginStateData = returnTo === undefined ? { nonce } : { nonce, returnTo };
    // The nonce travels as an extra parameter and is checked by verifyIdToken against the state kept here.
    return { state, ui_locales: lang ?? this.iamsConfig.lang, extraQueryParams: { nonce } };
  }

  /**
   * Validates an authorization response and exchanges its code. Order matters: state first (is this
   * our login?), then RFC 9207 `iss` (is it from our provider? checked before the code is sent to a
   * token endpoint), then the OAuth error, then the exchange, then the ID token. The per-login state
   * is consumed on every outcome, so a response can be used once.
   */
  async completeSignin(url: string): Promise<User> {
    const params = new URL(url).searchParams;
    if (!params.get('state')) throw new IamSmartError('callback_invalid', 'The callback URL has no `state`.');

    let state: SigninState;
    try {
      ({ state } = await this._client.readSigninResponseState(url, false));
    } catch (cause) {
      throw new IamSmartError('state_mismatch', 'The callback\'s `state` matches no login started in this browser tab (expired, already used, or forged).', { cause });
    }
    const stateStore = this._client.settings.stateStore;
    try {
      this.checkResponse(params);
      if (!isLoginStateData(state.data)) throw new IamSmartError('state_mismatch', 'The stored login state is not one this SDK created.');
    } catch (error) {
      await stateStore.remove(state.id);
      throw error;
    }

    let response: SigninResponse;
    try {
      response = await this._client.processSigninResponse(url, {}, true);
    } catch (cause) {
      throw fromTokenExchange(cause);
    }
    if (!response.access_token) throw new IamSmartError('token_endpoint_error', 'The token endpoint returned no access token.');
    if (!response.id_token) throw new IamSmartError('token_endpoint_error', 'The token endpoint returned no ID token.');

    // The configuration carries the expectations' clientId, clock skew, token age and timeout.
    const claims = await verifyIdToken(response.id_token, { ...this.iamsConfig, discovery: this.discovery, nonce: state.data.nonce });
    // The profile is the verified payload, not oidc-client-ts's unverified decoding.
    response.profile = claims as IdTokenClaims;
    return new User(response);
  }

  private checkResponse(params: URLSearchParams): void {
    const code = params.get('code');
    const error = params.get('error');
    if (hasRepeatedResponseParam(params)) throw new IamSmartError('callback_invalid', 'The callback URL repeats a response parameter.');
    if (code && error) throw new IamSmartError('callback_invalid', 'The callback URL has both `code` and `error`.');
    if (!code && !error) throw new IamSmartError('callback_invalid', 'The callback URL has neither `code` nor `error`.');

    // RFC 9207 §2.4: compare `iss` exactly; require it when the provider says it always sends it.
    const iss = params.get('iss');
    if (iss !== null && iss !== this.iamsConfig.issuer) {
      throw new IamSmartError('issuer_mismatch', `The authorization response comes from ${JSON.stringify(iss)}, not ${this.iamsConfig.issuer} (RFC 9207).`);
    }
    if (iss === null && this.discovery.authorization_response_iss_parameter_supported === true) {
      throw new IamSmartError('issuer_mismatch', 'The authorization response has no `iss` although the provider always sends it (RFC 9207).');
    }

    if (error === 'access_denied') {
      throw new IamSmartError('access_denied', `The resident declined the login${params.get('error_description') ? `: ${params.get('error_description') ?? ''}` : ''}.`);
    }
    if (error) {
      throw new IamSmartError('authorization_error', `The provider refused the login: ${error}${params.get('error_description') ? ` (${params.get('error_description') ?? ''})` : ''}.`);
    }
  }
}
