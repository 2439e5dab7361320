import type { IamSmartLang } from '@iamsmart/sdk';

/** One string per CLDR plural category the language uses; `other` is always required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rulesByLang = new Map<IamSmartLang, Intl.PluralRules>();

/**
 * Picks the plural form for `count` by the language's CLDR rules and fills `{count}`, e.g.
 * `plural('en', 1, { one: '{count} minute left', other: '{count} minutes left' })`.
 * Chinese has only `other`; English has `one` and `other`.
 */
export function plural(lang: IamSmartLang, count: number, forms: PluralForms): string {
  let rules = rulesByLang.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    rulesByLang.set(lang, rules);
  }
  const form = forms[rules.select(count)] ?? forms.other;
  return form.replaceAll('{count}', new Intl.NumberFormat(lang).format(count));
}
