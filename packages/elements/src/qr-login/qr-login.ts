import type {
  QrLoginSession,
  QrLoginSnapshot,
  SessionState,
  EmeSession,
  EmeSnapshot,
  IamSmartLang,
  SignSession,
  SignSnapshot,
  BackendSignSession,
  BackendSignSnapshot,
  SessionChannel,
} from '@iamsmart/sdk';
import { html, nothing, svg, type LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { IamsErrorEvent, IamsLoginEvent, type IamsErrorDetail } from '../events.js';
import { LangController, format, langOf, plural, flowMessages, messagesFor, type Flow, type FlowMessages } from '../i18n/index.js';
import { errorDetail } from '../shared/error-detail.js';
import { alertIcon, phoneIcon, tickIcon } from '../shared/icons.js';
import { iconStyles } from '../shared/icons.styles.js';
import { SessionController, isLive } from '../shared/session-controller.js';
import { SessionElement } from '../shared/session-element.js';
import { spinner, spinnerStyles } from '../shared/spinner.js';
import { themeStyles } from '../shared/theme.styles.js';
import { visuallyHiddenStyles } from '../shared/visually-hidden.styles.js';
import { qrLoginStyles } from './qr-login.styles.js';

/** Seconds left at which the countdown is announced: often enough to act on, rarely enough not to talk over the page. */
const ANNOUNCE_AT = { minute: 60, seconds: 20 } as const;

/**
 * How long after the countdown's whole second the clock looks. A rotating QR code re-renders at
 * that very second (the rotation and the expiry count from the same moment), countdown included,
 * so by then there is nothing left to draw: one frame a second, not two.
 */
const TICK_AFTER_MS = 250;

/** `4821-0937` → `4 8 2 1, 0 9 3 7`: screen readers then read digits, not "four thousand…". */
function spell(code: string): string {
  return code
    .split('-')
    .map((group) => group.replace(/(\d)(?=\d)/g, '$1 '))
    .join(', ');
}

/** `m:ss`. */
function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What a session the element shows reports: a login's, or a signing's (`<iams-sign-dialog>` hands it one). */
type QrSnapshot = QrLoginSnapshot | SignSnapshot | BackendSignSnapshot | EmeSnapshot;

/** Only web links may become the app link's href (no `javascript:` from a misbehaving provider). */
function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Login with iAM Smart from another device: shows a QR code that the resident scans with the
 * iAM Smart app on their phone, and the identification code they check there. Place it inside an
 * `<iams-provider>`; it starts a session when it is connected (unless `manual`) and cancels it
 * when it is removed. It never runs two sessions: a new one cancels the old.
 *
 * The QR code rotates every second (a stale one is refused by iAM Smart) without moving anything
 * on the page. Residents who cannot scan open the app on this device with "Open iAM Smart on this
 * device", or type the identification code at the address shown. A countdown shows how long the
 * code is valid, announced politely at one minute and at 20 seconds; "Get a new QR code" is always
 * there, also after the code expired (WCAG 2.2.1).
 *
 * With `flow="sign"` it shows a signing session (as `<iams-sign-dialog>` does) and speaks of
 * signing instead of logging in: the QR code's name, the steps, the outcomes and the messages.
 * With `flow="eme"` it shows a form-filling session (as `<iams-eme-autofill>` does), and with
 * `flow="notify"` a consent to notifications (as `<iams-notify-optin>` does), in that feature's wording.
 *
 * An embedded QR login exists only in OpenID Connect mode. In backend mode
 * (`<iams-provider backend="…">`) iAM Smart shows its own QR page for the website: the element says
 * so (and announces it) and offers a "Login with iAM Smart" button instead (`part="login"`), which
 * goes through the website's backend as `<iams-login-button>` does. It starts no session then.
 *
 * A backend-mode signing or e-ME session (`<iams-sign-dialog>`, `<iams-eme-autofill>`) asks the
 * resident without a QR code on this page, as its snapshot's `channel` says: `app` — the request
 * waits in the resident's iAM Smart app ("Open the iAM Smart app on your phone", with the
 * identification code when signing); `hosted` — a "Continue on iAM Smart's page" link
 * (`part="hosted-link"`, a new tab) and a line saying this page updates by itself. Both keep the
 * countdown, announced as for the QR code, and "Start again" (a new request) in place of "Get a new QR code".
 *
 * @summary The QR code login for iAM Smart, with the identification code, a countdown and a non-scanning path.
 * @tag iams-qr-login
 *
 * @attr {string} lang - `en`, `zh-HK` or `zh-CN` (any `zh-Hant…`/`zh-Hans…`/`zh-TW` tag maps to them). Default: the closest ancestor's `lang`, crossing shadow roots, then the page's.
 *
 * @csspart steps - The numbered instructions.
 * @csspart stage - The fixed-size box holding the QR code, or what replaces it (progress, "Confirm on your phone", the outcome).
 * @csspart qr - The QR code's `<svg>`.
 * @csspart code - The identification code with its label.
 * @csspart countdown - The time left, as a ring and as text.
 * @csspart notice - "Reconnecting…" while the connection to iAM Smart is retried.
 * @csspart message - The outcome's message (declined, expired, error…).
 * @csspart new-code - The "Get a new QR code" / "Try again" button.
 * @csspart app-link - The "Open iAM Smart on this device" link.
 * @csspart type-code - The line telling where to type the identification code instead of scanning.
 * @csspart hosted-link - Backend mode, `hosted` channel: the "Continue on iAM Smart's page" link, opening iAM Smart's own QR page in a new tab.
 * @csspart hosted-status - Backend mode, `hosted` channel: the line saying this page updates by itself once the resident approves.
 * @csspart login - Backend mode: the "Login with iAM Smart" button shown instead of a QR code (iAM Smart hosts the QR page).
 *
 * @cssproperty [--iams-qr-size=232px] - Width and height of the QR code, quiet zone included.
 * @cssproperty [--iams-qr-color=#000000] - Dark modules (black in forced colours, whatever the palette). Keep it dark on a light background: scanners need the contrast.
 * @cssproperty [--iams-qr-background=#ffffff] - Light modules and the quiet zone (white in forced colours).
 * @cssproperty [--iams-brand-color=#2b7367] - The "Get a new QR code" button and the countdown ring.
 * @cssproperty [--iams-on-brand-color=#ffffff] - Text on the button.
 * @cssproperty [--iams-surface-color=light-dark(#ffffff, #121a19)] - Background.
 * @cssproperty [--iams-text-color=light-dark(#1b1f1e, #e6ecea)] - Text.
 * @cssproperty [--iams-link-color=light-dark(#1f5a51, #8fd6c7)] - Links.
 * @cssproperty [--iams-focus-ring-color=light-dark(#163d37, #c4f0e6)] - The 3px keyboard focus ring.
 * @cssproperty [--iams-error-color=light-dark(#b3261e, #ffb4ab)] - Outcome messages of failures.
 * @cssproperty [--iams-font-family=system-ui, sans-serif] - Font.
 *
 * @event {IamsStateEvent} iams-state - The session moved to another state (not on QR rotation); `detail` is `{ state, userCode, expiresAt }`.
 * @event {IamsLoginEvent} iams-login - The resident approved and the login completed; `detail` is the validated claims. (Not for a signing session.)
 * @event {IamsErrorEvent} iams-error - The session was declined, expired or failed; `detail` is `{ code, message, cause }`, `message` in the element's language. Cancelable: `preventDefault()` stops the element showing the message itself.
 */
export class IamsQrLogin extends SessionElement {
  static override styles = [themeStyles, spinnerStyles, iconStyles, qrLoginStyles, visuallyHiddenStyles];

  /** Do not start a session when connected; call `start()`. */
  @property({ type: Boolean, reflect: true }) manual = false;

  /** What the session is for, which picks the wording: `login`, `sign` for a signing session, `eme` for form filling or `notify` for a consent to notifications (`start()` starts only logins). */
  @property({ reflect: true }) flow: 'login' | 'sign' | 'eme' | 'notify' = 'login';

  /**
   * The session shown: one the element started, or one set from outside (any object with the
   * SDK's `QrLoginSession`, `SignSession` or `EmeSession` shape, e.g. a scripted one in stories).
   * Replacing it cancels the old one.
   */
  @property({ attribute: false })
  get session(): QrLoginSession | SignSession | BackendSignSession | EmeSession | undefined {
    return this.#session.session as QrLoginSession | SignSession | BackendSignSession | EmeSession | undefined;
  }

  set session(session: QrLoginSession | SignSession | BackendSignSession | EmeSession | undefined) {
    this.#session.follow(session);
  }

  /** The failure shown in the stage, unless a listener took it over with `preventDefault()`. */
  @state() private failure?: IamsErrorDetail & { shown: boolean };
  /** Backend mode: the login button was pressed and the page is leaving for the backend. */
  @state() private leaving = false;
  /** The QR encoder, loaded when the element first connects (qrcode stays out of the page's first paint). */
  @state() private qr?: typeof import('./qr-code.js');

  readonly #lang = new LangController(this, () => (this.#flow === 'login' ? ['common', 'errors', 'qr'] : ['common', 'qr', this.#flow]));
  /** The session shown, its snapshots, `iams-state` and the live region; cancelled when the element leaves the page. */
  readonly #session = new SessionController<QrSnapshot>(this, {
    lang: () => this.#lang.lang,
    flow: () => this.#flow,
    onSnapshot: (snapshot) => {
      this.#worded(() => {
        this.#onSnapshot(snapshot);
      });
    },
    onState: (snapshot) => {
      this.#worded(() => {
        this.#onState(snapshot);
      });
    },
    onFailure: (detail, snapshot) => {
      this.#worded(() => {
        // The message again, now in the element's words (the session may have failed before they arrived).
        const worded = this.#session.failureOf(snapshot) ?? detail;
        this.#report(worded);
        this.#session.announcement = `${this.#title(snapshot.state, this.#lang.lang)} ${worded.message}`;
      });
    },
  });
  /** What a snapshot makes the element say, held while its words load (the session starts before they arrive). */
  #unworded: (() => void)[] = [];
  #reconnecting = false;
  /** The countdown being shown: its end, when it was first seen, and the moments already announced. */
  #countdown?: { expiresAt: number; from: number; announced: Set<keyof typeof ANNOUNCE_AT> };
  #ticker?: ReturnType<typeof setTimeout>;
  /** The seconds left the countdown shows, as last rendered. */
  #shownLeft?: number;
  /** Set on disconnect so that a reconnected element starts afresh. */
  #started = false;
  /** The snapshot the countdown was last checked against. */
  #checked?: QrSnapshot;
  /** Set at the end of the constructor. */
  #constructed = false;

  constructor() {
    super();
    this.addController({
      hostConnected: () => {
        this.#loadEncoder();
        window.addEventListener('pageshow', this.#onPageShow);
      },
      hostDisconnected: () => {
        this.#stopTicker();
        this.#started = false;
        window.removeEventListener('pageshow', this.#onPageShow);
      },
    });
    this.#constructed = true;
  }

  /** Back from iAM Smart with the browser's back button (bfcache): the login button is usable again. */
  readonly #onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) this.leaving = false;
  };

  /** Backend mode's login: iAM Smart hosts the QR page, so this element offers the way there instead of a code. */
  get #hosted(): boolean {
    return this.client?.mode === 'backend' && this.#flow === 'login' && !this.session;
  }

  /** The snapshot shown. */
  private get snapshot(): QrSnapshot | undefined {
    return this.#session.snapshot;
  }

  /** How the resident is asked: a QR code here, or (backend mode) in the app or on iAM Smart's page. */
  get #channel(): SessionChannel {
    // Before the backend answers (`starting`), a backend-mode session is known to have no QR code here.
    return this.snapshot?.channel ?? (this.client?.mode === 'backend' && this.#flow !== 'login' ? 'app' : 'qr');
  }

  #loadEncoder(): void {
    if (this.qr) return;
    import('./qr-code.js').then(
      (module) => {
        this.qr = module;
      },
      (error: unknown) => {
        this.#report(errorDetail(error, this.#lang.lang, 'network_error'));
      },
    );
  }

  /** Runs `run` once the element's words are loaded, after anything held before it. */
  #worded(run: () => void): void {
    const loading = this.#lang.settle();
    if (!loading && !this.#unworded.length) {
      run();
      return;
    }
    this.#unworded.push(run);
    if (this.#unworded.length > 1) return;
    void (loading ?? Promise.resolve()).then(() => {
      const held = this.#unworded;
      this.#unworded = [];
      for (const each of held) each();
    });
  }

  /** Starts a new session (cancelling the one shown, if any). */
  start(): void {
    this.#started = true;
    // The language asked for, even before its words arrive (the session may start first).
    const lang = langOf(this);
    const client = this.client;
    if (!client) {
      this.#report({ code: 'invalid_config', message: this.#text(lang).notConfigured });
      return;
    }
    this.failure = undefined;
    if (client.mode === 'backend' && this.#flow === 'login') {
      this.session = undefined;
      const text = messagesFor(lang);
      this.#session.announcement = `${text.hostedQrTitle}. ${text.hostedQrHint}`;
      return;
    }
    this.session = client.startQrLogin({ lang });
  }

  /** A new code for the session shown (before or after it expired or failed); starts one when there is none. */
  refresh(): void {
    if (!this.session) {
      this.start();
      return;
    }
    this.failure = undefined;
    this.session.refresh();
  }

  /** Cancels the session shown. */
  cancel(): void {
    this.session?.cancel();
  }

  /**
   * A QR login starts as soon as there is a client (an update is asked for when it arrives), its
   * strings loading meanwhile: the first render waits for them, the session need not, and the
   * device authorization is the longer wait. Backend mode starts from `willUpdate`, with its
   * words: they are all it shows.
   */
  override requestUpdate(...args: Parameters<LitElement['requestUpdate']>): void {
    super.requestUpdate(...args);
    // Constructing: the base class and the fields' setters ask for updates before this class is ready.
    if (#constructed in this && this.#constructed && this.#shouldStart() && this.#flow === 'login' && this.client?.mode !== 'backend') this.start();
  }

  /** Connected to a provider with a client, not `manual`, and nothing started yet. */
  #shouldStart(): boolean {
    return !this.manual && !this.#started && !this.session && this.client !== undefined && this.isConnected;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (this.#shouldStart()) this.start();
    // Each snapshot, and the clock, may reach a moment the countdown announces.
    if (this.snapshot !== this.#checked || changed.has('now')) {
      this.#checked = this.snapshot;
      this.#checkCountdown();
    }
  }

  protected override updated(): void {
    const counting = this.snapshot !== undefined && isLive(this.snapshot.state) && this.snapshot.expiresAt !== undefined;
    if (counting && this.#ticker === undefined) this.#tickLater();
    else if (!counting) this.#stopTicker();
  }

  /**
   * The countdown's clock: just after each whole second of the time left, it re-renders only if
   * the second shown is stale (a rotation's render has usually shown it already), and checks the
   * moments to announce.
   */
  #tickLater(): void {
    const expiresAt = this.snapshot?.expiresAt ?? 0;
    const untilNextSecond = (((expiresAt - this.now()) % 1000) + 1000) % 1000;
    this.#ticker = setTimeout(() => {
      this.#tickLater();
      if (this.#secondsLeft() !== this.#shownLeft) this.requestUpdate();
      this.#checkCountdown();
    }, untilNextSecond + TICK_AFTER_MS);
  }

  #stopTicker(): void {
    clearTimeout(this.#ticker);
    this.#ticker = undefined;
  }

  /** An attribute can hold anything: anything but `sign`, `eme` or `notify` reads as a login. */
  get #flow(): Flow {
    return this.flow === 'sign' || this.flow === 'eme' || this.flow === 'notify' ? this.flow : 'login';
  }

  /** The words for the element's flow. */
  #text(lang: IamSmartLang): FlowMessages {
    return flowMessages(lang, this.#flow);
  }

  /** Every snapshot: a lost connection is announced once, whatever the state. */
  #onSnapshot(snapshot: QrSnapshot): void {
    if (snapshot.reconnecting === this.#reconnecting) return;
    this.#reconnecting = snapshot.reconnecting;
    if (snapshot.reconnecting) this.#session.announcement = this.#text(this.#lang.lang).qr.reconnecting;
  }

  /** A snapshot in a new state that is no failure, once reported as `iams-state`. */
  #onState(snapshot: QrSnapshot): void {
    this.failure = undefined;
    if (snapshot.state === 'done' && 'user' in snapshot && snapshot.user) this.dispatchEvent(new IamsLoginEvent(snapshot.user.claims));
    this.#session.announcement = this.#transitionText(snapshot.state, this.#lang.lang);
  }

  #title(state: SessionState, lang: IamSmartLang): string {
    const text = this.#text(lang).qr;
    return state === 'denied' ? text.denied : state === 'expired' ? (this.#channel === 'qr' ? text.expired : text.requestExpired) : text.failed;
  }

  #transitionText(state: SessionState, lang: IamSmartLang): string {
    const text = this.#text(lang);
    switch (state) {
      case 'starting':
        return this.#channel === 'qr' ? text.qr.starting : messagesFor(lang).connecting;
      case 'awaiting-scan':
        return this.#channel === 'app' ? text.qr.appReady : this.#channel === 'hosted' ? text.qr.hostedReady : text.qr.ready;
      case 'scanned':
        return format(text.qr.scannedSaid, { title: text.qr.scanned, hint: text.qr.scannedHint });
      case 'approved':
        return text.qr.approved;
      case 'done':
        return text.qr.done;
      case 'cancelled':
        return text.errors.cancelled;
      default:
        return '';
    }
  }

  /** Announces the countdown once at each of its moments; a session that starts past one skips it. */
  #checkCountdown(): void {
    const snapshot = this.snapshot;
    if (!snapshot?.expiresAt || !isLive(snapshot.state)) return;
    const now = this.now();
    if (this.#countdown?.expiresAt !== snapshot.expiresAt) {
      const initial = Math.ceil((snapshot.expiresAt - now) / 1000);
      const announced = new Set<keyof typeof ANNOUNCE_AT>();
      for (const moment of ['minute', 'seconds'] as const) if (initial <= ANNOUNCE_AT[moment]) announced.add(moment);
      this.#countdown = { expiresAt: snapshot.expiresAt, from: now, announced };
    }
    const left = this.#secondsLeft();
    const lang = this.#lang.lang;
    const text = this.#text(lang).qr;
    const { announced } = this.#countdown;
    // Without a QR code there is no code to renew: the request expires, and "Start again" sends a new one.
    const qr = this.#channel === 'qr';
    if (left > 0 && left <= ANNOUNCE_AT.seconds && !announced.has('seconds')) {
      announced.add('seconds').add('minute');
      this.#session.announcement = plural(lang, left, qr ? text.secondsLeft : text.requestSecondsLeft);
    } else if (left > ANNOUNCE_AT.seconds && left <= ANNOUNCE_AT.minute && !announced.has('minute')) {
      announced.add('minute');
      this.#session.announcement = plural(lang, Math.ceil(left / 60), qr ? text.minutesLeft : text.requestMinutesLeft);
    }
  }

  #secondsLeft(): number {
    const expiresAt = this.snapshot?.expiresAt;
    return expiresAt === undefined ? 0 : Math.max(0, Math.ceil((expiresAt - this.now()) / 1000));
  }

  #report(detail: IamsErrorDetail): void {
    const shown = this.dispatchEvent(new IamsErrorEvent(detail));
    this.failure = { ...detail, shown };
  }

  /** The first render waits for the element's strings, and a language switch for the new ones (decision 042). */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- Lit's own signature
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.#lang.settle();
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override render() {
    if (this.#hosted) return this.#renderHosted();
    const lang = this.#lang.lang;
    const text = this.#text(lang);
    const snapshot = this.snapshot;
    const state = snapshot?.state ?? 'idle';
    const live = isLive(state);
    const userCode = live ? snapshot?.userCode : undefined;
    const finishing = state === 'approved' || state === 'done';
    const appLink = state === 'awaiting-scan' ? safeLink(snapshot?.appLink) : undefined;
    const qr = this.#channel === 'qr';
    return html`
      <div class="root" lang=${lang}>
        ${qr
          ? html`<ol part="steps" class="steps">
              ${text.qr.steps.map((step) => html`<li>${step}</li>`)}
            </ol>`
          : nothing}
        <div part="stage" class="stage" data-state=${state}>${this.#renderStage(state, lang)}</div>
        ${userCode
          ? html`<div part="code" class="code">
              <span class="code-label">${text.qr.codeLabel}</span>
              <span class="code-value" aria-hidden="true">${userCode}</span>
              <span class="visually-hidden">${spell(userCode)}</span>
            </div>`
          : nothing}
        ${live ? this.#renderCountdown(lang) : nothing}
        ${snapshot?.reconnecting ? html`<p part="notice" class="notice">${text.qr.reconnecting}</p>` : nothing}
        ${finishing
          ? nothing
          : html`<button part="new-code" class="new-code" type="button" @click=${this.#onNewCode}>
              ${state === 'denied' || state === 'error' || (state === 'idle' && this.failure) ? text.qr.tryAgain : qr ? text.qr.newCode : text.qr.startAgain}
            </button>`}
        ${appLink ? html`<a part="app-link" class="app-link" href=${appLink}>${text.qr.openApp}</a>` : nothing}
        ${state === 'awaiting-scan' && snapshot?.verificationUri && snapshot.userCode
          ? html`<p part="type-code" class="type-code">
              ${format(text.qr.typeCode, { uri: snapshot.verificationUri, code: snapshot.userCode })}
            </p>`
          : nothing}
        <div class="visually-hidden" role="status">${this.#session.announcement}</div>
      </div>
    `;
  }

  /** Backend mode: no QR code here; the way to iAM Smart's own QR page. */
  #renderHosted() {
    const lang = this.#lang.lang;
    const text = messagesFor(lang);
    const message = this.failure?.shown ? this.failure.message : '';
    return html`
      <div class="root" lang=${lang}>
        <p class="title">${text.hostedQrTitle}</p>
        <p class="hint">${text.hostedQrHint}</p>
        <button part="login" class="new-code" type="button" aria-busy=${this.leaving ? 'true' : nothing} @click=${this.#onHostedLogin}>${text.loginLabel}</button>
        ${message ? html`<p part="message" class="message">${message}</p>` : nothing}
        <div class="visually-hidden" role="status">${this.#session.announcement}</div>
      </div>
    `;
  }

  readonly #onHostedLogin = (): void => {
    void this.#hostedLogin();
  };

  async #hostedLogin(): Promise<void> {
    const client = this.client;
    if (!client || this.leaving) return;
    const lang = this.#lang.lang;
    this.failure = undefined;
    this.leaving = true;
    this.#session.announcement = messagesFor(lang).connecting;
    try {
      await client.loginWithRedirect({ lang });
    } catch (error) {
      this.leaving = false;
      const detail = errorDetail(error, lang);
      this.#report(detail);
      this.#session.announcement = detail.message;
    }
  }

  #renderStage(state: SessionState, lang: IamSmartLang) {
    const text = this.#text(lang);
    const snapshot = this.snapshot;
    if (state === 'awaiting-scan' && this.#channel === 'app') {
      return html`${phoneIcon}
        <p class="title">${text.qr.appTitle}</p>
        <p class="hint">${snapshot?.userCode ? text.qr.appCodeHint : text.qr.appHint}</p>`;
    }
    if (state === 'awaiting-scan' && this.#channel === 'hosted') {
      const hostedUrl = safeLink(snapshot?.hostedUrl);
      // A link, not window.open(): a user action, never blocked as a popup, and the form stays here.
      return html`${hostedUrl
          ? html`<a part="hosted-link" class="hosted-link" href=${hostedUrl} target="_blank" rel="noopener"
              >${text.qr.hostedLink}<span class="visually-hidden">${messagesFor(lang).opensInNewTab}</span></a
            >`
          : nothing}
        <p class="hint">${text.qr.hostedHint}</p>
        <p part="hosted-status" class="hint hosted-status">${spinner('icon')}<span>${text.qr.hostedStatus}</span></p>`;
    }
    if (state === 'awaiting-scan' && snapshot?.qrPayload && snapshot.userCode && this.qr) {
      return this.qr.qrSvg(snapshot.qrPayload, format(text.qr.qrName, { code: spell(snapshot.userCode) }));
    }
    if (state === 'scanned') {
      return html`${phoneIcon}
        <p class="title">${text.qr.scanned}</p>
        <p class="hint">${text.qr.scannedHint}</p>`;
    }
    if (state === 'approved' || state === 'done') {
      return html`${state === 'approved' ? spinner('icon') : tickIcon}
        <p class="title">${state === 'approved' ? text.qr.approved : text.qr.done}</p>`;
    }
    if (state === 'denied' || state === 'expired' || state === 'error' || state === 'cancelled' || this.failure) {
      const title = state === 'cancelled' ? text.errors.cancelled : this.#title(state, lang);
      const message = this.failure?.shown ? this.failure.message : '';
      return html`${alertIcon}
        <p class="title">${title}</p>
        ${message && message !== title ? html`<p part="message" class="message">${message}</p>` : nothing}`;
    }
    if (state === 'idle' && !this.client && this.providerActivity !== 'loading') {
      return html`<p class="message">${text.notConfigured}</p>`;
    }
    if (state === 'idle' && this.manual && this.client) return nothing;
    // Starting, waiting for the provider, or the QR encoder still loading.
    return html`${spinner('icon')}<p class="title">${this.#channel === 'qr' ? text.qr.starting : messagesFor(lang).connecting}</p>`;
  }

  #renderCountdown(lang: IamSmartLang) {
    const left = this.#secondsLeft();
    this.#shownLeft = left;
    const total = this.#countdown ? Math.max(1, (this.#countdown.expiresAt - this.#countdown.from) / 1000) : left || 1;
    const fraction = Math.min(1, left / total);
    return html`<div part="countdown" class="countdown">
      <svg class="ring" viewBox="0 0 36 36" aria-hidden="true">
        ${svg`<circle class="ring-track" cx="18" cy="18" r="15"></circle><circle class="ring-left" cx="18" cy="18" r="15" pathLength="100" stroke-dasharray="100" stroke-dashoffset=${(1 - fraction) * 100}></circle>`}
      </svg>
      <span class="countdown-text">${format(this.#text(lang).qr.expiresIn, { time: clock(left) })}</span>
    </div>`;
  }

  #onNewCode(): void {
    this.refresh();
  }
}
