// Notifications in backend mode (decision 059), loaded on first use: `GET {backend}/notifications`
// and `POST {backend}/notifications/stop`, their answers checked before the page uses them (the
// ids go into a request, the names onto the page), and the topics a consent request may ask for.
import { NOTIFY_LIMITS, NOTIFY_TOPIC_ID } from '@iamsmart/protocol';
import type { IamSmartLang } from '../config/types.js';
import { IamSmartError } from '../errors.js';
import type { NotificationSettings, NotifyConsent, NotifyTopic } from '../notify/types.js';
import { backendRequest } from './http.js';
import type { ResolvedIamSmartBackendConfig } from './types.js';

function malformed(what: string): never {
  throw new IamSmartError('unknown', `The website's backend answered about notifications with ${what}.`);
}

const isTopicId = (value: unknown): value is string => typeof value === 'string' && NOTIFY_TOPIC_ID.test(value);

/** `{ consented: [ids] }`, checked. */
export function readConsent(body: unknown): NotifyConsent {
  const consented = (body as { consented?: unknown } | undefined)?.consented;
  if (!Array.isArray(consented) || !consented.every(isTopicId)) malformed('no list of consented topics');
  return { consented: [...new Set(consented)] };
}

/** `{ topics: [{ id, name }], consented: [ids], updatedAt? }`, checked; consent to a topic the site no longer declares is left out. */
export function readSettings(body: unknown): NotificationSettings {
  const { topics, updatedAt, loggedIn } = (body ?? {}) as { topics?: unknown; updatedAt?: unknown; loggedIn?: unknown };
  // The backend answers a page whose resident has not logged in with `loggedIn: false`, as /session does.
  if (loggedIn === false) throw new IamSmartError('login_required', 'Nobody is logged in on this website with iAM Smart.');
  if (!Array.isArray(topics)) malformed('no list of topics');
  const checked: NotifyTopic[] = topics.map((topic: unknown) => {
    const { id, name } = (topic ?? {}) as Record<string, unknown>;
    if (!isTopicId(id) || typeof name !== 'string' || name.trim() === '') malformed('a topic without an id or a name');
    return { id, name };
  });
  const ids = checked.map(({ id }) => id);
  if (new Set(ids).size !== ids.length) malformed('a topic twice');
  const settings: NotificationSettings = { topics: checked, consented: readConsent(body).consented.filter((id) => ids.includes(id)) };
  if (typeof updatedAt === 'number' && Number.isFinite(updatedAt)) settings.updatedAt = updatedAt;
  return settings;
}

/** The topics a consent request asks for: 1–10 distinct ids of the right shape (`invalid_request`, `topic_unknown`), before anything is sent. */
export function checkTopics(topics: unknown): string[] {
  if (!Array.isArray(topics) || topics.length === 0 || topics.length > NOTIFY_LIMITS.topics) {
    throw new IamSmartError('invalid_request', `A notifications request asks for 1 to ${NOTIFY_LIMITS.topics} topics.`);
  }
  if (new Set<unknown>(topics).size !== topics.length) throw new IamSmartError('invalid_request', 'A notifications request names a topic twice.');
  const bad: unknown = (topics as unknown[]).find((topic) => !isTopicId(topic));
  if (bad !== undefined) throw new IamSmartError('topic_unknown', `${JSON.stringify(bad)} cannot be a topic's id.`);
  return topics as string[];
}

/** `GET {backend}/notifications?lang=`: the declared topics named in `lang` (default: the client's), and the resident's choice. */
export async function readNotifications({ backend, lang, requestTimeoutSeconds }: ResolvedIamSmartBackendConfig, asked: IamSmartLang | undefined): Promise<NotificationSettings> {
  const query = new URLSearchParams({ lang: asked ?? lang });
  return readSettings(await backendRequest('GET', `${backend}/notifications?${query.toString()}`, requestTimeoutSeconds));
}

/** `POST {backend}/notifications/stop` with `{ topics }` (checked first), or `{}` for all: what is left. */
export async function stopNotifications({ backend, requestTimeoutSeconds }: ResolvedIamSmartBackendConfig, topics: string[] | undefined): Promise<NotifyConsent> {
  const body = topics === undefined ? {} : { topics: checkTopics(topics) };
  return readConsent(await backendRequest('POST', `${backend}/notifications/stop`, requestTimeoutSeconds, { body }));
}
