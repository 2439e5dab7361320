// oidc-client-ts's lower-level `OidcClient` (authorization request with PKCE S256 and state,
// code exchange, revocation, end-session URL), with the checks it lacks. Not its `UserManager`:
// the kit keeps tokens itself (token-store.ts) and uses none of UserManager's silent renew, session
// monitor, iframe navigator, user store or events, and opens its popup window itself (popup.ts),
// so a login never downloads UserManager (decision 046).
import { ErrorResponse, ErrorTimeout, OidcClient, WebStorageStateStore } from 'oidc-client-ts';
import type { OidcClientSettings, SigninResponse, SigninState } from 'oidc-client-ts';
import { randomNonce } from '../base64url.js';
import { IamSmartError } from '../errors.js';
import { hasRepeatedResponseParam } from './callback-url.js';
import { loadVerifier, verifyIdTokenLater } from '../verify-later.js';
import type { Discovery } from '../discovery.js';
import type { IamSmartUser, LoginOptions } from './types.js';
import type { ResolvedIamSmartConfig } from '../config/types.js';

/** What one login asks for beyond the client's configuration. */
export type LoginArgsOptions = Pick<LoginOptions, 'returnTo' | 'lang'>;

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

/** oidc-client-ts's settings for `config` with the validated discovery document. */
function oidcSettings(config: ResolvedIamSmartConfig, discovery: Discovery): OidcClientSettings {
  return {
    authority: config.issuer,
    // The validated document: oidc-client-ts does not fetch discovery again.
    metadata: discovery,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    post_logout_redirect_uri: config.postLogoutRedirectUri,
    scope: config.scope,
    response_type: 'code',
    response_mode: 'query',
    ui_locales: config.lang,
    // PKCE verifier and state: sessionStorage (survives the redirect, stays in this tab), never localStorage.
    stateStore: new WebStorageStateStore({ store: sessionStorage, prefix: STATE_STORE_PREFIX }),
    loadUserInfo: false,
    filterProtocolClaims: false,
    requestTimeoutInSeconds: config.requestTimeoutSeconds,
  };
}

/** The signed-in user from a validated response; `state` is the SDK's per-login data. */
function toUser(response: SigninResponse, claims: IamSmartUser['claims'], state: LoginStateData): IamSmartUser {
  const { returnTo } = state;
  return {
    claims,
    idToken: response.id_token ?? '',
    accessToken: response.access_token,
    tokenType: response.token_type,
    scope: response.scope ?? '',
    expiresAt: response.expires_at,
    ...(returnTo === undefined ? {} : { returnTo }),
  };
}

/**
 * oidc-client-ts's OidcClient with the checks it lacks. Every sign-in, redirect or popup, ends in
 * `completeSignin`: RFC 9207 `iss` before the code is sent anywhere, then the code exchange, then
 * the ID token's signature and claims with jose. Nothing is stored by this class: it returns the
 * validated user, and the client stores it afterwards.
 */
export class IamSmartOidcClient {
  private readonly iamsConfig: ResolvedIamSmartConfig;
  private readonly discovery: Discovery;
  private readonly client: OidcClient;

  constructor(config: ResolvedIamSmartConfig, discovery: Discovery) {
    this.client = new OidcClient(oidcSettings(config, discovery));
    this.iamsConfig = config;
    this.discovery = discovery;
  }

  /** Creates the authorization request (state, nonce and PKCE verifier stored) and returns its URL. */
  async createAuthorizationUrl(options: LoginArgsOptions): Promise<string> {
    const request = await this.client.createSigninRequest({ request_type: 'si:r', ...this.loginArgs(options) });
    return request.url;
  }

  /** The same request for the popup (`popupRedirectUri`, `display=popup`): its URL and the `state` that names it. */
  async createPopupRequest(options: LoginArgsOptions): Promise<{ url: string; state: string }> {
    const request = await this.client.createSigninRequest({ request_type: 'si:p', redirect_uri: this.iamsConfig.popupRedirectUri, display: 'popup', ...this.loginArgs(options) });
    return { url: request.url, state: request.state.id };
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
    await this.client.revokeToken(token, 'access_token');
  }

  /** The RP-initiated logout URL, or undefined when the provider has no end-session endpoint. */
  async endSessionUrl(idTokenHint: string): Promise<string | undefined> {
    if (!this.discovery.end_session_endpoint) return undefined;
    const request = await this.client.createSignoutRequest({ id_token_hint: idTokenHint, post_logout_redirect_uri: this.iamsConfig.postLogoutRedirectUri });
    return request.url;
  }

  /** What one login adds to the authorization request: a fresh nonce (kept in the state), the language. */
  loginArgs({ returnTo, lang }: LoginArgsOptions) {
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
  async completeSignin(url: string): Promise<IamSmartUser> {
    // The verification code downloads beside the checks and the code exchange (its failure is reported where it is awaited).
    loadVerifier().catch(() => undefined);
    const params = new URL(url).searchParams;
    if (!params.get('state')) throw new IamSmartError('callback_invalid', 'The callback URL has no `state`.');

    let state: SigninState;
    try {
      ({ state } = await this.client.readSigninResponseState(url, false));
    } catch (cause) {
      throw new IamSmartError('state_mismatch', 'The callback\'s `state` matches no login started in this browser tab (expired, already used, or forged).', { cause });
    }
    const stateStore = this.client.settings.stateStore;
    try {
      this.checkResponse(params);
      if (!isLoginStateData(state.data)) throw new IamSmartError('state_mismatch', 'The stored login state is not one this SDK created.');
    } catch (error) {
      await stateStore.remove(state.id);
      throw error;
    }

    let response: SigninResponse;
    try {
      response = await this.client.processSigninResponse(url, {}, true);
    } catch (cause) {
      throw fromTokenExchange(cause);
    }
    if (!response.access_token) throw new IamSmartError('token_endpoint_error', 'The token endpoint returned no access token.');
    if (!response.id_token) throw new IamSmartError('token_endpoint_error', 'The token endpoint returned no ID token.');

    // The configuration carries the expectations' clientId, clock skew, token age and timeout.
    const claims = await verifyIdTokenLater(response.id_token, { ...this.iamsConfig, discovery: this.discovery, nonce: state.data.nonce });
    // The claims are the verified payload, not oidc-client-ts's unverified decoding.
    return toUser(response, claims, state.data);
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
