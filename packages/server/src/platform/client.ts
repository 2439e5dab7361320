/**
 * The relying party's client of the iAM Smart platform API (PLATFORM.md): signed POSTs with the
 * five headers, the content key from getKey (cached, renewed before expiry and once on D30001–
 * D30004), AES-256-GCM bodies both ways, typed errors, timeouts, and retries only where a retry
 * cannot do anything twice (getKey and reads, on network failure).
 */
import { randomUUID } from 'node:crypto';
import { PlatformError, codeForPlatformCode } from '../errors.js';
import { KeyUnwrapper, SIGNATURE_METHOD, decryptContent, encryptContent, signature } from './crypto.js';

export const SUCCESS = 'D00000';
/** Key and encryption codes: the content key is missing, expired, revoked or did not decrypt. */
const KEY_CODES = new Set(['D30001', 'D30002', 'D30003', 'D30004']);
/**
 * The platform refuses a timestamp lower than the last it accepted from this client (D29005),
 * and changes nothing when it does. Several instances of one site, or concurrent calls of one,
 * reach it out of order by milliseconds, so such a refusal is sent again, freshly signed, a few
 * times after a short random pause: safe even for calls that must never run twice.
 */
const TIMESTAMP_REFUSED = 'D29005';
const TIMESTAMP_ATTEMPTS = 10;
/** Renew the key this long before it expires, so no request races its expiry. */
const KEY_RENEW_MARGIN_MS = 60_000;

export interface PlatformClientOptions {
  /** The platform's origin, e.g. http://localhost:8787 (the sandbox); paths are /api/v1/… under it. */
  platformUrl: string;
  clientID: string;
  clientSecret: string;
  /** The private key (PEM) of the registered encipherment certificate. */
  privateKeyPem: string;
  /** Per request (default 10 000 ms). */
  timeoutMs?: number;
  /** Attempts for getKey and reads after a network failure (default 2). */
  readAttempts?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** initiateRequest's answer: the hosted page's ticket, or the request sent to the resident's phone. */
export interface InitiateAnswer {
  authByQR: boolean;
  ticketID?: string;
  /** Signing with authByQR false: the code the page shows and the resident picks on the phone. */
  identificationCode?: string;
}

/** What every initiateRequest carries. */
export interface RequestBase {
  businessID: string;
  source: string;
  redirectURI: string;
  state: string;
  lang: string;
}

export interface EmeInitiate extends RequestBase {
  formName: string;
  formNum: string;
  formDesc: string;
  eMEFields: string[];
}

export interface SignInitiate extends RequestBase {
  hashCode: string;
  department: string;
  serviceName: string;
  documentName: string;
  sigAlgo?: string;
}

/** Notifications (decision 059, the kit's design): the consent request, its topics named in the platform's languages. */
export interface NotifyInitiate extends RequestBase {
  topics: { topicID: string, name: { 'en-US': string, 'zh-HK': string, 'zh-CN': string } }[];
}

/** getConsent's and withdraw's answer: the topics the resident consents to now (`since`: ms since the epoch, when known). */
export interface ConsentAnswer {
  openID: string;
  topics: { topicID: string, since?: number }[];
}

/** A result pushed to the redirectURI, opened: its D-code, and the decrypted content when it has one. */
export interface OpenedPush {
  code: string;
  /** Absent for an event push (a consent withdrawn in the app), which belongs to no request. */
  businessID?: string;
  content?: Record<string, unknown>;
}

export interface TokenAnswer {
  accessToken: string;
  tokenType: string;
  issueAt: number;
  expiresIn: number;
  openID: string;
  scope?: string;
  userType?: string;
  lastModifiedDate?: number;
}

interface ContentKey { key: Buffer, expiresAt: number }

interface CallOptions {
  /** Encrypt the body and decrypt the answer's content (every call but getKey). */
  encrypted: boolean;
  /** Safe to send again after a network failure (nothing happens twice). */
  idempotent: boolean;
}

export class PlatformClient {
  readonly #options: Required<Omit<PlatformClientOptions, 'privateKeyPem'>>;
  readonly #unwrapper: KeyUnwrapper;
  #lastTimestamp = 0;
  #key: ContentKey | undefined;
  #keyPending: Promise<ContentKey> | undefined;

  constructor(options: PlatformClientOptions) {
    this.#options = {
      platformUrl: options.platformUrl.replace(/\/+$/, ''),
      clientID: options.clientID,
      clientSecret: options.clientSecret,
      timeoutMs: options.timeoutMs ?? 10_000,
      readAttempts: options.readAttempts ?? 2,
      fetch: options.fetch ?? globalThis.fetch,
      now: options.now ?? Date.now,
    };
    this.#unwrapper = new KeyUnwrapper(options.privateKeyPem);
  }

  get platformUrl(): string {
    return this.#options.platformUrl;
  }

  /** A timestamp that never decreases for this client (the platform refuses a lower one). */
  #timestamp(): string {
    this.#lastTimestamp = Math.max(this.#options.now(), this.#lastTimestamp);
    return String(this.#lastTimestamp);
  }

  /** The five signed headers for this exact body text. */
  signedHeaders(body: string): Record<string, string> {
    const timestamp = this.#timestamp();
    const nonce = randomUUID();
    return {
      clientID: this.#options.clientID,
      signatureMethod: SIGNATURE_METHOD,
      timestamp,
      nonce,
      signature: signature(this.#options.clientSecret, this.#options.clientID, timestamp, nonce, body),
    };
  }

  /** The cached content key, fetched (once, for concurrent callers) when missing or about to expire. */
  async contentKey(): Promise<ContentKey> {
    if (this.#key && this.#key.expiresAt - KEY_RENEW_MARGIN_MS > this.#options.now()) return this.#key;
    return this.#renewKey();
  }

  #renewKey(): Promise<ContentKey> {
    this.#key = undefined;
    this.#keyPending ??= this.#getKey().finally(() => { this.#keyPending = undefined; });
    return this.#keyPending;
  }

  /** POST /api/v1/security/getKey (signed, no body): the content key, unwrapped. */
  async #getKey(): Promise<ContentKey> {
    const answer = await this.#send('/api/v1/security/getKey', '', true);
    const content = typeof answer.content === 'string' ? parseJson(answer.content, answer.txID) : answer.content;
    if (!isObject(content) || typeof content.secretKey !== 'string') {
      throw new PlatformError('platform_error', 'getKey answered without content.secretKey.', { txID: answer.txID });
    }
    const issueAt = Number(content.issueAt);
    const expiresIn = Number(content.expiresIn);
    const expiresAt = Number.isFinite(issueAt) && Number.isFinite(expiresIn) ? issueAt + expiresIn : this.#options.now();
    // Implicit rejection: a wrap that does not open gives a key the platform will not accept (D30004).
    const key = { key: this.#unwrapper.unwrap(content.secretKey), expiresAt };
    this.#key = key;
    return key;
  }

  /**
   * A signed, encrypted call: the body's JSON encrypted as `{"content":"…"}`, the answer's
   * content decrypted and parsed. On a key code (D30001–D30004) the key is renewed and the call
   * sent once more, then the code is the failure.
   */
  async call(path: string, body: Record<string, unknown>, options: Partial<CallOptions> = {}): Promise<Record<string, unknown>> {
    const { idempotent = false } = options;
    for (let renewed = false; ; renewed = true) {
      const { key } = await this.contentKey();
      const text = JSON.stringify({ content: encryptContent(key, JSON.stringify(body)) });
      const answer = await this.#send(path, text, idempotent, renewed);
      if (answer.code === 'renew') continue;
      if (answer.content === undefined || answer.content === null) return {};
      const content = parseJson(decryptContent(key, answer.content, answer.txID), answer.txID);
      if (!isObject(content)) throw new PlatformError('platform_error', `${path} answered content that is not a JSON object.`, { txID: answer.txID });
      return content;
    }
  }

  /** POST /api/v1/auth/getToken: the code from the callback for an access token. Never retried. */
  async getToken(code: string): Promise<TokenAnswer> {
    const answer = await this.call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
    if (typeof answer.accessToken !== 'string' || typeof answer.openID !== 'string') {
      throw new PlatformError('platform_error', 'getToken answered without accessToken or openID.');
    }
    // Numbers as numbers (NaN when missing): the caller decides what an unusable life means.
    return { ...answer, issueAt: Number(answer.issueAt), expiresIn: Number(answer.expiresIn) } as unknown as TokenAnswer;
  }

  /** POST /api/v1/profiles: profile fields, read synchronously (a read: retried on network failure). */
  profiles(accessToken: string, openID: string, profileFields: string[]): Promise<Record<string, unknown>> {
    return this.call('/api/v1/profiles', { accessToken, openID, profileFields }, { idempotent: true });
  }

  /** POST /api/v1/account/eme/initiateRequest with the session's token. Never retried (not idempotent). */
  async emeInitiate(account: { accessToken: string, openID: string } | undefined, request: EmeInitiate): Promise<InitiateAnswer> {
    const path = account ? '/api/v1/account/eme/initiateRequest' : '/api/v1/anonymous/eme/initiateRequest';
    return initiateAnswer(await this.call(path, { ...(account ?? {}), ...request }), path);
  }

  /** POST /api/v1/anonymous/eme/getResult: the fields, in the platform's shapes, beside businessID. */
  emeResult(accessToken: string, businessID: string): Promise<Record<string, unknown>> {
    return this.call('/api/v1/anonymous/eme/getResult', { accessToken, businessID }, { idempotent: true });
  }

  /** POST /api/v1/{account|anonymous}/signing/initiateRequest (hash signing). Never retried. */
  async signInitiate(account: { accessToken: string, openID: string, HKICHash?: string } | undefined, request: SignInitiate): Promise<InitiateAnswer> {
    const path = account ? '/api/v1/account/signing/initiateRequest' : '/api/v1/anonymous/signing/initiateRequest';
    return initiateAnswer(await this.call(path, { ...(account ?? {}), sigAlgo: 'SHA256withRSA', ...request }), path);
  }

  /** POST /api/v1/anonymous/signing/getResult: `{ businessID, hashCode, timestamp, signature, cert }`. */
  signResult(accessToken: string, businessID: string): Promise<Record<string, unknown>> {
    return this.call('/api/v1/anonymous/signing/getResult', { accessToken, businessID }, { idempotent: true });
  }

  /** POST /api/v1/account/signing/ackResult: the relying party's verdict, SR001 (verified) or SR002. Recorded, last wins: retried. */
  async ackResult(businessID: string, signingResult: 'SR001' | 'SR002'): Promise<void> {
    await this.call('/api/v1/account/signing/ackResult', { businessID, signingResult }, { idempotent: true });
  }

  /** POST /api/v1/account/notification/initiateRequest: asks the logged-in resident for consent to these topics. Never retried. */
  async notifyInitiate(account: { accessToken: string, openID: string }, request: NotifyInitiate): Promise<InitiateAnswer> {
    const path = '/api/v1/account/notification/initiateRequest';
    return initiateAnswer(await this.call(path, { ...account, ...request }), path);
  }

  /** POST /api/v1/notification/getConsent: the topics the resident consents to now (a read: retried on network failure). */
  async notifyConsent(openID: string): Promise<ConsentAnswer> {
    return consentAnswer(await this.call('/api/v1/notification/getConsent', { openID }, { idempotent: true }), openID, 'getConsent');
  }

  /** POST /api/v1/notification/withdraw: stops these topics (all when none are given); the same twice changes nothing, so retried. */
  async notifyWithdraw(openID: string, topics?: string[]): Promise<ConsentAnswer> {
    const answer = await this.call('/api/v1/notification/withdraw', { openID, ...(topics ? { topics } : {}) }, { idempotent: true });
    return consentAnswer(answer, openID, 'withdraw');
  }

  /** POST /api/v1/notification/send: one message to one resident. Never retried: a lost answer may be a delivered message. */
  async notifySend(openID: string, topicID: string, message: { 'en-US': string, 'zh-HK': string, 'zh-CN': string }, link?: string): Promise<{ messageID: string }> {
    const answer = await this.call('/api/v1/notification/send', { openID, topicID, message, ...(link === undefined ? {} : { link }) });
    if (typeof answer.messageID !== 'string' || answer.messageID === '') throw new PlatformError('platform_error', 'send answered without a messageID.');
    return { messageID: answer.messageID };
  }

  /**
   * Opens a pushed result `{ txID, code, message, businessID, content, secretKey }`: its own
   * content key unwrapped (implicit rejection: a bad wrap fails like a bad tag), the content
   * decrypted and parsed. Call it only for a push matched to a pending request.
   */
  openPush(push: { code: string, businessID?: string, content?: unknown, secretKey?: unknown, txID?: unknown }): OpenedPush {
    const txID = typeof push.txID === 'string' ? push.txID : undefined;
    const opened = { code: push.code, ...(push.businessID === undefined ? {} : { businessID: push.businessID }) };
    if (push.content === undefined || push.content === null) return opened;
    const key = this.#unwrapper.unwrap(push.secretKey);
    const content = parseJson(decryptContent(key, push.content, txID), txID);
    if (!isObject(content)) throw new PlatformError('platform_error', 'The pushed content is not a JSON object.', { txID });
    return { ...opened, content };
  }

  /**
   * Sends one signed POST and parses the answer, turning any code but D00000 into a PlatformError;
   * a timestamp refusal (D29005, nothing done) is sent again, freshly signed, up to
   * TIMESTAMP_ATTEMPTS times. A key code on the first try answers `{ code: 'renew' }` after
   * renewing the key (only for encrypted calls).
   */
  async #send(path: string, text: string, idempotent: boolean, renewed?: boolean): Promise<{ code: string, txID?: string, content?: unknown }> {
    for (let attempt = 1; ; attempt += 1) {
      const answer = await this.#sendOnce(path, text, idempotent, renewed, attempt < TIMESTAMP_ATTEMPTS);
      if (answer.code !== TIMESTAMP_REFUSED) return answer;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 20 * attempt)));
    }
  }

  /** One signed POST (retried on network failure when `idempotent`); `mayRetryTimestamp`: a D29005 answers `{ code: 'D29005' }` instead of throwing. */
  async #sendOnce(path: string, text: string, idempotent: boolean, renewed: boolean | undefined, mayRetryTimestamp: boolean): Promise<{ code: string, txID?: string, content?: unknown }> {
    const attempts = idempotent ? Math.max(1, this.#options.readAttempts) : 1;
    let response: Response | undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        response = await this.#options.fetch(`${this.#options.platformUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...this.signedHeaders(text) },
          body: text,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.#options.timeoutMs),
        });
        break;
      } catch (cause) {
        const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
        if (attempt < attempts && !timedOut) {
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
          continue;
        }
        throw timedOut
          ? new PlatformError('timeout', `The platform did not answer ${path} within ${this.#options.timeoutMs} ms.`, { cause })
          : new PlatformError('platform_error', `The platform could not be reached for ${path}.`, { cause });
      }
    }
    let raw: string;
    try {
      raw = await response.text();
    } catch (cause) {
      const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
      throw new PlatformError(timedOut ? 'timeout' : 'platform_error', `The platform's answer to ${path} was cut off.`, { cause });
    }
    const answer = parseJson(raw, undefined, `${path} answered HTTP ${response.status} with something that is not JSON.`);
    if (!isObject(answer) || typeof answer.code !== 'string') {
      throw new PlatformError('platform_error', `${path} answered HTTP ${response.status} without a result code.`);
    }
    const txID = typeof answer.txID === 'string' ? answer.txID : undefined;
    if (answer.code !== SUCCESS) {
      if (answer.code === TIMESTAMP_REFUSED && mayRetryTimestamp) return { code: TIMESTAMP_REFUSED };
      if (KEY_CODES.has(answer.code) && text !== '' && !renewed) {
        await this.#renewKey();
        return { code: 'renew' };
      }
      const message = typeof answer.message === 'string' ? answer.message : '';
      throw new PlatformError(codeForPlatformCode(answer.code), `${path} answered ${answer.code}${message ? `: ${message}` : ''}${txID ? ` (txID ${txID})` : ''}.`, { platformCode: answer.code, txID });
    }
    return { code: answer.code, ...(txID ? { txID } : {}), content: answer.content };
  }
}

function initiateAnswer(answer: Record<string, unknown>, path: string): InitiateAnswer {
  const { authByQR, ticketID, identificationCode } = answer;
  if (authByQR === true && typeof ticketID === 'string' && /^[\w.~-]{1,200}$/.test(ticketID)) return { authByQR, ticketID };
  if (authByQR === false) {
    return { authByQR, ...(typeof identificationCode === 'string' && /^\d{4}-\d{4}$/.test(identificationCode) ? { identificationCode } : {}) };
  }
  throw new PlatformError('platform_error', `${path} answered neither a ticketID nor authByQR false.`);
}

/** `{ openID, topics }` of getConsent or withdraw: the same resident, topics as ids or `{ topicID, since }`. */
function consentAnswer(answer: Record<string, unknown>, openID: string, call: string): ConsentAnswer {
  const { topics } = answer;
  if (answer.openID !== openID || !Array.isArray(topics)) throw new PlatformError('platform_error', `${call} answered for another resident or without topics.`);
  return {
    openID,
    topics: topics.map((topic: unknown) => {
      const item = isObject(topic) ? topic : { topicID: topic };
      if (typeof item.topicID !== 'string') throw new PlatformError('platform_error', `${call} answered a topic without a topicID.`);
      const since = Number(item.since);
      return { topicID: item.topicID, ...(Number.isFinite(since) && since > 0 ? { since } : {}) };
    }),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string, txID?: string, message = 'The platform answered content that is not JSON.'): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new PlatformError('platform_error', message, { txID, cause });
  }
}
