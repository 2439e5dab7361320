import type {
  QrLoginRequest,
  QrLoginSession,
  EmeRequest,
  EmeResult,
  EmeSession,
  IamSmartClaims,
  IamSmartClient,
  IamSmartEventMap,
  IamSmartUser,
  LoginOptions,
  ResolvedIamSmartConfig,
  SignRequest,
  SignResult,
  SignSession,
  Unsubscribe,
} from '@iamsmart/sdk';

/**
 * A scripted stand-in for the SDK client, for element tests and stories: each method does what
 * the test tells it and records how it was called. No network, no SDK runtime.
 */
/** One login call as the fake records it: which method (`mode`) and its options. */
export type FakeLoginCall = LoginOptions & { mode: 'redirect' | 'popup' | 'app' };

export interface FakeClientScript {
  /** What every login method does; `loginWithRedirect`/`loginWithApp` ignore the user it resolves with. */
  login?: (call: FakeLoginCall) => Promise<IamSmartUser | undefined>;
  isCallback?: boolean;
  handleCallback?: () => Promise<IamSmartUser | null>;
  /** The session each `startQrLogin()` returns (e.g. a `FakeSession` the test drives). */
  startQrLogin?: (request: QrLoginRequest | undefined) => QrLoginSession;
  /** The session each `startSigning()` returns (e.g. a `FakeSignSession` the test drives). */
  startSigning?: (request: SignRequest) => SignSession;
  /** The session each `startEme()` returns (e.g. a `FakeEmeSession` the test drives). */
  startEme?: (request: EmeRequest) => EmeSession;
}

export function fakeUser(claims: Partial<IamSmartClaims> = {}): IamSmartUser {
  return {
    claims: { sub: 'pairwise-sub-1', iss: 'https://fake-issuer.test', aud: 'fake-client', name: 'CHAN Tai Man', chName: { lastName: '陳', firstName: '大文' }, ...claims },
    idToken: 'header.payload.signature',
    accessToken: 'access-token',
    tokenType: 'Bearer',
    scope: 'openid profile',
    expiresAt: undefined,
  };
}

export class FakeClient implements IamSmartClient {
  readonly config: ResolvedIamSmartConfig = {
    issuer: 'https://fake-issuer.test',
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
    signingTrustAnchors: undefined,
    signingTrustAnchorsUrl: undefined,
  };
  readonly loginCalls: FakeLoginCall[] = [];
  handleCallbackCalls = 0;
  readonly qrLoginCalls: (QrLoginRequest | undefined)[] = [];
  readonly signCalls: SignRequest[] = [];
  readonly emeCalls: EmeRequest[] = [];
  readonly #script: FakeClientScript;
  readonly #listeners = new Map<keyof IamSmartEventMap, Set<(payload: never) => void>>();

  constructor(script: FakeClientScript = {}) {
    this.#script = script;
  }

  #login(call: FakeLoginCall): Promise<IamSmartUser | undefined> {
    this.loginCalls.push(call);
    return this.#script.login?.(call) ?? Promise.resolve(undefined);
  }

  async loginWithRedirect(options: LoginOptions = {}): Promise<void> {
    await this.#login({ mode: 'redirect', ...options });
  }

  async loginWithApp(options: LoginOptions = {}): Promise<void> {
    await this.#login({ mode: 'app', ...options });
  }

  async loginWithPopup(options: LoginOptions = {}): Promise<IamSmartUser> {
    return (await this.#login({ mode: 'popup', ...options })) ?? fakeUser();
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
    const start = this.#script.startQrLogin;
    if (!start) throw new Error('this FakeClient has no startQrLogin script');
    return start(request);
  }

  startSigning(request: SignRequest): SignSession {
    this.signCalls.push(request);
    const start = this.#script.startSigning;
    if (!start) throw new Error('this FakeClient has no startSigning script');
    return start(request);
  }

  sign(request: SignRequest): Promise<SignResult> {
    return this.startSigning(request).done;
  }

  startEme(request: EmeRequest): EmeSession {
    this.emeCalls.push(request);
    const start = this.#script.startEme;
    if (!start) throw new Error('this FakeClient has no startEme script');
    return start(request);
  }

  requestEme(request: EmeRequest): Promise<EmeResult> {
    return this.startEme(request).done;
  }

  getUser(): Promise<IamSmartUser | null> {
    return Promise.resolve(null);
  }

  logout(): Promise<void> {
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
