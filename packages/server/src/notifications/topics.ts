/**
 * The topics a site declares for notifications (decision 059), checked at start by the rules
 * the platform checks them by (`@iamsmart/protocol` notify.js).
 */
import { NOTIFY_LIMITS, notifyTopicProblem } from '@iamsmart/protocol';
import { ConfigError } from '../errors.js';

/** Text in the kit's three languages: a topic's name, a message. */
export interface NotifyText {
  en: string;
  'zh-HK': string;
  'zh-CN': string;
}

/** Topic id (`^[a-z0-9][a-z0-9-]{0,39}$`) → its name in the three languages. */
export type NotifyTopics = Record<string, NotifyText>;

/** The declared topics, copied, or ConfigError naming the first one that breaks the rules. */
export function checkedTopics(value: unknown): NotifyTopics {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
    throw new ConfigError('notifications.topics (IAMSMART_NOTIFY_TOPICS) must declare at least one topic: { [topicID]: { en, "zh-HK", "zh-CN" } }.');
  }
  const topics: NotifyTopics = {};
  for (const [id, name] of Object.entries(value as Record<string, unknown>)) {
    if (notifyTopicProblem(id, name) !== undefined) {
      throw new ConfigError(`notifications.topics (IAMSMART_NOTIFY_TOPICS): topic ${JSON.stringify(id)} needs an id of lower-case letters, digits and hyphens (at most 40) and a name in en, zh-HK and zh-CN, plain text of at most ${NOTIFY_LIMITS.topicName} characters each.`);
    }
    const { en, 'zh-HK': hk, 'zh-CN': cn } = name as NotifyText;
    topics[id] = { en, 'zh-HK': hk, 'zh-CN': cn };
  }
  return topics;
}
