import type {
  EmeField,
  EmeRequest,
  EmeResult,
  EmeSession,
  IamSmartClaims,
  IamSmartClient,
  IamSmartErrorCode,
  IamSmartEventMap,
  IamSmartLang,
  IamSmartUser,
  LoginOptions,
  NotificationSettings,
  NotifyConsent,
  NotifyRequest,
  NotifySession,
  QrLoginRequest,
  QrLoginSession,
  ResolvedIamSmartConfig,
  SignDocument,
  SignRequest,
  SignResult,
  SignSession,
  Unsubscribe,
} from '@iamsmart/sdk';
import {
  FAKE_DOCUMENT,
  FakeEmeSession,
  FakeNotifySession,
  FakeQrLoginSession,
  FakeSignSession,
  type FakeEmeEnding,
  type FakeEmeSessionOptions,
  type FakeEnding,
  type FakeNotifyEnding,
  type FakeNotifySessionOptions,
  type FakeSignEnding,
  type FakeSignSessionOptions,
  type FakeStep,
} from './fake-session.js';
import { CHAN_TAI_MAN, FAKE_ISSUER, emeResultFor, fakeUser } from './resident.js';

/** One login call as the fake records it: which method (`mode`) and its options. */
export type FakeLoginCall = LoginOptions & { mode: 'redirect' | 'popup' | 'app' };

/** What the fake client's login methods do: sign a resident in, fail with a code, or never settle. */
export type FakeOutcome = 'success' | 'pending' | IamSmartErrorCode;

/** How a QR session the client scripts goes: the resident scans and approves (`success`), nobody scans (`pending`), or one of the failures. */
export type FakeQrOutcome = 'success' | 'pending' | FakeEnding;

/** How a signing the client scripts goes: hashed, scanned, approved and signed (`success`), left waiting (`pending`), or a failure (a signing's own included). */
export type FakeSignOutcome = 'success' | 'pending' | FakeSignEnding;

/** How a form filling the client scripts goes: scanned, approved and the details read (`success`), left waiting (`pending`), or a failure. */
export type FakeEmeOutcome = 'success' | 'pending' | FakeEmeEnding;

/** How a consent to notifications the client scripts goes: approved in the app (`success`), left waiting (`pending`), or a failure. */
export type FakeNotifyOutcome = 'success' | 'pending' | FakeNotifyEnding;

/** The topics the fake website declares (as the demo library's and the SDK's fake backend), named in each language. */
export const FAKE_NOTIFY_TOPICS = [
  { id: 'reservation-ready', name: { en: 'Reservation ready', 'zh-HK': '預約館藏可取', 'zh-CN': '预约馆藏可取' } },
  { id: 'opening-hours', name: { en: 'Changes to opening hours', 'zh-HK': '開放時間變更', 'zh-CN': '开放时间变更' } },
] as const;

/**
 * What the fake client does. A test hands it functions and drives what they return; a story
 * names outcomes and the client plays them, paced as a person would go.
 */
export interface FakeClientScript {
  /** What every login method does (a test's own); `loginWithRedirect`/`loginWithApp` ignore the user it resolves with. Default: as `outcome` says. */
  login?: (call: FakeLoginCall) => Promise<IamSmartUser | undefined>;
  /** Without `login`: how a login goes. Default `success`. */
  outcome?: FakeOutcome;
  /** Without `login`: how long the "app" takes, so the busy state is visible. Default 0 ms. */
  delayMs?: number;
  /** The resident who logs in. Default: CHAN Tai Man, the sandbox's first test resident. */
  claims?: IamSmartClaims;
  isCallback?: boolean;
  handleCallback?: () => Promise<IamSmartUser | null>;
  /** The session each `startQrLogin()` returns (e.g. a `FakeQrLoginSession` the test drives). Default: one the client scripts (`qrOutcome`). */
  startQrLogin?: (request: QrLoginRequest | undefined) => QrLoginSession;
  /** Without `startQrLogin`: how its sessions go. Default `pending`. */
  qrOutcome?: FakeQrOutcome;
  /** The session each `startSigning()` returns (e.g. a `FakeSignSession` the test drives). Default: one the client scripts (`signOutcome`). */
  startSigning?: (request: SignRequest) => SignSession;
  /** Without `startSigning`: how its sessions go. Default `pending`. */
  signOutcome?: FakeSignOutcome;
  /** Instead: the state `startSigning()` sessions stay in (no script), for a story of one state. */
  signState?: Pick<FakeSignSessionOptions, 'state' | 'ending' | 'hashing' | 'secondsLeft'>;
  /** The session each `startEme()` returns (e.g. a `FakeEmeSession` the test drives). Default: one the client scripts (`emeOutcome`). */
  startEme?: (request: EmeRequest) => EmeSession;
  /** Without `startEme`: how its sessions go. Default `pending`. */
  emeOutcome?: FakeEmeOutcome;
  /** Instead: the state `startEme()` sessions stay in (no script), for a story of one state. */
  emeState?: Pick<FakeEmeSessionOptions, 'state' | 'ending' | 'secondsLeft'>;
  /** The fields the resident leaves out in the app (optional ones). Default: none. */
  leftOut?: EmeField[];
  /** Plays a backend-mode client (`mode: 'backend'`): the elements tell the modes apart by `mode` only. Default: OpenID Connect mode. */
  backend?: boolean;
  /** What `notifications()` answers (a test's own). Default: FAKE_NOTIFY_TOPICS and the consent the client holds; OpenID Connect mode: `invalid_config`. */
  notifications?: (options: { lang?: IamSmartLang } | undefined) => Promise<NotificationSettings>;
  /** The topics consented at first. Default: none. */
  consented?: string[];
  /** The session each `startNotify()` returns (a test's own). Default: one the client scripts (`notifyOutcome`). */
  startNotify?: (request: NotifyRequest) => NotifySession;
  /** Without `startNotify`: how its sessions go. Default `pending`. */
  notifyOutcome?: FakeNotifyOutcome;
  /** Instead: the state `startNotify()` sessions stay in (no script), for a story of one state. */
  notifyState?: Pick<FakeNotifySessionOptions, 'state' | 'ending' | 'secondsLeft' | 'channel'>;
  /** What `stopNotifications()` does (a test's own). Default: the topics leave the consent the client holds. */
  stopNotifications?: (topics: string[] | undefined) => Promise<NotifyConsent>;
  /** The clock the client's own sessions count their lifetime from. Default `Date.now`. */
  now?: () => number;
}

/** A QR session's script, paced as a person would go (a few seconds to scan and to approve), so a story shows every state on the way. */
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
    case 'scanned_elsewhere':
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

/** A consent request's script: refused before it starts, or as a QR session goes without the scan (a request waits in the app). */
function notifyScript(outcome: FakeNotifyOutcome): FakeStep<FakeNotifyEnding>[] {
  if (outcome === 'invalid_config' || outcome === 'login_required') return [{ afterMs: 400, state: 'error', ending: outcome }];
  return qrScript(outcome).filter((step) => step.state !== 'scanned');
}

/** The document a request names: its name and size, with the fixed hash and fingerprint (nothing is really hashed). */
function documentOf({ document, documentName }: SignRequest): SignDocument {
  const size =
    document instanceof Blob ? document.size : typeof document === 'string' ? new TextEncoder().encode(document).byteLength : document?.byteLength;
  return { ...FAKE_DOCUMENT, name: documentName.trim(), size };
}

/**
 * A scripted stand-in for the SDK client, for element tests and stories: deterministic, no
 * network, no storage; it records how each method was called. Every login mode completes in the
 * page (a real redirect would leave it), so a story shows the whole flow. The sessions it scripts
 * itself report their ending on the client too, as the SDK's do (`login`, `signed`, `emeData`,
 * `error`); sessions a test hands it do not.
 */
export class FakeClient implements IamSmartClient {
  /** `oidc`, or `backend` when the script says so (typed as the OpenID Connect client's: only the elements' branches read it). */
  readonly mode: 'oidc';

  readonly config: ResolvedIamSmartConfig = {
    issuer: FAKE_ISSUER,
    clientId: 'fake-client',
    redirectUri: `${location.origin}/`,
    popupRedirectUri: `${location.origin}/`,
    postLogoutRedirectUri: `${location.origin}/`,
    scope: 'openid profile',
    lang: 'en',
    storage: 'memory',
    clockSkewSeconds: 60,
    maxIdTokenAgeSeconds: 600,
    requestTimeoutSeconds: 10,
    signingTrustAnchors: ['-----BEGIN CERTIFICATE-----\nRmFrZSByb290IGNlcnRpZmljYXRlIChzY3JpcHRlZCk=\n-----END CERTIFICATE-----'],
    signingTrustAnchorsUrl: undefined,
  };
  /** Every login call (its method as `mode`, and its options), newest last. */
  readonly loginCalls: FakeLoginCall[] = [];
  handleCallbackCalls = 0;
  /** Every `startQrLogin()` call's request, newest last. */
  readonly qrLoginCalls: (QrLoginRequest | undefined)[] = [];
  /** Every session the client scripted for `startQrLogin()`, newest last. */
  readonly sessions: FakeQrLoginSession[] = [];
  /** How many times `prepareQrLogin()` was called. */
  prepareQrLoginCalls = 0;
  /** Every `startSigning()` call's request, newest last. */
  readonly signCalls: SignRequest[] = [];
  /** Every session the client scripted for `startSigning()`, newest last. */
  readonly signingSessions: FakeSignSession[] = [];
  /** Every `startEme()` call's request, newest last. */
  readonly emeCalls: EmeRequest[] = [];
  /** Every `notifications()` call's options, newest last. */
  readonly notificationsCalls: ({ lang?: IamSmartLang } | undefined)[] = [];
  /** Every `startNotify()` call's request, newest last. */
  readonly notifyCalls: NotifyRequest[] = [];
  /** Every `stopNotifications()` call's topics, newest last. */
  readonly stopCalls: (string[] | undefined)[] = [];
  /** The topics the resident gets updates about, as the scripted backend holds them. */
  consented: string[];
  readonly #script: FakeClientScript;
  #user: IamSmartUser | null = null;
  readonly #listeners = new Map<keyof IamSmartEventMap, Set<(payload: never) => void>>();

  constructor(script: FakeClientScript = {}) {
    this.#script = script;
    this.mode = (script.backend ? 'backend' : 'oidc') as 'oidc';
    this.consented = [...(script.consented ?? [])];
  }

  async loginWithRedirect(options: LoginOptions = {}): Promise<void> {
    await this.#login({ mode: 'redirect', ...options });
  }

  async loginWithApp(options: LoginOptions = {}): Promise<void> {
    await this.#login({ mode: 'app', ...options });
  }

  async loginWithPopup(options: LoginOptions = {}): Promise<IamSmartUser> {
    return (await this.#login({ mode: 'popup', ...options })) ?? fakeUser(this.#script.claims);
  }

  #login(call: FakeLoginCall): Promise<IamSmartUser | undefined> {
    this.loginCalls.push(call);
    return this.#script.login?.(call) ?? this.#scriptedLogin();
  }

  async #scriptedLogin(): Promise<IamSmartUser> {
    const { outcome = 'success', delayMs = 0, claims = CHAN_TAI_MAN } = this.#script;
    if (outcome === 'pending') return new Promise<never>(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (outcome !== 'success') throw await this.#failure(outcome);
    const user = fakeUser(claims);
    this.#user = user;
    this.emit('login', user);
    return user;
  }

  isCallback(): boolean {
    return this.#script.isCallback ?? false;
  }

  handleCallback(): Promise<IamSmartUser | null> {
    this.handleCallbackCalls += 1;
    return this.#script.handleCallback?.() ?? Promise.resolve(null);
  }

  startQrLogin(request?: QrLoginRequest): QrLoginSession {
    this.qrLoginCalls.push(request);
    if (this.#script.startQrLogin) return this.#script.startQrLogin(request);
    const { qrOutcome = 'pending', claims, now = () => Date.now() } = this.#script;
    const session = new FakeQrLoginSession({ script: qrScript(qrOutcome), claims, now, refreshMs: 300 });
    this.sessions.push(session);
    this.#report(session, (user) => {
      this.#user = user;
      this.emit('login', user);
    });
    return session;
  }

  prepareQrLogin(): Promise<void> {
    this.prepareQrLoginCalls += 1;
    return Promise.resolve();
  }

  startSigning(request: SignRequest): SignSession {
    this.signCalls.push(request);
    if (this.#script.startSigning) return this.#script.startSigning(request);
    const { signOutcome = 'pending', signState, now = () => Date.now() } = this.#script;
    const document = documentOf(request);
    const session = new FakeSignSession(
      signState ? { ...signState, document, now, refreshMs: 300 } : { hashing: true, document, script: signScript(signOutcome), now, refreshMs: 300 },
    );
    this.signingSessions.push(session);
    this.#report(session, (result) => {
      this.emit('signed', result);
    });
    return session;
  }

  sign(request: SignRequest): Promise<SignResult> {
    return this.startSigning(request).done;
  }

  startEme(request: EmeRequest): EmeSession {
    this.emeCalls.push(request);
    if (this.#script.startEme) return this.#script.startEme(request);
    const { emeOutcome = 'pending', emeState, leftOut = [], now = () => Date.now() } = this.#script;
    const result = emeResultFor(request, leftOut);
    const session = new FakeEmeSession(emeState ? { ...emeState, result, now, refreshMs: 300 } : { result, script: emeScript(emeOutcome), now, refreshMs: 300 });
    this.#report(session, (outcome) => {
      this.emit('emeData', outcome);
    });
    return session;
  }

  requestEme(request: EmeRequest): Promise<EmeResult> {
    return this.startEme(request).done;
  }

  async notifications(options?: { lang?: IamSmartLang }): Promise<NotificationSettings> {
    this.notificationsCalls.push(options);
    if (this.#script.notifications) return this.#script.notifications(options);
    if (!this.#script.backend) throw await this.#failure('invalid_config');
    const lang = options?.lang ?? 'en';
    return { topics: FAKE_NOTIFY_TOPICS.map(({ id, name }) => ({ id, name: name[lang] })), consented: [...this.consented] };
  }

  startNotify(request: NotifyRequest): NotifySession {
    this.notifyCalls.push(request);
    if (this.#script.startNotify) return this.#script.startNotify(request);
    const { notifyOutcome = 'pending', notifyState, now = () => Date.now() } = this.#script;
    const result = { consented: [...new Set([...this.consented, ...request.topics])] };
    const options = { channel: 'app' as const, noCode: true, result, now, refreshMs: 300 };
    const session = new FakeNotifySession(
      !this.#script.backend ? { ...options, script: notifyScript('invalid_config') } : notifyState ? { ...options, ...notifyState } : { ...options, script: notifyScript(notifyOutcome) },
    );
    this.#report(session, (consent) => {
      this.consented = consent.consented;
      this.emit('notifyConsent', consent);
    });
    return session;
  }

  async stopNotifications(topics?: string[]): Promise<NotifyConsent> {
    this.stopCalls.push(topics);
    if (this.#script.stopNotifications) return this.#script.stopNotifications(topics);
    if (!this.#script.backend) throw await this.#failure('invalid_config');
    this.consented = topics ? this.consented.filter((id) => !topics.includes(id)) : [];
    const consent = { consented: [...this.consented] };
    this.emit('notifyConsent', consent);
    return consent;
  }

  getUser(): Promise<IamSmartUser | null> {
    return Promise.resolve(this.#user);
  }

  logout(): Promise<void> {
    this.#user = null;
    this.emit('logout', undefined);
    return Promise.resolve();
  }

  on<K extends keyof IamSmartEventMap>(event: K, callback: (payload: IamSmartEventMap[K]) => void): Unsubscribe {
    const listeners = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, listeners);
    listeners.add(callback);
    return () => listeners.delete(callback);
  }

  emit<K extends keyof IamSmartEventMap>(event: K, payload: IamSmartEventMap[K]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (payload: IamSmartEventMap[K]) => void)(payload);
  }

  listenerCount(event: keyof IamSmartEventMap): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** A scripted failure, emitted as the SDK's are. */
  async #failure(code: IamSmartErrorCode): Promise<Error> {
    // Loaded on demand, as <iams-provider> loads the SDK: the button itself never needs it.
    const { IamSmartError } = await import('@iamsmart/sdk');
    const error = new IamSmartError(code, `Scripted failure in the fake client: ${code}`);
    this.emit('error', error);
    return error;
  }

  /** As the SDK's sessions do: the ending on the client too (a cancelled session was the page's doing). */
  #report<Outcome>(session: { done: Promise<Outcome>; state: string; error?: IamSmartEventMap['error'] }, done: (outcome: Outcome) => void): void {
    session.done.then(done, () => {
      if (session.error && session.state !== 'cancelled') this.emit('error', session.error);
    });
  }
}

/** A promise the test settles when it wants, to hold the element in its busy state. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
