import type {
  IamSmartClaims,
  IamSmartClient,
  IamSmartErrorCode,
  IamSmartEventMap,
  IamSmartUser,
  LoginOptions,
  ResolvedIamSmartConfig,
  Unsubscribe,
} from '@iamsmart/sdk';

/** What the fake client's `login()` does: sign a resident in, fail with a code, or never settle (a redirect in progress). */
export type FakeOutcome = 'success' | 'pending' | IamSmartErrorCode;

export interface FakeClientScript {
  /** Default `success`. */
  outcome?: FakeOutcome;
  /** How long the "app" takes, so the busy state is visible. Default 1200 ms. */
  delayMs?: number;
  /** The resident who logs in. Default: CHAN Tai Man, the sandbox's first test resident. */
  claims?: IamSmartClaims;
}

const ISSUER = 'http://localhost:8787';

/** Claims shaped like the sandbox's ID token for scope `openid profile`. */
export const CHAN_TAI_MAN: IamSmartClaims = {
  sub: 'storybook-pairwise-0001',
  iss: ISSUER,
  aud: 'storybook',
  name: 'CHAN Tai Man',
  enName: { lastName: 'CHAN', firstName: 'Tai Man' },
  chName: { lastName: '陳', firstName: '大文' },
  locale: 'en',
};

type Listeners = { [K in keyof IamSmartEventMap]: Set<(payload: IamSmartEventMap[K]) => void> };

/**
 * A scripted stand-in for the SDK client, for stories only: deterministic, no network, no
 * storage. Every login mode completes in the page, as a popup login does (a real redirect would
 * leave the page), so a story shows the whole flow: busy, then `iams-login` or `iams-error`.
 */
export class FakeIamSmartClient implements IamSmartClient {
  readonly config: ResolvedIamSmartConfig = {
    issuer: ISSUER,
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
  };

  /** Every `login()` call's options, newest last, so a story can show what the button asked for. */
  readonly loginCalls: LoginOptions[] = [];

  readonly #script: Required<FakeClientScript>;
  #user: IamSmartUser | null = null;
  readonly #listeners: Listeners = { login: new Set(), logout: new Set(), error: new Set() };

  constructor(script: FakeClientScript = {}) {
    this.#script = { outcome: 'success', delayMs: 1200, claims: CHAN_TAI_MAN, ...script };
  }

  async login(options: LoginOptions = {}): Promise<IamSmartUser> {
    this.loginCalls.push(options);
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
