import type { IamSmartLang } from '@iamsmart/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isLoaded, loadCatalogues } from './catalogue.js';
import { langOf } from './lang.js';
import type { Feature } from './messages.js';

/**
 * Keeps an element's language current: re-renders the host when its own `lang`, an ancestor's
 * (in the document or in any shadow root it sits in) or the page's `lang` changes, so a page's
 * language switcher also switches the element.
 *
 * The strings come on demand (decision 042): the host calls `settle()` from `scheduleUpdate` and
 * awaits it, so it first renders in its language (never English first, never keys) and, on a
 * switch, keeps rendering the language it had until the new one has arrived. A language that
 * cannot be loaded falls back to English.
 */
export class LangController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #observer: MutationObserver;
  readonly #features: () => readonly Feature[];
  /** The language whose strings are loaded and rendered. */
  #lang: IamSmartLang = 'en';

  /** `features`: the catalogues the host shows, read at each update (a QR session's flow adds its own). */
  constructor(host: ReactiveControllerHost & HTMLElement, features: () => readonly Feature[] = () => ['common']) {
    this.#host = host;
    this.#features = features;
    this.#observer = new MutationObserver(() => {
      host.requestUpdate();
    });
    host.addController(this);
  }

  /** The language the host speaks: its own once loaded, until then the last one it had. */
  get lang(): IamSmartLang {
    // Words made outside a render (an event's message) follow the host's language as soon as it is there.
    const wanted = langOf(this.#host);
    if (wanted !== this.#lang && isLoaded(wanted, this.#features())) this.#lang = wanted;
    return this.#lang;
  }

  /**
   * Undefined when the host's language is loaded (`lang` is then that language), else the load to
   * await before rendering. Never rejects: a failed load leaves English, or the last language when
   * even English cannot be had.
   */
  settle(): Promise<void> | undefined {
    const wanted = langOf(this.#host);
    const features = this.#features();
    if (isLoaded(wanted, features)) {
      this.#lang = wanted;
      return undefined;
    }
    return this.#load(wanted, features);
  }

  /** Loads the catalogues `settle` would, re-rendering the host once they are there (for a feature needed before the next update, e.g. a dialog's). */
  async ready(): Promise<void> {
    await this.settle();
    this.#host.requestUpdate();
  }

  async #load(wanted: IamSmartLang, features: readonly Feature[]): Promise<void> {
    try {
      await loadCatalogues(wanted, features);
      // The page may have switched again meanwhile: settle for what it wants now.
      await this.settle();
    } catch (error) {
      console.warn(`iAM Smart: the ${wanted} strings could not be loaded; showing English.`, error);
      try {
        await loadCatalogues('en', features);
        this.#lang = 'en';
      } catch {
        // Not even English: the last language stays, if the host has one to render.
        if (!isLoaded(this.#lang, features)) await new Promise<never>(() => undefined);
      }
    }
  }

  hostConnected(): void {
    const options: MutationObserverInit = { attributes: true, attributeFilter: ['lang'], subtree: true };
    // Every tree the host lives in: its own shadow-root ancestors, then the document.
    for (let root = this.#host.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) {
      this.#observer.observe(root, options);
    }
    this.#observer.observe(document, options);
    // A host moved under another ancestor may speak another language now.
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
  }
}
