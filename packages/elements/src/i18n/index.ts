import type { IamSmartErrorCode, IamSmartLang } from '@iamsmart/sdk';
import { loadCatalogues, loaded } from './catalogue.js';
import type { Feature, Messages, Flow, NotificationErrorCode, QrMessages } from './messages.js';

export type { Messages, Flow, Feature } from './messages.js';
export { langOf, resolveLang } from './lang.js';
export { plural, type PluralForms } from './plural.js';
export { LangController } from './lang-controller.js';
export { isLoaded, loadCatalogues, loadedLang, loadErrors } from './catalogue.js';

/**
 * `lang`'s strings (decision 042): English `common` always, the rest once an element (or
 * `loadMessages`) has loaded them, undefined until then — an element reads only what its
 * `LangController` waited for.
 */
export function messagesFor(lang: IamSmartLang): Messages {
  let view = views.get(lang);
  if (!view) {
    // Live: an object kept from before a load reads the strings once they arrive.
    view = Object.defineProperties(
      {},
      Object.fromEntries(
        Object.entries(featureOf).map(([key, feature]) => [
          key,
          { enumerable: true, get: () => (feature === 'sign' || feature === 'eme' || feature === 'notify' ? loaded[lang][feature] : (loaded[lang][feature] as Record<string, unknown> | undefined)?.[key]) },
        ]),
      ),
    ) as Messages;
    views.set(lang, view);
  }
  return view;
}

/** Which feature's catalogue holds each string (`sign`, `eme` and `notify` are catalogues themselves). */
const featureOf: Record<keyof Messages, Feature> = {
  loginLabel: 'common',
  moreInfo: 'common',
  moreInfoUrl: 'common',
  opensInNewTab: 'common',
  connecting: 'common',
  completing: 'common',
  notConfigured: 'common',
  errorFallback: 'common',
  errors: 'errors',
  hostedQrTitle: 'qr',
  hostedQrHint: 'qr',
  qr: 'qr',
  sign: 'sign',
  eme: 'eme',
  notify: 'notify',
};
const views = new Map<IamSmartLang, Messages>();

/** Every string of `lang`, loading what is not loaded yet (all features: for pages and tests that read the wording). */
export async function loadMessages(lang: IamSmartLang): Promise<Messages> {
  await loadCatalogues(lang, ['common', 'errors', 'qr', 'sign', 'eme', 'notify']);
  return messagesFor(lang);
}

/** The words of a cross-device session for what it is for: its QR strings, error messages and "not available" message. */
export interface FlowMessages {
  qr: QrMessages;
  errors: Record<IamSmartErrorCode, string>;
  notConfigured: string;
}

const NOTIFICATION_ONLY: readonly NotificationErrorCode[] = ['login_required', 'not_consented', 'topic_unknown', 'message_invalid', 'message_too_large', 'link_invalid'];

export function flowMessages(lang: IamSmartLang, flow: Flow): FlowMessages {
  const text = messagesFor(lang);
  if (flow === 'login') return { qr: text.qr, errors: text.errors, notConfigured: text.notConfigured };
  if (flow === 'notify') return { qr: { ...text.qr, ...text.notify.qr }, errors: text.notify.errors, notConfigured: text.notify.notConfigured };
  const own = text[flow];
  // Signing and form filling never meet notifications' codes: their own general message, should one arrive.
  const errors = { ...Object.fromEntries(NOTIFICATION_ONLY.map((code) => [code, own.errors.unknown])), ...own.errors } as Record<IamSmartErrorCode, string>;
  return { qr: { ...text.qr, ...own.qr }, errors, notConfigured: own.notConfigured };
}

/** Fills `{name}` placeholders, e.g. `format('Expires in {time}', { time: '2:45' })`. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}
