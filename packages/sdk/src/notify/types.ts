import type { IamSmartLang } from '../config/types.js';
import type { Session, SessionSnapshot } from '../session/types.js';

/** A topic the website declares (decision 059): its id, and its name in the language asked for. */
export interface NotifyTopic {
  /** e.g. `reservation-ready` (`^[a-z0-9][a-z0-9-]{0,39}$`). */
  id: string;
  /** What the resident reads, e.g. `Reservation ready`. */
  name: string;
}

/** The resident's choice as the website's backend knows it (`GET {backend}/notifications`). */
export interface NotificationSettings {
  /** Every topic the website declares, in its order. */
  topics: NotifyTopic[];
  /** The ids of those the resident gets in iAM Smart now (none: not opted in, or stopped). */
  consented: string[];
  /** When the website last heard of the choice from iAM Smart, in ms since the epoch. */
  updatedAt?: number;
}

/** What the resident is asked to get updates about. */
export interface NotifyRequest {
  /** Ids of declared topics, 1–10, no repeats. */
  topics: string[];
  /** The language the request is shown in on this page (the backend's topic names follow it). */
  lang?: IamSmartLang;
}

/** The topics the resident gets updates about now (after an approval, or a stop). */
export interface NotifyConsent {
  consented: string[];
}

/** A consent request's state: in `done`, the topics now consented. */
export interface NotifySnapshot extends SessionSnapshot {
  result?: NotifyConsent;
}

/** A consent request: the resident confirms (or declines) in the iAM Smart app. */
export type NotifySession = Session<NotifySnapshot, NotifyConsent>;
