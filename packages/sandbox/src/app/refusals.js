/**
 * How a request ends or is refused in the simulator, in the words of its flow: a declined sign
 * or eme request must not read "Login declined". A link refused before this phone opened it (a
 * late scan) could be any flow, so the plain wording does not say which.
 */
import { t } from '../views/i18n.js';
import { languageHrefFor, requestLang } from '../http/lang.js';
import { respond } from '../http/respond.js';
import { appMessagePage } from './views.js';

/**
 * @typedef {import('./state.js').AppFlow} Flow
 * @typedef {{ title: import('../views/i18n.js').MessageKey, help: import('../views/i18n.js').MessageKey }} Wording
 * @typedef {'malformed' | 'unknown' | 'stale' | 'expired' | 'used' | 'csrf' | 'scanned_elsewhere' | 'stopped_elsewhere'} Refusal
 */

/**
 * What each refusal means for the resident (screen) and for an API caller (JSON).
 * @type {Record<Refusal, Wording & { status: number, error: string } & Partial<Record<Flow, Wording>>>}
 */
const REFUSALS = {
  malformed: { status: 400, error: 'invalid_request', title: 'malformedTitle', help: 'malformedHelp' },
  unknown: { status: 404, error: 'unknown_request', title: 'unknownTitle', help: 'unknownHelp' },
  stale: { status: 400, error: 'stale_qr_code', title: 'staleTitle', help: 'staleHelp' },
  expired: {
    status: 410, error: 'expired_token', title: 'requestExpiredTitle', help: 'requestExpiredHelp',
    login: { title: 'sessionExpiredTitle', help: 'sessionExpiredHelp' },
    sign: { title: 'signExpiredTitle', help: 'signExpiredHelp' },
    eme: { title: 'emeExpiredTitle', help: 'emeExpiredHelp' },
    profile: { title: 'profileExpiredTitle', help: 'profileExpiredHelp' },
  },
  used: {
    status: 410, error: 'already_used', title: 'requestUsedTitle', help: 'requestUsedHelp',
    login: { title: 'usedTitle', help: 'usedHelp' },
    sign: { title: 'signUsedTitle', help: 'signUsedHelp' },
    eme: { title: 'emeUsedTitle', help: 'emeUsedHelp' },
    profile: { title: 'profileUsedTitle', help: 'profileUsedHelp' },
  },
  csrf: { status: 403, error: 'invalid_csrf_token', title: 'csrfTitle', help: 'csrfHelp' },
  // A second phone opened a request another phone had opened: refused, and the request stopped.
  scanned_elsewhere: { status: 409, error: 'scanned_elsewhere', title: 'scannedElsewhereTitle', help: 'scannedElsewhereHelp' },
  // The first phone's screen once that happened.
  stopped_elsewhere: { status: 410, error: 'scanned_elsewhere', title: 'stoppedTitle', help: 'stoppedElsewhereHelp' },
};

/**
 * The screen a request ends on, by outcome and flow.
 * @type {Record<'approved' | 'declined' | 'stopped', Record<Flow, Wording>>}
 */
export const OUTCOMES = {
  approved: {
    login: { title: 'approvedTitle', help: 'approvedHelp' },
    sign: { title: 'signedTitle', help: 'signedHelp' },
    eme: { title: 'emeApprovedTitle', help: 'emeApprovedHelp' },
    profile: { title: 'profileApprovedTitle', help: 'profileApprovedHelp' },
    // Placeholder until the simulator's own notifications screens (decision 059, the sandbox's part).
    notify: { title: 'approvedTitle', help: 'approvedHelp' },
  },
  declined: {
    login: { title: 'declinedTitle', help: 'declinedHelp' },
    sign: { title: 'signDeclinedTitle', help: 'signDeclinedHelp' },
    eme: { title: 'emeDeclinedTitle', help: 'emeDeclinedHelp' },
    profile: { title: 'profileDeclinedTitle', help: 'profileDeclinedHelp' },
    notify: { title: 'declinedTitle', help: 'declinedHelp' },
  },
  stopped: {
    login: { title: 'stoppedTitle', help: 'stoppedHelp' },
    sign: { title: 'stoppedTitle', help: 'signStoppedHelp' },
    eme: { title: 'stoppedTitle', help: 'emeStoppedHelp' },
    profile: { title: 'stoppedTitle', help: 'profileStoppedHelp' },
    notify: { title: 'stoppedTitle', help: 'stoppedHelp' },
  },
};

/**
 * A refusal: a JSON error for API callers, a screen for the resident.
 * @param {import('koa').Context} ctx
 * @param {string} reason the engine's or the simulator's; anything unexpected reads as unknown
 * @param {string | null | undefined} [lang] a form's `lang`; by default the query's
 * @param {Flow} [flow] what the refused request asked for, when known
 */
export function refuse(ctx, reason, lang, flow) {
  const refusal = Object.hasOwn(REFUSALS, reason) ? REFUSALS[/** @type {Refusal} */ (reason)] : REFUSALS.unknown;
  const wording = (flow && refusal[flow]) || refusal;
  const { lang: pageLang, explicit } = requestLang(ctx, lang);
  respond(ctx, {
    status: refusal.status,
    json: { error: refusal.error, error_description: t('en', refusal.help) },
    page: () => appMessagePage({
      lang: pageLang, explicitLang: explicit, title: t(pageLang, wording.title), help: t(pageLang, wording.help), code: refusal.error,
      languageHref: ctx.method === 'GET' ? languageHrefFor(ctx) : undefined,
    }),
  });
}
