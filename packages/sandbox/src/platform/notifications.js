/**
 * Notifications (decision 059), the kit's design: no relying-party notification API is public, so
 * this module is the one place that would change if the platform published one. In the platform's
 * conventions (signed, encrypted `/api/v1` calls, D-codes, an account request carried like e-ME's):
 * - `POST /account/notification/initiateRequest`: a logged-in resident is asked, in the app, for
 *   consent to some topics (the login phone's inbox, or getQR with a ticket); the ticked topics are
 *   pushed to the redirectURI and kept, per client, resident and topic, with their names;
 * - `POST /notification/getConsent`, `/notification/withdraw`, `/notification/send`;
 * - for the phone simulator: each resident's messages and consents, and stopping a service's
 *   updates in the app, which pushes `event: "notificationConsent"` to the consent's redirectURI.
 * Everything is in memory. The limits and other choices are in choices.js, the codes in codes.js.
 */
import { NOTIFY_LIMITS, NOTIFY_TOPIC_ID, notifyLinkProblem, notifyTextProblem, notifyTopicProblem } from '@iamsmart/protocol';
import { randomUUID } from 'node:crypto';
import { createRateLimiter } from '../session/rate-limit.js';
import {
  clientNames, endingsOf, LANGS, loggedInResident, pushEnding, requestBasics, requestLangOf, routeRequest, sealedContent, ticketBook,
} from './account-requests.js';
import { NOTIFY_CLIENT_LIMIT, NOTIFY_INBOX_KEPT, NOTIFY_LIMIT_WINDOW_MS, NOTIFY_RESIDENT_LIMIT, txID } from './choices.js';
import {
  NOTIFY_CLIENT_RATE_LIMITED, NOTIFY_LINK_INVALID, NOTIFY_MESSAGE_INVALID, NOTIFY_MESSAGE_TOO_LARGE,
  NOTIFY_NOT_CONSENTED, NOTIFY_OPEN_ID_UNKNOWN, NOTIFY_PARAMETER_INVALID, NOTIFY_RESIDENT_RATE_LIMITED, PlatformError,
  SUCCESS,
} from './codes.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {import('./eme.js').EmeRequest} EmeRequest */
/** @typedef {import('./api.js').PlatformClient} PlatformClient */

/**
 * A topic a consent request asks about: its id and its name in each page language.
 * @typedef {{ topicID: string, name: Record<Lang, string> }} NotifyTopic
 */

/**
 * A message in a resident's inbox.
 * @typedef {{ messageID: string, clientId: string, clientNames: Record<Lang, string>, topicID: string,
 *   text: Record<Lang, string>, link?: string, at: number, read: boolean }} NotifyMessage
 */

/**
 * A resident's consent at one client: the topics with when each was given and its name, and where
 * a withdrawal in the app is pushed (the redirectURI of the last consent request).
 * @typedef {{ topics: Map<string, { since: number, name: Record<Lang, string> }>, redirectUri: string }} Consent
 */

/** What the push says for each ending of a consent request. @type {Record<import('./login-sessions.js').EmeOutcome, [string, string]>} */
const ENDINGS = endingsOf('The resident declined to receive updates.');

/** @param {string} details */
const bad = (details) => new PlatformError(NOTIFY_PARAMETER_INVALID, details);

/**
 * Texts keyed by the platform's languages ("en-US", "zh-HK", "zh-CN") keyed by the page languages
 * instead; anything else is answered as it is, which the protocol's rules refuse (they know no
 * "en-US"), so `{ "en-US": …, en: … }` cannot pass as the three languages.
 * @param {unknown} value
 */
function pageLangKeys(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).some((key) => !Object.hasOwn(LANGS, key))) return value;
  return Object.fromEntries(Object.entries(value).map(([key, text]) => [LANGS[/** @type {keyof typeof LANGS} */ (key)], text]));
}

/**
 * initiateRequest's `topics`, checked: 1 to NOTIFY_LIMITS.topics distinct topics, each a topicID
 * and a name in the three languages.
 * @param {unknown} topics @returns {NotifyTopic[]}
 */
function checkedTopics(topics) {
  const rule = `topics must be 1 to ${NOTIFY_LIMITS.topics} distinct { topicID, name: { "en-US", "zh-HK", "zh-CN" } }, each name plain text of at most ${NOTIFY_LIMITS.topicName} characters.`;
  if (!Array.isArray(topics) || topics.length < 1 || topics.length > NOTIFY_LIMITS.topics) throw bad(rule);
  const checked = topics.map((topic) => {
    const { topicID, name } = topic ?? {};
    const named = pageLangKeys(name);
    if (notifyTopicProblem(topicID, named)) throw bad(rule);
    return { topicID: /** @type {string} */ (topicID), name: /** @type {Record<Lang, string>} */ (named) };
  });
  if (new Set(checked.map(({ topicID }) => topicID)).size !== checked.length) throw bad(rule);
  return checked;
}

/**
 * @param {object} deps
 * @param {ReturnType<typeof import('./api.js').createPlatformApi>} deps.api
 * @param {import('./account-requests.js').TokenFor} deps.tokenFor
 * @param {(clientId: string, residentId: string) => string} deps.accountIdFor
 * @param {(clientId: string, openID: string) => { id: string } | undefined} deps.residentFor the resident of an openID at a client
 * @param {import('./push.js').Pusher} deps.pusher
 * @param {readonly string[]} deps.sources
 * @param {import('./account-requests.js').ToPhone} deps.toPhone the phone's inbox (decision 033)
 * @param {{ client?: number, resident?: number }} [deps.limits] sends a minute, per client and per resident at a client
 */
export function notificationRoutes({ api, tokenFor, accountIdFor, residentFor, pusher, sources, toPhone, limits = {} }) {
  const tickets = ticketBook(api);
  const clientLimit = limits.client ?? NOTIFY_CLIENT_LIMIT;
  const residentLimit = limits.resident ?? NOTIFY_RESIDENT_LIMIT;
  // Sends, not attempts: checked before a send, counted once it is made.
  const windowSeconds = NOTIFY_LIMIT_WINDOW_MS / 1000;
  const clientSends = createRateLimiter({ max: clientLimit, windowSeconds }, api.now);
  const residentSends = createRateLimiter({ max: residentLimit, windowSeconds }, api.now);
  /** @type {Map<string, Map<string, Consent>>} by client, then resident */
  const consents = new Map();
  /** @type {Map<string, NotifyMessage[]>} by resident, newest first */
  const inboxes = new Map();

  /** @param {string} clientId @param {string} residentId */
  const consentOf = (clientId, residentId) => consents.get(clientId)?.get(residentId);

  /**
   * The resident of a call's openID at this client.
   * @param {PlatformClient} client @param {unknown} openID
   */
  function residentOf(client, openID) {
    if (typeof openID !== 'string' || openID === '') throw bad('openID must be the resident\'s openID at this client.');
    const resident = residentFor(client.clientId, openID);
    if (!resident) throw new PlatformError(NOTIFY_OPEN_ID_UNKNOWN, 'openID is no resident of this client.');
    return resident.id;
  }

  /** @param {string} clientId @param {string} residentId */
  function topicsLeft(clientId, residentId) {
    return [...consentOf(clientId, residentId)?.topics.keys() ?? []];
  }

  /** POST /account/notification/initiateRequest. @type {import('./api.js').SignedHandler} */
  function initiateRequest({ client, body }) {
    const { residentId, openID, device } = loggedInResident({ tokenFor, accountIdFor }, client, body, undefined, undefined);
    const { businessID, redirectURI, state } = requestBasics(client, body, sources, bad);
    const lang = requestLangOf(body.lang, bad);
    const topics = checkedTopics(body.topics);
    return routeRequest(tickets, toPhone, client, {
      residentId, openID, businessID, clientId: client.clientId, redirectUri: redirectURI, state, lang,
      formName: '', formNum: '', formDesc: '', fields: [], notify: { topics },
    }, device);
  }

  /** POST /notification/getConsent. @type {import('./api.js').SignedHandler} */
  function getConsent({ client, body }) {
    const residentId = residentOf(client, body.openID);
    const topics = [...consentOf(client.clientId, residentId)?.topics ?? []].map(([topicID, { since }]) => ({ topicID, since }));
    return { openID: body.openID, topics };
  }

  /** POST /notification/withdraw: the site stops updates on the resident's word (no app confirmation). @type {import('./api.js').SignedHandler} */
  function withdraw({ client, body }) {
    const residentId = residentOf(client, body.openID);
    const { topics } = body;
    if (topics !== undefined && (!Array.isArray(topics) || topics.some((topic) => typeof topic !== 'string' || !NOTIFY_TOPIC_ID.test(topic)))) {
      throw bad('topics, when given, must be a list of topicIDs.');
    }
    const consent = consentOf(client.clientId, residentId);
    if (consent) {
      for (const topicID of topics ?? [...consent.topics.keys()]) consent.topics.delete(topicID);
      if (consent.topics.size === 0) consents.get(client.clientId)?.delete(residentId);
    }
    return { openID: body.openID, topics: topicsLeft(client.clientId, residentId) };
  }

  /** POST /notification/send: every check first (in decision 059's order), then the message. @type {import('./api.js').SignedHandler} */
  function send({ client, body }) {
    const { openID, topicID, message, link } = body;
    if (typeof topicID !== 'string' || !NOTIFY_TOPIC_ID.test(topicID)) throw bad('topicID must match ^[a-z0-9][a-z0-9-]{0,39}$.');
    if (typeof message !== 'object' || message === null || Array.isArray(message)) throw bad('message must be an object { "en-US", "zh-HK", "zh-CN" }.');
    const residentId = residentOf(client, openID);
    if (!consentOf(client.clientId, residentId)?.topics.has(topicID)) {
      throw new PlatformError(NOTIFY_NOT_CONSENTED, 'The resident has not consented to this topic (never, or withdrawn).');
    }
    const text = pageLangKeys(message);
    const textProblem = notifyTextProblem(text);
    if (textProblem === 'message_invalid') {
      throw new PlatformError(NOTIFY_MESSAGE_INVALID, 'message must be plain text in "en-US", "zh-HK" and "zh-CN": no markup, no control character but a line feed.');
    }
    const origins = [...new Set(client.redirectUris.map((uri) => new URL(uri).origin))];
    if (link !== undefined && notifyLinkProblem(link, origins)) {
      throw new PlatformError(NOTIFY_LINK_INVALID, `link must be an https: URL (http: on the loopback) without credentials on one of ${origins.join(', ')}.`);
    }
    if (textProblem === 'message_too_large') throw new PlatformError(NOTIFY_MESSAGE_TOO_LARGE, `Each language's text must be at most ${NOTIFY_LIMITS.text} characters.`);
    if (!clientSends.check(client.clientId).ok) throw new PlatformError(NOTIFY_CLIENT_RATE_LIMITED, `This client sent ${clientLimit} messages in the last minute.`);
    const pair = `${client.clientId}\n${residentId}`;
    if (!residentSends.check(pair).ok) throw new PlatformError(NOTIFY_RESIDENT_RATE_LIMITED, `This client sent ${residentLimit} messages to this resident in the last minute.`);
    clientSends.take(client.clientId);
    residentSends.take(pair);
    const messageID = randomUUID();
    const inbox = inboxes.get(residentId) ?? [];
    inbox.unshift({
      messageID, clientId: client.clientId, clientNames: clientNames(client), topicID,
      text: /** @type {Record<Lang, string>} */ (text), ...(link === undefined ? {} : { link: /** @type {string} */ (link) }), at: api.now(), read: false,
    });
    inboxes.set(residentId, inbox.slice(0, NOTIFY_INBOX_KEPT));
    return { messageID };
  }

  /** @type {Record<string, import('./api.js').SignedHandler>} */
  const routes = {
    '/account/notification/initiateRequest': initiateRequest,
    '/notification/getConsent': getConsent,
    '/notification/withdraw': withdraw,
    '/notification/send': send,
  };
  for (const [path, handler] of Object.entries(routes)) api.router.post(path, api.signed(handler));

  return {
    /** The consent request of a ticketID, used once (getQR). */
    take: tickets.take,

    /**
     * How a consent request ended, pushed to the redirectURI: approved, the ticked topics kept
     * (with their names; the others stay as they were) and pushed; otherwise its code and no content.
     * @param {EmeRequest} request @param {import('./login-sessions.js').EmeOutcome} outcome
     */
    settle(request, outcome) {
      const { notify } = request;
      if (!notify) return;
      const chosen = notify.chosen ?? [];
      if (outcome === 'approved') {
        const residentId = /** @type {string} */ (request.residentId);
        const byClient = consents.get(request.clientId) ?? new Map();
        consents.set(request.clientId, byClient);
        /** @type {Consent} */
        const consent = byClient.get(residentId) ?? { topics: new Map(), redirectUri: request.redirectUri };
        consent.redirectUri = request.redirectUri;
        for (const topic of notify.topics.filter(({ topicID }) => chosen.includes(topicID))) {
          consent.topics.set(topic.topicID, { since: consent.topics.get(topic.topicID)?.since ?? api.now(), name: topic.name });
        }
        byClient.set(residentId, consent);
      }
      pushEnding({ api, pusher }, ENDINGS, request, outcome, () => ({ businessID: request.businessID, openID: request.openID, topics: chosen }));
    },

    /** What the phone simulator shows and does for a resident (decision 059). */
    app: {
      /** The resident's messages, newest first. @param {string} residentId @returns {NotifyMessage[]} */
      messages: (residentId) => (inboxes.get(residentId) ?? []).map((message) => ({ ...message })),
      /** @param {string} residentId */
      unread: (residentId) => (inboxes.get(residentId) ?? []).filter((message) => !message.read).length,
      /** Opening the list marks every message read. @param {string} residentId */
      markRead(residentId) {
        for (const message of inboxes.get(residentId) ?? []) message.read = true;
      },
      /**
       * Every service the resident consented to, with its topics' names.
       * @param {string} residentId
       * @returns {{ clientId: string, clientNames: Record<Lang, string>, topics: { topicID: string, name: Record<Lang, string> }[] }[]}
       */
      services(residentId) {
        return [...consents].flatMap(([clientId, byResident]) => {
          const consent = byResident.get(residentId);
          const client = api.clientFor(clientId);
          if (!consent || !client) return [];
          return [{ clientId, clientNames: clientNames(client), topics: [...consent.topics].map(([topicID, { name }]) => ({ topicID, name })) }];
        });
      },
      /**
       * Stops a service's updates in the app: its consent goes at once (the next send is D80002),
       * then `event: "notificationConsent"` is pushed to the last consent request's redirectURI.
       * @param {string} residentId @param {string} clientId @returns {boolean} whether there was a consent
       */
      stop(residentId, clientId) {
        const consent = consentOf(clientId, residentId);
        const client = api.clientFor(clientId);
        if (!consent || !client) return false;
        consents.get(clientId)?.delete(residentId);
        void pusher.deliver(consent.redirectUri, {
          txID: txID(), code: SUCCESS, message: 'The resident stopped updates in the app.', event: 'notificationConsent',
          ...sealedContent(client, { openID: accountIdFor(clientId, residentId), topics: [] }),
        });
        return true;
      },
    },
  };
}

/** @typedef {ReturnType<typeof notificationRoutes>} Notifications */
