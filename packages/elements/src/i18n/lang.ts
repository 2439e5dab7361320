import type { IamSmartLang } from '@iamsmart/sdk';

/**
 * Maps any BCP 47 tag to one of the kit's languages. Chinese goes by script, so zh-TW, zh-MO,
 * zh-Hant and Cantonese read Traditional (zh-HK) and zh, zh-SG and zh-Hans read Simplified
 * (zh-CN); everything else, and anything unparsable, reads English.
 */
export function normalizeLang(tag: string | null | undefined): IamSmartLang {
  if (!tag) return 'en';
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag).maximize();
  } catch {
    return 'en';
  }
  if (locale.language !== 'zh' && locale.language !== 'yue') return 'en';
  return locale.script === 'Hant' ? 'zh-HK' : 'zh-CN';
}

/** The element's parent, or the shadow host when it is at the top of a shadow root. */
function parentOrHost(node: Node): Node | null {
  const parent = node.parentNode;
  return parent instanceof ShadowRoot ? parent.host : parent;
}

/**
 * The language an element speaks: its own `lang`, else the closest ancestor's (crossing shadow
 * roots, as the HTML language rules do), else the document's. An empty `lang=""` means
 * "unknown" in HTML and reads English.
 */
export function resolveLang(element: Element): IamSmartLang {
  for (let node: Node | null = element; node; node = parentOrHost(node)) {
    if (node instanceof Element && node.hasAttribute('lang')) return normalizeLang(node.getAttribute('lang'));
  }
  // A detached element still follows the page.
  return normalizeLang(document.documentElement.lang);
}
