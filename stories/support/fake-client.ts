import type {
  QrLoginRequest,
  QrLoginSession,
  EmeField,
  EmeRequest,
  EmeResult,
  EmeSession,
  IamSmartClaims,
  IamSmartClient,
  IamSmartErrorCode,
  IamSmartEventMap,
  IamSmartUser,
  LoginOptions,
  ResolvedIamSmartConfig,
  SignRequest,
  SignResult,
  SignDocument,
  SignSession,
  Unsubscribe,
} from '@iamsmart/sdk';
import {
  FakeQrLoginSession,
  FakeEmeSession,
  FakeSignSession,
  storybookEmeResult,
  type FakeEmeEnding,
  type FakeEmeSessionOptions,
  STORYBOOK_DOCUMENT,
  type FakeEnding,
  type FakeSignEnding,
  type FakeSignSessionOptions,
  type FakeStep,
} from './fake-session.js';
import { CHAN_TAI_MAN, STORYBOOK_ISSUER } from './resident.js';

/** What the fake client's login methods do: sign a resident in, fail with a code, or never settle (a redirect in progress). */
export type FakeOutcome = 'success' | 'pending' | IamSmartErrorCode;

/**
 * How a QR session of the fake client goes: the resident scans and approves (`success`), nobody
 * scans (`pending`: the QR code stays), or it ends in one of the failures.
 */
export type FakeQrOutcome = 'success' | 'pending' | FakeEnding;

/**
 * How a signing of the fake client goes: hashed, scanned, approved and signed (`success`), left
 * waiting for a scan (`pending`), or ending in one of the failures (a signing's own included).
 */
export type FakeSignOutcome = 'success' | 'pending' | FakeSignEnding;

/** How a form filling of the fake client goes: scanned, approved and the details read (`success`), left waiting (`pending`), or a failure. */
export type FakeEmeOutcome = 'success' | 'pending' | FakeEmeEnding;

export interface FakeClientScript {
  /** Default `success`. */
  outcome?: FakeOutcome;
  /** How long the "app" takes, so the busy state is visible. Default 1200 ms. */
  delayMs?: number;
  /** The resident who logs in. Default: CHAN Tai Man, the sandbox's first test resident. */
  claims?: IamSmartClaims;
  /** How `startQrLogin()` sessions go. Default `pending`. */
  qrOutcome?: FakeQrOutcome;
  /** How `startSigning()` sessions go. Default `pending`. */
  signOutcome?: FakeSignOutcome;
  /** Instead: the state `startSigning()` sessions stay in (no script), for a story of one state. */
  signState?: Pick<FakeSignSessionOptions, 'state' | 'ending' | 'hashing' | 'secondsLeft'>;
  /** How `startEme()` sessions go. Default `pending`. */
  emeOutcome?: FakeEmeOutcome;
  /** Instead: the state `startEme()` sessions stay in (no script), for a story of one state. */
  emeState?: Pick<FakeEmeSessionOptions, 'state' | 'ending' | 'secondsLeft'>;
  /** The fields the resident leaves out in the app (optional ones). Default: none. */
  leftOut?: EmeField[];
  /** The clock sessions count their lifetime from. Default `Date.now`. */
  now?: () => number;
}

/**
 * A QR session's script, paced as a person would go (a few seconds to scan and to approve), so a
 * story shows every state on the way.
 */
function qrScript(outcome: FakeQrOutcome): FakeStep[] {
  const shown: FakeStep = { afterMs: 400, state: 'awaiting-scan' };
  const scanned: FakeStep = { afterMs: 3000, state: 'scanned' };
  switch (outcome) {
    case 'pending':
      return [shown];
    case 'success':
      return [shown, scanned, { afterMs: 2000, state: 'approved' }, { afterMs: 400, state: 'done' }];
    case 'declined':
    case 'code_mismatch':
      return [shown, scanned, { afterMs: 2000, state: 'denied', ending: outcome }];
    case 'expired':
      return [shown, { afterMs: 3000, state: 'expired', ending: outcome }];
    case 'network_error':
      return [shown, { afterMs: 2000, state: 'awaiting-scan', reconnecting: true }, { afterMs: 3000, state: 'error', ending: outcome }];
    case 'rate_limited':
      return [{ afterMs: 400, state: 'error', ending: outcome }];
  }
}

/** A signing's script: a moment to hash the document, then as a QR session goes, ending in the signing's own failures where it would. */
function signScript(outcome: FakeSignOutcome): FakeStep<FakeSignEnding>[] {
  const hashed: FakeStep<FakeSignEnding> = { afterMs: 600, state: 'starting' };
  switch (outcome) {
    case 'document_invalid':
    case 'invalid_config':
      return [{ afterMs: 600, state: 'error', ending: outcome }];
    case 'signing_failed':
    case 'signature_invalid':
      return [hashed, ...qrScript('success').slice(0, -1), { afterMs: 800, state: 'error', ending: outcome }];
    default:
      return [hashed, ...qrScript(outcome)];
  }
}

/** A form filling's script: as a QR session goes, or failing once the details are read. */
function emeScript(outcome: FakeEmeOutcome): FakeStep<FakeEmeEnding>[] {
  switch (outcome) {
    case 'invalid_config':
      return [{ afterMs: 400, state: 'error', ending: outcome }];
    case 'form_data_error':
      return [...qrScript('success').slice(0, -1), { afterMs: 800, state: 'error', ending: outcome }];
    default:
      return qrScript(outcome);
  }
}

/** The document a request names: its name and size, with the stories' fixed hash and fingerprint (nothing is really hashed). */
function documentOf({ document, documentName }: SignRequest): SignDocument {
  const size =
    document instanceof Blob ? document.size : typeof document === 'string' ? new TextEncoder().encode(document).byteLength : document?.byteLength;
  return { ...STORYBOOK_DOCUMENT, name: documentName.trim(), size };
}

type Listeners = { [K in keyof IamSmartEventMap]: Set<(payload: IamSmartEventMap[K]) => void> };

/**
 * A scripted stand-in for the SDK client, for stories only: deterministic, no network, no
 * storage. Every login mode completes in the page, as a popup login does (a real redirect would
 * leave the page), so a story shows the whole flow: busy, then `iams-login` or `iams-error`.
 */
export class FakeIamSmartClient implements IamSmartClient {
  readonly config: ResolvedIamSmartConfig = {
    issuer: STORYBOOK_ISSUER,
    clientId: 'storybook',
    redirectUri: `${location.origin}/`,
    popupRedirectUri: `${location.origin}/`,
    postLogoutRedirectUri: `${location.origin}/`,
    scope: 'openid profile',
    lang: 'en',
    storage: 'memory',
    clockSkewSeconds: 60,
    maxIdTokenAgeSeconds: 600,
    requestTimeoutSeconds: 30,
    signingTrustAnchors: ['-----BEGIN CERTIFICATE-----\nU3Rvcnlib29rIHJvb3QgY2VydGlmaWNhdGUgKHNjcmlwdGVkKQ==\n-----END CERTIFICATE-----'],
    signingTrustAnchorsUrl: undefined,
  };

  /** Every login call (its method as `mode`, and its options), newest last, so a story can show what the button asked for. */
  readonly loginCalls: (LoginOptions & { mode: 'redirect' | 'popup' | 'app' })[] = [];
  /** Every `startQrLogin()` call's request, newest last. */
  readonly qrLoginCalls: QrLoginRequest[] = [];
  /** Every session `startQrLogin()` made, newest last. */
  readonly sessions: FakeQrLoginSession[] = [];
  /** Every `startSigning()` call's request, newest last. */
  readonly signCalls: SignRequest[] = [];
  /** Every session `startSigning()` made, newest last. */
  readonly signingSessions: FakeSignSession[] = [];
  /** Every `startEme()` call's request, newest last. */
  readonly emeCalls: EmeRequest[] = [];

  readonly #script: Required<Omit<FakeClientScript, 'signState' | 'emeState'>> & Pick<FakeClientScript, 'signState' | 'emeState'>;
  #user: IamSmartUser | null = null;
  readonly #listeners: Listeners = { login: new Set(), signed: new Set(), emeData: new Set(), logout: new Set(), error: new Set() };

  constructor(script: FakeClientScript = {}) {
    this.#script = { outcome: 'success', delayMs: 1200, claims: CHAN_TAI_MAN, qrOutcome: 'pending', signOutcome: 'pending', emeOutcome: 'pending', leftOut: [], now: () => Date.now(), ...script };
  }

  /** A redirect as far as the page sees it: a scripted failure shows, a success leaves the button busy (the page would be leaving). */
  async loginWithRedirect(options: LoginOptions = {}): Promise<void> {
    this.loginCalls.push({ mode: 'redirect', ...options });
    await this.#scriptedLogin();
  }

  async loginWithApp(options: LoginOptions = {}): Promise<void> {
    this.loginCalls.push({ mode: 'app', ...options });
    await this.#scriptedLogin();
  }

  async loginWithPopup(options: LoginOptions = {}): Promise<IamSmartUser> {
    this.loginCalls.push({ mode: 'popup', ...options });
    return this.#scriptedLogin();
  }

  async #scriptedLogin(): Promise<IamSmartUser> {
    const { outcome, delayMs, claims } = this.#script;
    if (outcome === 'pending') return new Promise<never>(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (outcome !== 'success') {
      // Loaded on demand, as <iams-provider> loads the SDK: the button itself never needs it.
      const { IamSmartError } = await import('@iamsmart/sdk');
      const error = new IamSmartError(outcome, `Scripted failure in Storybook's fake client: ${outcome}`);
      this.#emit('error', error);
      throw error;
    }
    const user: IamSmartUser = {
      claims,
      idToken: 'storybook-fake-id-token',
      accessToken: 'storybook-fake-access-token',
      tokenType: 'Bearer',
      scope: this.config.scope,
      expiresAt: undefined,
    };
    this.#user = user;
    this.#emit('login', user);
    return user;
  }

  /**
   * A scripted session (see `qrOutcome`). As the SDK's, it reports its ending on the client too:
   * `login` when done, `error` when it fails.
   */
  startQrLogin(request: QrLoginRequest = {}): QrLoginSession {
    this.qrLoginCalls.push(request);
    const { qrOutcome, claims, now } = this.#script;
    const session = new FakeQrLoginSession({ script: qrScript(qrOutcome), claims, now });
    this.sessions.push(session);
    session.done.then(
      (user) => {
        this.#user = user;
        this.#emit('login', user);
      },
      () => {
        // Denied, expired and failed sessions carry their error; a cancelled one was the page's doing.
        if (session.error) this.#emit('error', session.error);
      },
    );
    return session;
  }

  /**
   * A scripted signing (see `signOutcome`), starting as the SDK's does: `starting` while the
   * document is hashed. As the SDK's, it reports its ending on the client too: `signed` when done,
   * `error` when it fails; it never changes the login.
   */
  startSigning(request: SignRequest): SignSession {
    this.signCalls.push(request);
    const { signOutcome, signState, now } = this.#script;
    const document = documentOf(request);
    const session = new FakeSignSession(signState ? { ...signState, document, now } : { hashing: true, document, script: signScript(signOutcome), now });
    this.signingSessions.push(session);
    session.done.then(
      (result) => {
        this.#emit('signed', result);
      },
      () => {
        if (session.error) this.#emit('error', session.error);
      },
    );
    return session;
  }

  sign(request: SignRequest): Promise<SignResult> {
    return this.startSigning(request).done;
  }

  /** A scripted form filling (see `emeOutcome`); as the SDK's, it reports `emeData` or `error` on the client too. */
  startEme(request: EmeRequest): EmeSession {
    this.emeCalls.push(request);
    const { emeOutcome, emeState, leftOut, now } = this.#script;
    const result = storybookEmeResult(request, leftOut);
    const session = new FakeEmeSession(emeState ? { ...emeState, result, now } : { result, script: emeScript(emeOutcome), now });
    session.done.then(
      (outcome) => {
        this.#emit('emeData', outcome);
      },
      () => {
        if (session.error) this.#emit('error', session.error);
      },
    );
    return session;
  }

  requestEme(request: EmeRequest): Promise<EmeResult> {
    return this.startEme(request).done;
  }

  isCallback(): boolean {
    return false;
  }

  handleCallback(): Promise<IamSmartUser | null> {
    return Promise.resolve(null);
  }

  getUser(): Promise<IamSmartUser | null> {
    return Promise.resolve(this.#user);
  }

  logout(): Promise<void> {
    this.#user = null;
    this.#emit('logout', undefined);
    return Promise.resolve();
  }

  on<K extends keyof IamSmartEventMap>(event: K, callback: (payload: IamSmartEventMap[K]) => void): Unsubscribe {
    const listeners = this.#listeners[event] as Set<typeof callback>;
    listeners.add(callback);
    return () => listeners.delete(callback);
  }

  #emit<K extends keyof IamSmartEventMap>(event: K, payload: IamSmartEventMap[K]): void {
    for (const callback of this.#listeners[event] as Set<(payload: IamSmartEventMap[K]) => void>) callback(payload);
  }
}
