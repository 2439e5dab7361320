import { sendKeys } from '@web/test-runner-commands';

/** The element focused, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** True when `node` is inside `container`, across shadow roots. */
export function within(container: Element, node: Node | null): boolean {
  for (let current = node; current; current = current instanceof ShadowRoot ? current.host : current.parentNode) {
    if (current === container) return true;
  }
  return false;
}

/**
 * Tabs until the page has focus again. Tabbing past a modal dialog's last control moves focus to
 * the browser's own toolbar, and it stays there (the test pages share one browser): no `:focus`
 * matches until the keyboard brings it back.
 */
export async function tabBackIntoPage(): Promise<void> {
  for (let i = 0; i < 10 && !document.hasFocus(); i++) await sendKeys({ press: 'Tab' });
  if (!document.hasFocus()) throw new Error('Tab did not bring focus back into the page');
}
