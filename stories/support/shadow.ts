/** An element `tag` in a story's canvas and what stories read of its shadow root: a part by name, an element's text with white space folded. */
export function shadowOf<K extends keyof HTMLElementTagNameMap>(root: ParentNode, tag: K) {
  const host = root.querySelector(tag);
  const shadow = host?.shadowRoot;
  if (!host || !shadow) throw new Error(`${tag} did not render`);
  return {
    host,
    shadow,
    part: (name: string) => shadow.querySelector<HTMLElement>(`[part~="${name}"]`),
    text: (element: Element | null | undefined) => element?.textContent.replace(/\s+/g, ' ').trim(),
  };
}
