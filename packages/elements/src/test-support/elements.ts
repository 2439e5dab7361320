/// <reference types="mocha" />

/*
 * What element tests ask of any element: its trigger, its dialog, and a page in a known language.
 */

/** The button that starts the element's flow (`part="trigger"`). */
export function triggerOf(el: Element): HTMLButtonElement {
  const button = el.shadowRoot?.querySelector<HTMLButtonElement>('[part="trigger"]');
  if (!button) throw new Error('no trigger');
  return button;
}

/** The element's `<dialog>`, while it is rendered. */
export function dialogOf(el: Element): HTMLDialogElement | null {
  return el.shadowRoot?.querySelector('dialog') ?? null;
}

/** Every test of the enclosing `describe` runs on a page in `lang`; the page's own comes back after each. */
export function onPageIn(lang: string): void {
  let documentLang: string;
  beforeEach(() => {
    documentLang = document.documentElement.lang;
    document.documentElement.lang = lang;
  });
  afterEach(() => {
    document.documentElement.lang = documentLang;
  });
}

/** The element's part `name` (`[part="name"]` in its shadow root). */
export function partOf(el: Element, name: string): HTMLElement | null {
  return el.shadowRoot?.querySelector<HTMLElement>(`[part="${name}"]`) ?? null;
}

/** What `node` reads, white space folded. */
export function textOf(node: Element | ShadowRoot | null | undefined): string {
  return node?.textContent.replace(/\s+/g, ' ').trim() ?? '';
}
