import type { IamSmartAnyClient, IamSmartErrorCode, IamSmartLang } from '@iamsmart/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { IamsErrorEvent, type IamsErrorDetail } from '../events.js';
import { loadErrors, type Flow } from '../i18n/index.js';
import type { IamsProviderActivity } from './context.js';
import { errorDetail } from './error-detail.js';

/** An element with a trigger button (`part="trigger"`) that starts a flow. */
export interface TriggerHost extends ReactiveControllerHost, HTMLElement {
  client?: IamSmartAnyClient;
}

/**
 * What a trigger needs before anything is clicked (decision 045): the client once the provider,
 * still loading the SDK, is done, and the failure shown under the trigger. The dialog a click opens
 * (`SessionDialogController`) is built on this, and the login button loads it only on a click in
 * `qr` mode, so a first paint carries this part alone.
 */
export class TriggerController implements ReactiveController {
  readonly #host: TriggerHost;
  readonly #providerActivity: () => IamsProviderActivity;
  /** The trigger's own failure (the dialog's code could not load, nothing to log in with), shown under it. */
  #error = '';
  /** Resolves a `client()` that came while the provider was still loading, once it is done. */
  #providerReady?: (client: IamSmartAnyClient | undefined) => void;

  constructor(host: TriggerHost, providerActivity: () => IamsProviderActivity) {
    this.#host = host;
    this.#providerActivity = providerActivity;
    host.addController(this);
  }

  get error(): string {
    return this.#error;
  }

  /** The client once the provider, still loading the SDK, is done (a click waits for it rather than failing). */
  async client(): Promise<IamSmartAnyClient | undefined> {
    if (this.#host.client || this.#providerActivity() !== 'loading') return this.#host.client;
    return new Promise<IamSmartAnyClient | undefined>((resolve) => (this.#providerReady = resolve));
  }

  /** Reports the trigger's own failure and shows it under the trigger, unless a listener took it over. */
  fail(detail: IamsErrorDetail): void {
    if (this.#host.dispatchEvent(new IamsErrorEvent(detail))) {
      this.#error = detail.message;
      this.#host.requestUpdate();
    }
  }

  /**
   * `fail` with what `error` stands for, told in `lang` once the login's error messages are loaded
   * (they are not part of the first paint); when they cannot be, with the general message in `lang`.
   */
  async failWith(error: unknown, lang: IamSmartLang, fallback: IamSmartErrorCode = 'unknown', flow: Flow = 'login'): Promise<void> {
    if (flow === 'login') await loadErrors(lang);
    this.fail(errorDetail(error, lang, fallback, flow));
  }

  /** A new attempt: the message under the trigger goes. */
  clear(): void {
    this.#error = '';
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    if (this.#providerReady && this.#providerActivity() !== 'loading') {
      this.#providerReady(this.#host.client);
      this.#providerReady = undefined;
    }
  }
}
