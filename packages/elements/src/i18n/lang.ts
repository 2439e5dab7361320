import { resolveLang } from '@iamsmart/protocol';
import type { IamSmartLang } from '@iamsmart/sdk';

/** The kit's one language rule (`@iamsmart/protocol`): any BCP 47 tag to `en`, `zh-HK` or `zh-CN`. */
export { resolveLang };

/** The element's parent, or the shadow host when it is at the top of a shadow root. */
function parentOrHost(node: Node): Node | null {
  const parent = node.parentNode;
  return parent instanceof ShadowRoot ? parent.host : parent;
}

/**
 * The language an element speaks: its own `lang`, else the closest ancestor's (crossing shadow
 * roots, as the HTML language rules do), else the document's, read by the kit's one rule
 * (`resolveLang`). An empty `lang=""` means "unknown" in HTML and reads English.
 */
export function langOf(element: Element): IamSmartLang {
  for (let node: Node | null = element; node; node = parentOrHost(node)) {
    if (node instanceof Element && node.hasAttribute('lang')) return resolveLang(node.getAttribute('lang'));
  }
  // A detached element still follows the page.
  return resolveLang(document.documentElement.lang);
}
