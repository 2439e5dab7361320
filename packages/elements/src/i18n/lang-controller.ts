import type { IamSmartLang } from '@iamsmart/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { langOf } from './lang.js';

/**
 * Keeps an element's language current: re-renders the host when its own `lang`, an ancestor's
 * (in the document or in any shadow root it sits in) or the page's `lang` changes, so a page's
 * language switcher also switches the element.
 */
export class LangController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #observer: MutationObserver;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    this.#observer = new MutationObserver(() => {
      host.requestUpdate();
    });
    host.addController(this);
  }

  get lang(): IamSmartLang {
    return langOf(this.#host);
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
