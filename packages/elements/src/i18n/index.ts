import type { IamSmartErrorCode, IamSmartLang } from '@iamsmart/sdk';
import { en } from './en.js';
import type { Messages, Flow, QrMessages } from './messages.js';
import { zhCN } from './zh-CN.js';
import { zhHK } from './zh-HK.js';

export type { Messages, Flow } from './messages.js';
export { langOf, resolveLang } from './lang.js';
export { plural, type PluralForms } from './plural.js';
export { LangController } from './lang-controller.js';

const catalogue: Record<IamSmartLang, Messages> = { en, 'zh-HK': zhHK, 'zh-CN': zhCN };

export function messagesFor(lang: IamSmartLang): Messages {
  return catalogue[lang];
}

/** The words of a cross-device session for what it is for: its QR strings, error messages and "not available" message. */
export interface FlowMessages {
  qr: QrMessages;
  errors: Record<IamSmartErrorCode, string>;
  notConfigured: string;
}

export function flowMessages(lang: IamSmartLang, flow: Flow): FlowMessages {
  const text = catalogue[lang];
  if (flow === 'login') return { qr: text.qr, errors: text.errors, notConfigured: text.notConfigured };
  const own = text[flow];
  return { qr: { ...text.qr, ...own.qr }, errors: own.errors, notConfigured: own.notConfigured };
}

/** Fills `{name}` placeholders, e.g. `format('Expires in {time}', { time: '2:45' })`. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}
