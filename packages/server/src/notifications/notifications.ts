/**
 * Notifications (decision 059, the kit's design: iAM Smart publishes no relying-party notification
 * API): each resident's consent per topic, kept in the store as a copy of the platform's word
 * (written only from a verified push or getConsent); `notify()`, which refuses locally what the
 * platform would refuse and sends nothing then; and the browser's routes
 * `GET {base}/notifications`, `POST {base}/notifications/stop`. The consent request itself is a
 * third flow of the request routes (requests/routes.ts, flow "notify").
 */
import { LANGS, NOTIFY_LIMITS, notifyLinkProblem, notifyTextProblem, pickLang } from '@iamsmart/protocol';
import type { ResolvedConfig } from '../config.js';
import { IamSmartServerError, PlatformError, type ServerErrorCode } from '../errors.js';
import type { ConsentAnswer, NotifyInitiate, PlatformClient } from '../platform/client.js';
import type { SessionInfo } from '../server.js';
import type { Store } from '../store/store.js';
import type { PageLang } from '../requests/types.js';
import type { NotifyText } from './topics.js';

/** What the store keeps per resident (`notify-consent:{openID}`): topic id → since (ms), and when it was last written. */
export interface NotifyConsent {
  topics: Record<string, number>;
  updatedAt: number;
}

/** `server.notify()`'s options. */
export interface NotifyOptions {
  /** An https URL on the site's origin (`config.origin`), opened from the message in the app. */
  link?: string;
}

export interface NotificationDeps {
  config: ResolvedConfig;
  store: Store;
  platform: PlatformClient;
  now: () => number;
  session: (request: Request) => Promise<{ key: string | undefined, session: SessionInfo | undefined }>;
  sameOrigin: (request: Request) => boolean;
  errorJson: (code: ServerErrorCode, status?: number, extra?: Record<string, string>) => Response;
  /** The request body as a JSON object, or the error answer (requests/routes.ts: type, size, shape). */
  jsonBody: (request: Request) => Promise<Record<string, unknown> | Response>;
}

/**
 * The copy lasts a year from its last write; a resident whose copy is gone is read from
 * getConsent again (the platform keeps consent, the store only a copy).
 */
const CONSENT_TTL_MS = 366 * 24 * 3600_000;
const OPEN_ID = /^[\w.~+/=-]{1,200}$/;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
const PLATFORM_TEXT = (text: NotifyText) => ({ 'en-US': text.en, 'zh-HK': text['zh-HK'], 'zh-CN': text['zh-CN'] });

export function notifications(deps: NotificationDeps) {
  const { config, store, platform, now, errorJson } = deps;
  const keyOf = (openID: string) => `notify-consent:${openID}`;
  const declared = () => config.notifications?.topics;
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: JSON_HEADERS });
  const refuse = (code: ServerErrorCode, message: string): never => { throw new IamSmartServerError(code, message); };

  function enabled(): NonNullable<ResolvedConfig['notifications']>['topics'] {
    return declared() ?? refuse('invalid_config', 'Notifications are not configured: pass notifications.topics or set IAMSMART_NOTIFY_TOPICS.');
  }

  /** Stores what the platform answered; a topic keeps its earlier `since` when the answer has none. */
  async function write(openID: string, answer: ConsentAnswer['topics'], previous: NotifyConsent | undefined): Promise<NotifyConsent> {
    const at = now();
    const topics: Record<string, number> = {};
    for (const { topicID, since } of answer) topics[topicID] = since ?? previous?.topics[topicID] ?? at;
    const record = { topics, updatedAt: at };
    await store.set(keyOf(openID), JSON.stringify(record), CONSENT_TTL_MS);
    return record;
  }

  async function stored(openID: string): Promise<NotifyConsent | undefined> {
    const raw = await store.get(keyOf(openID));
    return raw === undefined ? undefined : (JSON.parse(raw) as NotifyConsent);
  }

  /** getConsent, stored. An openID that is not this client's resident (D80008) consents to nothing. */
  async function refresh(openID: string, previous?: NotifyConsent): Promise<NotifyConsent> {
    let answer: ConsentAnswer['topics'];
    try {
      answer = (await platform.notifyConsent(openID)).topics;
    } catch (error) {
      if (!(error instanceof PlatformError && error.platformCode === 'D80008')) throw error;
      answer = [];
    }
    return write(openID, answer, previous);
  }

  /** The stored copy, read from the platform when there is none. */
  async function consentOf(openID: string): Promise<NotifyConsent> {
    if (typeof openID !== 'string' || !OPEN_ID.test(openID)) refuse('invalid_request', 'openID is not an openID.');
    return (await stored(openID)) ?? refresh(openID);
  }

  /** The declared topics the resident consents to, in their declared order (what the page sees). */
  const consentedOf = (record: NotifyConsent) => Object.keys(enabled()).filter((id) => record.topics[id] !== undefined);

  /**
   * Sends one message, checked first as the platform checks it (decision 059's order); a local
   * refusal sends nothing. The platform's own refusals come back as the same codes; "no consent"
   * (the resident stopped in the app before the push arrived) re-reads getConsent first.
   */
  async function notify(openID: string, topic: string, text: NotifyText, options: NotifyOptions = {}): Promise<{ messageID: string }> {
    const topics = enabled();
    if (typeof openID !== 'string' || !OPEN_ID.test(openID)) refuse('invalid_request', 'openID is not an openID.');
    if (typeof topic !== 'string' || !Object.hasOwn(topics, topic)) refuse('topic_unknown', `The topic ${JSON.stringify(topic)} is not declared in notifications.topics.`);
    const textProblem = notifyTextProblem(text);
    if (textProblem === 'message_too_large') refuse(textProblem, `Each language's text is at most ${NOTIFY_LIMITS.text} characters.`);
    if (textProblem) refuse(textProblem, 'The text must be plain (no markup, character references or control characters) and given in en, zh-HK and zh-CN.');
    const { link } = options;
    if (link !== undefined && notifyLinkProblem(link, [config.origin])) refuse('link_invalid', `The link must be an https URL on ${config.origin}.`);
    const consent = await consentOf(openID);
    if (consent.topics[topic] === undefined) refuse('not_consented', `The resident has not agreed to updates on ${topic}, or has stopped them.`);
    try {
      return await platform.notifySend(openID, topic, PLATFORM_TEXT(text), link);
    } catch (error) {
      // Withdrawn in the app, and the push not here yet: the copy follows the platform's word.
      if (error instanceof PlatformError && error.platformCode === 'D80002') await refresh(openID, consent).catch(() => undefined);
      throw error;
    }
  }

  /** A request's `topics`: 1–10 distinct declared ids, or the code to answer. */
  function requestTopics(value: unknown): string[] | ServerErrorCode {
    const topics = declared();
    if (!topics) return 'invalid_config';
    return topicList(value, topics) ?? 'invalid_request';
  }

  /** The ids when they are 1–10 distinct strings; `topic_unknown` when one is not declared; undefined otherwise. */
  function topicList(value: unknown, topics: Record<string, NotifyText>): string[] | 'topic_unknown' | undefined {
    if (!Array.isArray(value) || value.length === 0 || value.length > NOTIFY_LIMITS.topics) return undefined;
    if (value.some((id) => typeof id !== 'string') || new Set(value).size !== value.length) return undefined;
    return value.some((id: string) => !Object.hasOwn(topics, id)) ? 'topic_unknown' : (value as string[]);
  }

  /** The consent request's topics as the platform takes them (named in its languages), in their declared order. */
  function platformTopics(ids: string[]): NotifyInitiate['topics'] {
    return Object.entries(enabled()).filter(([topicID]) => ids.includes(topicID)).map(([topicID, name]) => ({ topicID, name: PLATFORM_TEXT(name) }));
  }

  /**
   * An approved consent request, its pushed content verified by the request routes: the ticked
   * topics join the resident's copy (read from the platform first when there is none). Answers
   * the page's result.
   */
  async function approved(openID: string, ticked: string[]): Promise<{ consented: string[] }> {
    const before = await consentOf(openID);
    const at = now();
    const merged = { ...before.topics };
    for (const id of ticked) merged[id] ??= at;
    const record = await write(openID, Object.entries(merged).map(([topicID, since]) => ({ topicID, since })), before);
    return { consented: consentedOf(record) };
  }

  /** GET {base}/notifications?lang= */
  async function list(request: Request, url: URL): Promise<Response> {
    const topics = declared();
    if (!topics) return errorJson('invalid_config');
    const lang = url.searchParams.get('lang') ?? pickLang(request.headers.get('accept-language') ?? '');
    if (!(LANGS as readonly string[]).includes(lang)) return errorJson('invalid_request');
    const named = Object.entries(topics).map(([id, name]) => ({ id, name: name[lang as PageLang] }));
    const { session } = await deps.session(request);
    // As GET {base}/session: a page asking before its resident has logged in is normal, not a
    // failure (a 401 would be logged in the browser's console on every logged-out visit).
    if (!session) return json({ loggedIn: false, topics: named, consented: [] });
    const record = await consentOf(session.resident.openID);
    return json({ loggedIn: true, topics: named, consented: consentedOf(record), updatedAt: record.updatedAt });
  }

  /** POST {base}/notifications/stop: the platform withdraws first; the copy follows its answer. */
  async function stop(request: Request): Promise<Response> {
    if (!deps.sameOrigin(request)) return errorJson('cross_site_request');
    const topics = declared();
    if (!topics) return errorJson('invalid_config');
    const body = await deps.jsonBody(request);
    if (body instanceof Response) return body;
    const chosen = body.topics === undefined ? undefined : topicList(body.topics, topics);
    if (chosen === 'topic_unknown') return errorJson(chosen);
    if (body.topics !== undefined && chosen === undefined) return errorJson('invalid_request');
    const { session } = await deps.session(request);
    if (!session) return errorJson('login_required');
    const openID = session.resident.openID;
    const previous = await stored(openID);
    const left = await platform.notifyWithdraw(openID, chosen);
    const record = await write(openID, left.topics, previous);
    return json({ consented: consentedOf(record) });
  }

  /**
   * The platform's push `event: "notificationConsent"` (a resident stopped updates in the app).
   * Anyone holding the site's public certificate can seal such a push, so its content only names
   * whose copy to re-read from getConsent; a resident with no copy here has nothing to correct.
   */
  async function consentPush(body: Record<string, unknown>): Promise<Response> {
    const answer = (status: number, code?: ServerErrorCode) =>
      (code ? errorJson(code, status) : new Response(JSON.stringify({ code: 'D00000' }), { status, headers: JSON_HEADERS }));
    if (!declared()) return answer(404, 'invalid_request');
    if (body.code !== 'D00000') return answer(400, 'invalid_request');
    let openID: unknown;
    try {
      openID = platform.openPush({ code: body.code, content: body.content, secretKey: body.secretKey, txID: body.txID }).content?.openID;
    } catch {
      return answer(400, 'platform_error');
    }
    if (typeof openID !== 'string' || !OPEN_ID.test(openID)) return answer(400, 'platform_error');
    const previous = await stored(openID);
    if (previous) await refresh(openID, previous);
    return answer(200);
  }

  /** The routes under {base}/notifications; undefined when the path is not one of them. */
  async function route(request: Request, path: string, url: URL): Promise<Response | undefined> {
    if (path === '/notifications') return request.method === 'GET' ? list(request, url) : errorJson('invalid_request', 405, { allow: 'GET' });
    if (path === '/notifications/stop') return request.method === 'POST' ? stop(request) : errorJson('invalid_request', 405, { allow: 'POST' });
    return undefined;
  }

  return { notify, consentOf, requestTopics, platformTopics, approved, consentPush, route };
}

export type Notifications = ReturnType<typeof notifications>;
