import type {
  CrossDeviceRequest,
  CrossDeviceSession,
  FormDataRequest,
  FormDataResult,
  FormDataSession,
  IamSmartClaims,
  IamSmartClient,
  IamSmartEventMap,
  IamSmartUser,
  LoginOptions,
  ResolvedIamSmartConfig,
  SignatureRequest,
  SignatureResult,
  SigningSession,
  Unsubscribe,
} from '@iamsmart/sdk';

/**
 * A scripted stand-in for the SDK client, for element tests and stories: each method does what
 * the test tells it and records how it was called. No network, no SDK runtime.
 */
export interface FakeClientScript {
  login?: (options: LoginOptions | undefined) => Promise<IamSmartUser | undefined>;
  isCallback?: boolean;
  handleCallback?: () => Promise<IamSmartUser | null>;
  /** The session each `startCrossDevice()` returns (e.g. a `FakeSession` the test drives). */
  startCrossDevice?: (request: CrossDeviceRequest | undefined) => CrossDeviceSession;
  /** The session each `startSignature()` returns (e.g. a `FakeSigningSession` the test drives). */
  startSignature?: (request: SignatureRequest) => SigningSession;
  /** The session each `startFormData()` returns (e.g. a `FakeFormDataSession` the test drives). */
  startFormData?: (request: FormDataRequest) => FormDataSession;
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
  readonly loginCalls: (LoginOptions | undefined)[] = [];
  handleCallbackCalls = 0;
  readonly crossDeviceCalls: (CrossDeviceRequest | undefined)[] = [];
  readonly signatureCalls: SignatureRequest[] = [];
  readonly formDataCalls: FormDataRequest[] = [];
  readonly #script: FakeClientScript;
  readonly #listeners = new Map<keyof IamSmartEventMap, Set<(payload: never) => void>>();

  constructor(script: FakeClientScript = {}) {
    this.#script = script;
  }

  login(options?: LoginOptions): Promise<IamSmartUser | undefined> {
    this.loginCalls.push(options);
    return this.#script.login?.(options) ?? Promise.resolve(undefined);
  }

  isCallback(): boolean {
    return this.#script.isCallback ?? false;
  }

  handleCallback(): Promise<IamSmartUser | null> {
    this.handleCallbackCalls += 1;
    return this.#script.handleCallback?.() ?? Promise.resolve(null);
  }

  startCrossDevice(request?: CrossDeviceRequest): CrossDeviceSession {
    this.crossDeviceCalls.push(request);
    const start = this.#script.startCrossDevice;
    if (!start) throw new Error('this FakeClient has no startCrossDevice script');
    return start(request);
  }

  startSignature(request: SignatureRequest): SigningSession {
    this.signatureCalls.push(request);
    const start = this.#script.startSignature;
    if (!start) throw new Error('this FakeClient has no startSignature script');
    return start(request);
  }

  requestSignature(request: SignatureRequest): Promise<SignatureResult> {
    return this.startSignature(request).done;
  }

  startFormData(request: FormDataRequest): FormDataSession {
    this.formDataCalls.push(request);
    const start = this.#script.startFormData;
    if (!start) throw new Error('this FakeClient has no startFormData script');
    return start(request);
  }

  requestFormData(request: FormDataRequest): Promise<FormDataResult> {
    return this.startFormData(request).done;
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
