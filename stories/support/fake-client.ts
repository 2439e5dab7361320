import type {
  CrossDeviceRequest,
  CrossDeviceSession,
  EmeField,
  FormDataRequest,
  FormDataResult,
  FormDataSession,
  IamSmartClaims,
  IamSmartClient,
  IamSmartErrorCode,
  IamSmartEventMap,
  IamSmartUser,
  LoginOptions,
  ResolvedIamSmartConfig,
  SignatureRequest,
  SignatureResult,
  SigningDocument,
  SigningSession,
  Unsubscribe,
} from '@iamsmart/sdk';
import {
  FakeCrossDeviceSession,
  FakeFormDataSession,
  FakeSigningSession,
  storybookFormDataResult,
  type FakeFormDataEnding,
  type FakeFormDataSessionOptions,
  STORYBOOK_DOCUMENT,
  type FakeEnding,
  type FakeSigningEnding,
  type FakeSigningSessionOptions,
  type FakeStep,
} from './fake-session.js';
import { CHAN_TAI_MAN, STORYBOOK_ISSUER } from './resident.js';

/** What the fake client's `login()` does: sign a resident in, fail with a code, or never settle (a redirect in progress). */
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
export type FakeSigningOutcome = 'success' | 'pending' | FakeSigningEnding;

/** How a form filling of the fake client goes: scanned, approved and the details read (`success`), left waiting (`pending`), or a failure. */
export type FakeFormDataOutcome = 'success' | 'pending' | FakeFormDataEnding;

export interface FakeClientScript {
  /** Default `success`. */
  outcome?: FakeOutcome;
  /** How long the "app" takes, so the busy state is visible. Default 1200 ms. */
  delayMs?: number;
  /** The resident who logs in. Default: CHAN Tai Man, the sandbox's first test resident. */
  claims?: IamSmartClaims;
  /** How `startCrossDevice()` sessions go. Default `pending`. */
  qrOutcome?: FakeQrOutcome;
  /** How `startSignature()` sessions go. Default `pending`. */
  signingOutcome?: FakeSigningOutcome;
  /** Instead: the state `startSignature()` sessions stay in (no script), for a story of one state. */
  signingState?: Pick<FakeSigningSessionOptions, 'state' | 'ending' | 'hashing' | 'secondsLeft'>;
  /** How `startFormData()` sessions go. Default `pending`. */
  formDataOutcome?: FakeFormDataOutcome;
  /** Instead: the state `startFormData()` sessions stay in (no script), for a story of one state. */
  formDataState?: Pick<FakeFormDataSessionOptions, 'state' | 'ending' | 'secondsLeft'>;
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
function signingScript(outcome: FakeSigningOutcome): FakeStep<FakeSigningEnding>[] {
  const hashed: FakeStep<FakeSigningEnding> = { afterMs: 600, state: 'starting' };
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
function formDataScript(outcome: FakeFormDataOutcome): FakeStep<FakeFormDataEnding>[] {
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
function documentOf({ document, documentName }: SignatureRequest): SigningDocument {
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

  /** Every `login()` call's options, newest last, so a story can show what the button asked for. */
  readonly loginCalls: LoginOptions[] = [];
  /** Every `startCrossDevice()` call's request, newest last. */
  readonly crossDeviceCalls: CrossDeviceRequest[] = [];
  /** Every session `startCrossDevice()` made, newest last. */
  readonly sessions: FakeCrossDeviceSession[] = [];
  /** Every `startSignature()` call's request, newest last. */
  readonly signatureCalls: SignatureRequest[] = [];
  /** Every session `startSignature()` made, newest last. */
  readonly signingSessions: FakeSigningSession[] = [];
  /** Every `startFormData()` call's request, newest last. */
  readonly formDataCalls: FormDataRequest[] = [];

  readonly #script: Required<Omit<FakeClientScript, 'signingState' | 'formDataState'>> & Pick<FakeClientScript, 'signingState' | 'formDataState'>;
  #user: IamSmartUser | null = null;
  readonly #listeners: Listeners = { login: new Set(), signed: new Set(), formData: new Set(), logout: new Set(), error: new Set() };

  constructor(script: FakeClientScript = {}) {
    this.#script = { outcome: 'success', delayMs: 1200, claims: CHAN_TAI_MAN, qrOutcome: 'pending', signingOutcome: 'pending', formDataOutcome: 'pending', leftOut: [], now: () => Date.now(), ...script };
  }

  async login(options: LoginOptions = {}): Promise<IamSmartUser> {
    this.loginCalls.push(options);
    if (options.mode === 'qr') return this.startCrossDevice({ lang: options.lang }).done;
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
  startCrossDevice(request: CrossDeviceRequest = {}): CrossDeviceSession {
    this.crossDeviceCalls.push(request);
    const { qrOutcome, claims, now } = this.#script;
    const session = new FakeCrossDeviceSession({ script: qrScript(qrOutcome), claims, now });
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
   * A scripted signing (see `signingOutcome`), starting as the SDK's does: `starting` while the
   * document is hashed. As the SDK's, it reports its ending on the client too: `signed` when done,
   * `error` when it fails; it never changes the login.
   */
  startSignature(request: SignatureRequest): SigningSession {
    this.signatureCalls.push(request);
    const { signingOutcome, signingState, now } = this.#script;
    const document = documentOf(request);
    const session = new FakeSigningSession(signingState ? { ...signingState, document, now } : { hashing: true, document, script: signingScript(signingOutcome), now });
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

  requestSignature(request: SignatureRequest): Promise<SignatureResult> {
    return this.startSignature(request).done;
  }

  /** A scripted form filling (see `formDataOutcome`); as the SDK's, it reports `formData` or `error` on the client too. */
  startFormData(request: FormDataRequest): FormDataSession {
    this.formDataCalls.push(request);
    const { formDataOutcome, formDataState, leftOut, now } = this.#script;
    const result = storybookFormDataResult(request, leftOut);
    const session = new FakeFormDataSession(formDataState ? { ...formDataState, result, now } : { result, script: formDataScript(formDataOutcome), now });
    session.done.then(
      (outcome) => {
        this.#emit('formData', outcome);
      },
      () => {
        if (session.error) this.#emit('error', session.error);
      },
    );
    return session;
  }

  requestFormData(request: FormDataRequest): Promise<FormDataResult> {
    return this.startFormData(request).done;
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
