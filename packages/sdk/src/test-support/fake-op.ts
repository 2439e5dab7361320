// Browser-side helpers for the SDK tests: register a scenario with the fake provider served by
// packages/sdk/test/fake-provider-plugin.js and walk a login through it over real HTTP.
import { createClientWith } from '../client.js';
import type { EmeField } from '@iamsmart/protocol';
import type { IamSmartClient } from '../client.js';
import type { IamSmartConfig } from '../config/types.js';
import type { LoginOptions } from '../login/types.js';

export const CLIENT_ID = 'test-client';

/** The test page itself is the redirect target, so handleCallback() can work on the real address bar. */
export function pageRedirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

export function popupRedirectUri(scenarioId: string): string {
  return `${location.origin}/fake-op/popup-callback/${scenarioId}`;
}

export interface ScenarioOptions {
  /** 'status-500-once': HTTP 500 to the first discovery request, then 'ok'. */
  discovery?: 'ok' | 'garbage' | 'wrong-issuer' | 'no-token-endpoint' | 'status-500' | 'status-500-once' | 'hang';
  advertiseIss?: boolean;
  issParam?: 'correct' | 'omit' | 'wrong';
  authorize?: 'ok' | 'access_denied' | 'server_error' | 'hang';
  token?: 'ok' | 'status-500' | 'garbage' | 'bad-json' | 'no-id-token';
  signing?: 'rs256' | 'bad-sig' | 'none' | 'hs256';
  /** The ID token's algorithm; ES256 also publishes an ES256 key and advertises ES256, as the sandbox does. */
  alg?: 'RS256' | 'ES256';
  kid?: 'present' | 'absent';
  /** 'several': the JWKS publishes a second RS256 key beside the signing one. */
  jwks?: 'primary' | 'rotate-after-first' | 'several';
  /** 'unknown': the JOSE header marks an extension nobody knows as critical (RFC 7515 §4.1.11). */
  crit?: 'none' | 'unknown';
  nonce?: 'echo' | 'wrong' | 'omit';
  claims?: Record<string, unknown>;
  expIn?: number;
  iatOffset?: number;
  appLink?: boolean;
  revocation?: boolean;
  endSession?: boolean;
  device?: DeviceOptions;
  csc?: CscOptions;
  eme?: EmeOptions;
}

/** The fake provider's e-ME side (see fake-provider-plugin.js). */
export interface EmeOptions {
  /** The fields the resident approves; default every requested one. */
  consent?: EmeField[];
  /** Changes to the resident's e-ME values (the sandbox's first resident); null deletes one. */
  values?: Record<string, unknown>;
  /** More top-level claims in the userinfo answer. */
  extra?: Record<string, unknown>;
  /** Answer every field the resident has, consented or not. */
  leak?: boolean;
  sub?: 'same' | 'other';
  userinfo?: 'ok' | 'hang' | 'drop' | 'status-500' | 'garbage' | 'array';
}

export type CscBehaviour = 'ok' | 'hang' | 'drop' | 'status-500' | 'garbage';

/** The fake provider's signing service (see fake-provider-plugin.js). */
export interface CscOptions {
  credentialID?: string | null;
  grant?: 'as-requested' | 'other-hash';
  token?: 'ok' | 'expire-after-info';
  credential?: 'trusted' | 'other-ca' | 'other-resident';
  info?: CscBehaviour;
  signHash?: CscBehaviour | 'tampered';
}

export type DeviceTokenAnswer = 'authorization_pending' | 'slow_down' | 'access_denied' | 'expired_token' | 'status-500' | 'garbage' | 'drop' | 'ok';

/** The fake provider's cross-device side (see fake-provider-plugin.js). */
export interface DeviceOptions {
  stream?: boolean;
  qr?: boolean;
  expiresIn?: number;
  interval?: number | null;
  authorization?: 'ok' | 'rate-limited' | 'garbage' | 'status-500' | 'invalid_client' | 'too-long';
  streamAnswer?: 'ok' | 'garbage' | 'wrong-type' | 'not-found';
  tokens?: DeviceTokenAnswer[];
}

export type ControlCommand = { action: 'state'; state: 'scanned' | 'approved' | 'denied' | 'expired'; reason?: 'declined' | 'code_mismatch' | 'scanned_elsewhere' | 'stale' } | { action: 'drop' | 'garbage' | 'end' };

export interface Scenario {
  id: string;
  issuer: string;
  /** The signing test CA's root (PEM), with the `csc` option. */
  signingRootPem?: string;
}

/** Same origin as the test page: the signing test CA's root, and a file without a certificate. */
export const SIGNING_ROOT_URL = '/fake-op/signing-root.pem';
export const NO_CERTIFICATE_URL = '/fake-op/no-certificate.pem';

export interface ProviderLog {
  /** Every route the page called, e.g. `GET /.well-known/openid-configuration`. */
  requests: string[];
  authorizeRequests: Record<string, string>[];
  tokenRequests: number;
  revoked: string[];
  deviceAuthorizations: { form: Record<string, string>; response?: Record<string, unknown> }[];
  /** When each device-code token request arrived (ms since the epoch). */
  deviceTokenRequests: number[];
  streamRequests: number;
  openStreams: number;
  /** Access tokens the token endpoint issued. */
  accessTokens: string[];
  cscRequests: { operation: string; authorization: string | null; contentType: string | null; body: Record<string, unknown> | undefined }[];
  /** CSC requests left unanswered ('hang') whose connection the page closed. */
  cscClosedUnanswered: number;
  /** `url` is the request's path and query as it arrived; `body` what it sent. */
  userinfoRequests: { method: string; authorization: string | null; url: string; body: string }[];
  /** userinfo requests left unanswered ('hang') whose connection the page closed. */
  userinfoClosedUnanswered: number;
}

export async function registerScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  // The provider also registers its popup-callback page for this scenario (see popupRedirectUri).
  const response = await fetch('/fake-op/scenario', {
    method: 'POST',
    body: JSON.stringify({ clientId: CLIENT_ID, redirectUris: [pageRedirectUri()], ...options }),
  });
  return (await response.json()) as Scenario;
}

export async function providerLog(scenario: Scenario): Promise<ProviderLog> {
  return (await (await fetch(`${scenario.issuer}/log`)).json()) as ProviderLog;
}

/** Scripts the fake provider's current cross-device session, as the resident's phone would. */
export async function control(scenario: Scenario, command: ControlCommand): Promise<void> {
  // text/plain: a simple request, no preflight.
  const response = await fetch(`${scenario.issuer}/control`, { method: 'POST', body: JSON.stringify(command), headers: { 'Content-Type': 'text/plain' } });
  if (!response.ok) throw new Error(`control ${command.action}: HTTP ${response.status}`);
}

/** Waits until `condition` holds, checking every 20 ms; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A client whose navigations are recorded instead of leaving the test page. */
export function recordingClient(config: Partial<IamSmartConfig> & { issuer: string }, sessionIntervalScale?: number): { client: IamSmartClient; navigations: string[]; nextNavigation: () => Promise<string> } {
  const navigations: string[] = [];
  let waiting: ((url: string) => void) | undefined;
  const client = createClientWith(
    { clientId: CLIENT_ID, ...config },
    {
      navigate(url) {
        navigations.push(url);
        waiting?.(url);
      },
      ...(sessionIntervalScale === undefined ? {} : { sessionIntervalScale }),
    },
  );
  const nextNavigation = () =>
    new Promise<string>((resolve) => {
      waiting = resolve;
    });
  return { client, navigations, nextNavigation };
}

/**
 * Starts a login through the client (state, nonce and PKCE verifier go to sessionStorage as in a
 * real login) and returns the authorization URL it would navigate to. Rejects with the client's
 * error when loginWithRedirect() (or loginWithApp()) fails before navigating.
 */
export async function startLogin(client: IamSmartClient, nextNavigation: () => Promise<string>, options: LoginOptions & { viaApp?: boolean } = {}): Promise<string> {
  const navigated = nextNavigation();
  const { viaApp = false, ...loginOptions } = options;
  const started = viaApp ? client.loginWithApp(loginOptions) : client.loginWithRedirect(loginOptions);
  const failed = started.then(() => new Promise<never>(() => undefined));
  return Promise.race([navigated, failed]);
}

/** Asks the fake provider where it would redirect the browser (its `Accept: application/json` mode). */
export async function authorize(authorizationUrl: string): Promise<string> {
  const response = await fetch(authorizationUrl, { headers: { Accept: 'application/json' } });
  const { location: callbackUrl } = (await response.json()) as { location: string };
  return callbackUrl;
}

/** The whole round trip up to the callback URL. */
export async function callbackFor(client: IamSmartClient, nextNavigation: () => Promise<string>): Promise<string> {
  return authorize(await startLogin(client, nextNavigation));
}
