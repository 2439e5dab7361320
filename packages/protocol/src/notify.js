/**
 * Notifications (decision 059): the kit's own design, since iAM Smart publishes no relying-party
 * notification API. The rules a topic and a message must keep, checked alike by
 * `@iamsmart/server` (before anything is sent) and the sandbox's platform (which refuses anything
 * that got past a server), so that both refuse the same things with the same codes.
 */

/** A topic's id: what the site declares and the resident consents to, e.g. `reservation-ready`. */
export const NOTIFY_TOPIC_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The size limits, in characters (Unicode code points). */
export const NOTIFY_LIMITS = Object.freeze({
  /** topics in one consent request */
  topics: 10,
  /** a topic's name, in each language */
  topicName: 60,
  /** a message's text, in each language */
  text: 500,
  /** the link's URL */
  link: 2048,
});

/**
 * A message's languages: every message carries all three, and each resident reads it in the app's
 * language.
 */
export const NOTIFY_LANGS = Object.freeze(/** @type {const} */ (['en', 'zh-HK', 'zh-CN']));

/**
 * What a message's text says in each language.
 * @typedef {{ en: string, 'zh-HK': string, 'zh-CN': string }} NotifyText
 */

// Markup: a tag (`<b`, `</`, `<!--`, `<?`) or a character reference (`&amp;`, `&#60;`). Plain text
// is what the app shows as it is; anything a renderer could take for markup is refused, not escaped.
const MARKUP = /<[A-Za-z/!?]|&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;
// Control characters other than a line feed, and the bidirectional overrides that make text read
// other than it is stored.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** @param {unknown} value */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** @param {string} text */
const length = (text) => Array.from(text).length;

/**
 * Why a piece of plain text is refused, or undefined when it is fine.
 * @param {unknown} text @param {number} max
 * @returns {'message_invalid' | 'message_too_large' | undefined}
 */
export function plainTextProblem(text, max) {
  if (typeof text !== 'string' || text.trim() === '') return 'message_invalid';
  if (MARKUP.test(text) || CONTROL.test(text)) return 'message_invalid';
  if (length(text) > max) return 'message_too_large';
  return undefined;
}

/**
 * Why a message's text is refused (each of the three languages a non-empty string of plain text,
 * at most `NOTIFY_LIMITS.text` characters, nothing else), or undefined when it is fine.
 * @param {unknown} text
 * @returns {'message_invalid' | 'message_too_large' | undefined}
 */
export function notifyTextProblem(text) {
  if (!isObject(text)) return 'message_invalid';
  const record = /** @type {Record<string, unknown>} */ (text);
  if (Object.keys(record).some((lang) => !(/** @type {readonly string[]} */ (NOTIFY_LANGS)).includes(lang))) return 'message_invalid';
  /** @type {'message_invalid' | 'message_too_large' | undefined} */
  let problem;
  for (const lang of NOTIFY_LANGS) {
    const found = plainTextProblem(record[lang], NOTIFY_LIMITS.text);
    if (found === 'message_invalid') return found;
    problem ??= found;
  }
  return problem;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a message's link is refused, or undefined when it is fine: an absolute `https:` URL (or
 * `http:` on the loopback, for local development), no user name or password, at most
 * `NOTIFY_LIMITS.link` characters, whose origin is exactly one of `origins` (the site's
 * registered origins).
 * @param {unknown} link @param {readonly string[]} origins
 * @returns {'link_invalid' | undefined}
 */
export function notifyLinkProblem(link, origins) {
  if (typeof link !== 'string' || link.length > NOTIFY_LIMITS.link || CONTROL.test(link) || /\s/.test(link)) return 'link_invalid';
  let url;
  try {
    url = new URL(link);
  } catch {
    return 'link_invalid';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return 'link_invalid';
  if (url.username !== '' || url.password !== '') return 'link_invalid';
  if (!origins.includes(url.origin)) return 'link_invalid';
  return undefined;
}

/**
 * Why a topic declaration is refused, or undefined: an id of `NOTIFY_TOPIC_ID` and a name in each
 * of the three languages, plain text of at most `NOTIFY_LIMITS.topicName` characters.
 * @param {unknown} id @param {unknown} name
 * @returns {'invalid_config' | undefined}
 */
export function notifyTopicProblem(id, name) {
  if (typeof id !== 'string' || !NOTIFY_TOPIC_ID.test(id)) return 'invalid_config';
  if (!isObject(name)) return 'invalid_config';
  const record = /** @type {Record<string, unknown>} */ (name);
  if (Object.keys(record).some((lang) => !(/** @type {readonly string[]} */ (NOTIFY_LANGS)).includes(lang))) return 'invalid_config';
  return NOTIFY_LANGS.every((lang) => plainTextProblem(record[lang], NOTIFY_LIMITS.topicName) === undefined) ? undefined : 'invalid_config';
}
