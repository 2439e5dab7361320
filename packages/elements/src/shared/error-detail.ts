import type { IamSmartErrorCode, IamSmartLang } from '@iamsmart/sdk';
import type { IamsErrorDetail } from '../events.js';
import { isErrorCode } from '@iamsmart/protocol';
import { flowMessages, messagesFor, type Flow } from '../i18n/index.js';

type FlowErrors = Partial<Record<IamSmartErrorCode, string>>;

/**
 * Turns whatever a login or signing rejected with into an `iams-error` detail with a message in
 * `lang`, worded for `flow`; an error without one of the SDK's codes gets `fallback`.
 * Reads `code` by shape rather than `instanceof IamSmartError`, so the elements need not load
 * the SDK's runtime for it. Without `lang`'s error messages (not loaded, or they could not be:
 * see `loadErrors`) the message is the general `errorFallback`, still in `lang` (decision 045).
 */
export function errorDetail(error: unknown, lang: IamSmartLang, fallback: IamSmartErrorCode = 'unknown', flow: Flow = 'login'): IamsErrorDetail {
  const code: IamSmartErrorCode =
    typeof error === 'object' && error !== null && 'code' in error && isErrorCode(error.code) ? error.code : fallback;
  const errors = flowMessages(lang, flow).errors as FlowErrors | undefined;
  return { code, message: errors?.[code] ?? messagesFor(lang).errorFallback, cause: error };
}
