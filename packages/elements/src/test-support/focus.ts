import { sendKeys } from './commands.js';

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

/**
 * Tabs `presses` times forward, then as many backward, and says where focus went each time: a
 * control in `dialog` by its text, `(browser)` past the dialog's last control (the browser's own
 * toolbar; the page's body is then the active element), else `outside: …`, which a modal dialog
 * must never allow. Focus is brought back into the page afterwards.
 */
export async function tabAround(dialog: Element, presses = 8): Promise<string[]> {
  const seen: string[] = [];
  const step = async (backwards: boolean) => {
    if (backwards) await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    if (backwards) await sendKeys({ up: 'Shift' });
    const active = deepActiveElement();
    seen.push(within(dialog, active) ? (active?.textContent.replace(/\s+/g, ' ').trim() ?? '') : active === document.body ? '(browser)' : `outside: ${active?.outerHTML ?? ''}`);
  };
  for (let i = 0; i < presses; i++) await step(false);
  for (let i = 0; i < presses; i++) await step(true);
  await tabBackIntoPage();
  return seen;
}
