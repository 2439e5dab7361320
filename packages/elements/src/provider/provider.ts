import { ContextProvider } from '@lit/context';
import type { IamSmartAnyClient, IamSmartConfig, IamSmartErrorCode, Unsubscribe } from '@iamsmart/sdk';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { iamsActivityContext, iamsClientContext, iamsReturnFailureContext } from '../shared/context.js';
import { errorDetail } from '../shared/error-detail.js';
import { IamsErrorEvent, IamsLoginEvent, IamsLogoutEvent, type IamsErrorDetail } from '../events.js';
import { langOf, loadedLang, loadErrors } from '../i18n/index.js';

const STORAGE_VALUES: readonly unknown[] = ['memory', 'session'] satisfies IamSmartConfig['storage'][];

/** The attributes that make up the client's configuration; changing one makes a new client. */
const CONFIG_PROPERTIES = ['backend', 'issuer', 'clientId', 'redirectUri', 'popupRedirectUri', 'scope', 'storage', 'signingTrustAnchorsUrl', 'signingTrustAnchors'] as const;

/** Clients whose callback some provider has already completed: an authorization code is single-use. */
const callbacksCompleted = new WeakSet<IamSmartAnyClient>();

/**
 * Connects the iAM Smart elements inside it to iAM Smart (or the sandbox). It creates the SDK
 * client from its attributes, loading the SDK only then, so a page paints its login button
 * without it, and hands the client to every element inside through `@lit/context`. Signing
 * (`<iams-sign-dialog>`) also needs the CA roots signers' certificates chain to:
 * `signing-trust-anchors-url`, or the `signingTrustAnchors` property. When the page
 * is the `redirect-uri` a login came back to, it completes the login and fires `iams-login`.
 *
 * Two modes (see the README, "Two modes"). **OpenID Connect mode** (`issuer` and `client-id`): the
 * page talks to the OpenID Provider and the SDK holds the tokens. **Backend mode** (`backend`, e.g.
 * `/iamsmart`): the website's own server mounts `@iamsmart/server` there; the provider then loads
 * only the small backend client (`@iamsmart/sdk/backend`: no OpenID Connect library), the page
 * never holds a token, logins go through `{backend}/login`, and a page the backend sends back with
 * `iams_login` or `iams_error` completes here. `issuer`, `client-id`, `redirect-uri`, `scope`,
 * `storage` and the signing trust anchors do not apply then; setting both `backend` and `issuer`
 * is an `invalid_config` error (no client), so a page is never unsure which mode it is in.
 *
 * A returning login that fails fires `iams-error`; unless a listener calls `preventDefault()`, the
 * `<iams-login-button>`s inside show its message too, in their language.
 *
 * Set the `client` property instead of the attributes to share a client you created with
 * `createClient()` or `createBackendClient()` (or a scripted one in tests and stories); the
 * attributes are then ignored.
 *
 * @summary Configures iAM Smart (OpenID Connect or backend mode) for the elements inside it and completes logins that return to the page.
 * @tag iams-provider
 *
 * @slot - The part of the page that uses iAM Smart, e.g. an `<iams-login-button>`.
 *
 * @attr {string} lang - Language of the messages in `iams-error` and of iAM Smart's pages (`ui_locales`): `en`, `zh-HK` or `zh-CN` (any `zh-Hant…`/`zh-Hans…` tag maps to them). Default: the closest ancestor's `lang`, then the page's.
 *
 * @event {IamsLoginEvent} iams-login - A login that returned to this page completed; `detail` is the resident's validated claims (backend mode: the resident from `{backend}/session`, `{ openID, enName?, chName? }`, also when the page opens while the website's session is live).
 * @event {IamsErrorEvent} iams-error - The configuration is invalid, or the returning login failed; `detail` is `{ code, message, cause }` with `message` in the page's language.
 * @event {IamsLogoutEvent} iams-logout - The client logged the resident out.
 */
export class IamsProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /**
   * Backend mode: where the website mounts `@iamsmart/server`, a path on this page's origin such as
   * `/iamsmart`. Not together with `issuer`.
   */
  @property() backend?: string;

  /** OpenID Connect mode: the OpenID Provider's issuer URL: `https://…`, or `http://localhost:8787` for the sandbox. */
  @property() issuer?: string;

  /** The client id registered with iAM Smart (or the sandbox), e.g. `demo-site`. */
  @property({ attribute: 'client-id' }) clientId?: string;

  /** Where iAM Smart sends the resident back; same origin as the page. Default: this page's URL. */
  @property({ attribute: 'redirect-uri' }) redirectUri?: string;

  /** Where a popup login (`<iams-login-button mode="popup">`) comes back to: a page of this origin with an `<iams-provider>`. Default: `redirect-uri`. */
  @property({ attribute: 'popup-redirect-uri' }) popupRedirectUri?: string;

  /** Space-separated scopes; `openid` is always included. Default `openid profile`. */
  @property() scope?: string;

  /** Where tokens are kept: `memory` (default) or `session` (`sessionStorage`). Never `localStorage`. */
  @property() storage?: 'memory' | 'session';

  /**
   * For signing (`<iams-sign-dialog>`): a URL on this page's origin of a PEM file with the CA roots a
   * signer's certificate must chain to, fetched when the first signature is verified.
   */
  @property({ attribute: 'signing-trust-anchors-url' }) signingTrustAnchorsUrl?: string;

  /** For signing: the CA roots a signer's certificate must chain to, as PEM strings (instead of `signing-trust-anchors-url`). */
  @property({ attribute: false }) signingTrustAnchors?: string[];

  /**
   * The SDK client the elements inside use. Created from the attributes once `backend` is set
   * (backend mode), or `issuer` and `client-id` (OpenID Connect mode); set it yourself to use your
   * own client.
   */
  @property({ attribute: false })
  get client(): IamSmartAnyClient | undefined {
    return this.#client.value;
  }
  set client(client: IamSmartAnyClient | undefined) {
    // Told to the elements inside as it is set, as `@provide` did (decision 050); Lit wraps this setter to request an update.
    this.#client.setValue(client);
  }

  // The contexts are provided with @lit/context's controllers, not its decorators (decision 050: fewer bytes on
  // the first paint). The activity and a returning login's failure are only told to the elements inside.
  readonly #client = new ContextProvider(this, { context: iamsClientContext });
  readonly #activity = new ContextProvider(this, { context: iamsActivityContext, initialValue: 'idle' });
  /** The returning login's failure, for the login buttons inside to show (unless the page took it over). */
  readonly #returnFailure = new ContextProvider(this, { context: iamsReturnFailureContext });

  /** The client this element made from its attributes (as opposed to one set from outside). */
  #ownClient?: IamSmartAnyClient;
  /** Bumped on each configuration change, so a slow SDK import cannot install a stale client. */
  #generation = 0;
  #watched?: IamSmartAnyClient;
  #unsubscribe?: Unsubscribe;

  constructor() {
    super();
    // Listen to the client only while in the page (a moved provider reconnects).
    this.addController({
      hostConnected: () => {
        if (this.client) this.#watch(this.client);
      },
      hostDisconnected: () => {
        this.#unwatch();
      },
    });
  }

  // willUpdate rather than updated: the activity these set then renders in the same update.
  protected override willUpdate(changed: PropertyValues<this>): void {
    const configChanged = CONFIG_PROPERTIES.some((name) => changed.has(name));
    const clientFromOutside = this.client !== undefined && this.client !== this.#ownClient;
    if (configChanged && !clientFromOutside) void this.#createClient();
    if (!changed.has('client')) return;
    if (this.client) {
      this.#watch(this.client);
      void this.#completeCallback(this.client);
    } else {
      this.#unwatch();
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  async #createClient(): Promise<void> {
    const generation = ++this.#generation;
    if (this.backend !== undefined && this.backend !== '') {
      await this.#createBackendClient(generation, this.backend);
      return;
    }
    const { issuer, clientId, redirectUri, popupRedirectUri, scope, storage, signingTrustAnchorsUrl, signingTrustAnchors } = this;
    if (!issuer || !clientId) {
      // Incomplete (a framework may still be setting attributes one by one): nothing to provide yet.
      this.#replaceOwnClient(undefined);
      this.#activity.setValue('idle');
      return;
    }
    // Loaded on demand: the login button paints without oidc-client-ts and jose.
    await this.#install(generation, () => import('@iamsmart/sdk'), (sdk) => {
      // An attribute can hold anything, whatever the property's type says.
      if (storage !== undefined && !STORAGE_VALUES.includes(storage)) {
        throw new TypeError(`storage must be "memory" or "session", not "${storage}"`);
      }
      const config: IamSmartConfig = { issuer, clientId, lang: langOf(this) };
      if (redirectUri) config.redirectUri = redirectUri;
      if (popupRedirectUri) config.popupRedirectUri = popupRedirectUri;
      if (scope) config.scope = scope;
      if (storage) config.storage = storage;
      if (signingTrustAnchorsUrl) config.signingTrustAnchorsUrl = signingTrustAnchorsUrl;
      if (signingTrustAnchors) config.signingTrustAnchors = signingTrustAnchors;
      return sdk.createClient(config);
    });
  }

  /** Backend mode: only the backend client is loaded (no OpenID Connect library, no token in the page). */
  async #createBackendClient(generation: number, backend: string): Promise<void> {
    if (this.issuer) {
      this.#replaceOwnClient(undefined);
      this.#activity.setValue('idle');
      await this.#fail(new TypeError('<iams-provider>: set either `backend` (backend mode) or `issuer` and `client-id` (OpenID Connect mode), not both.'), 'invalid_config');
      return;
    }
    await this.#install(generation, () => import('@iamsmart/sdk/backend'), (sdk) => sdk.createBackendClient({ backend, lang: langOf(this) }));
  }

  /**
   * Loads an SDK entry on demand and makes the client from it: `loading` meanwhile; a load made
   * stale by a newer configuration is dropped; a failed load is `unknown`, a configuration the
   * SDK refuses `invalid_config` (no client then).
   */
  async #install<Sdk>(generation: number, load: () => Promise<Sdk>, make: (sdk: Sdk) => IamSmartAnyClient): Promise<void> {
    this.#activity.setValue('loading');
    let sdk: Sdk;
    try {
      sdk = await load();
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#activity.setValue('idle');
      await this.#fail(error, 'unknown');
      return;
    }
    if (generation !== this.#generation) return;
    try {
      this.#replaceOwnClient(make(sdk));
    } catch (error) {
      this.#replaceOwnClient(undefined);
      await this.#fail(error, 'invalid_config');
    }
    this.#activity.setValue('idle');
  }

  /** Fires `iams-error`, its message in the provider's language once loaded (decisions 042, 045); the detail unless a listener took the message over. */
  async #fail(error: unknown, fallback: IamSmartErrorCode): Promise<IamsErrorDetail | undefined> {
    const lang = await loadedLang(langOf(this), ['common']);
    await loadErrors(lang);
    const detail = errorDetail(error, lang, fallback);
    return this.dispatchEvent(new IamsErrorEvent(detail)) ? detail : undefined;
  }

  #replaceOwnClient(client: IamSmartAnyClient | undefined): void {
    if (this.client !== this.#ownClient) return; // a client set from outside wins
    this.#ownClient = client;
    this.client = client;
  }

  /**
   * Completes the login when this page is the authorization response, once per client. In backend
   * mode a page opened while the website's session is live (an HttpOnly cookie that outlives the
   * page) learns the resident from `{backend}/session` and fires `iams-login` too, so a page shows
   * who is logged in with one listener, after a return or a reload alike.
   */
  async #completeCallback(client: IamSmartAnyClient): Promise<void> {
    if (callbacksCompleted.has(client)) return;
    if (!client.isCallback()) {
      if (client.mode === 'backend') await this.#restoreSession(client);
      return;
    }
    try {
      callbacksCompleted.add(client);
      this.#activity.setValue('completing');
      const user = await client.handleCallback();
      if (user) this.dispatchEvent(new IamsLoginEvent(user.claims));
    } catch (error) {
      const detail = await this.#fail(error, 'unknown');
      if (detail) this.#returnFailure.setValue({ code: detail.code });
    } finally {
      if (this.#activity.value === 'completing') this.#activity.setValue('idle');
    }
  }

  async #restoreSession(client: IamSmartAnyClient): Promise<void> {
    callbacksCompleted.add(client);
    try {
      const user = await client.getUser();
      if (user && this.client === client) this.dispatchEvent(new IamsLoginEvent(user.claims));
    } catch (error) {
      await this.#fail(error, 'unknown');
    }
  }

  #watch(client: IamSmartAnyClient): void {
    if (this.#watched === client) return;
    this.#unwatch();
    this.#watched = client;
    this.#unsubscribe = client.on('logout', () => this.dispatchEvent(new IamsLogoutEvent()));
  }

  #unwatch(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#watched = undefined;
  }
}
