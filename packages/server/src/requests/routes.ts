/**
 * e-ME, signing and notification consent through the backend (decisions 037, 059): the request
 * routes, the platform's push, the browser's return from the hosted page, and the event stream.
 * Every change to a request is a compare-and-set on its record in the store (so of two instances
 * only one finishes it), then a message on its channel (so the instance holding the page's stream
 * hears it).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { EME_FIELDS, LANGS, pickLang } from '@iamsmart/protocol';
import { cookiesOf, sourceOf } from '../browser.js';
import type { ResolvedConfig } from '../config.js';
import { IamSmartServerError, PlatformError, STATUS_OF, type ServerErrorCode, codeForPlatformCode } from '../errors.js';
import type { InitiateAnswer, PlatformClient } from '../platform/client.js';
import type { Notifications } from '../notifications/notifications.js';
import type { SessionInfo } from '../server.js';
import type { Store } from '../store/store.js';
import { PLATFORM_EME_FIELDS, emeResultOf, fieldsNotAsked } from './eme.js';
import { closeTabPage } from './page.js';
import { hkicHashOf, isSha256Base64, verifiedSignature } from './sign.js';
import type { EmeResult, PageLang, RequestContext, RequestFlow, RequestHooks, RequestState, RequestView, SignResult } from './types.js';

/** What the server keeps per request (never shown to the page: binding, businessID, state, ticketID). */
interface RequestRecord {
  id: string;
  flow: RequestFlow;
  anonymous: boolean;
  state: RequestState;
  seq: number;
  startedAt: number;
  expiresAt: number;
  /** SHA-256 of the browser cookie that started it. */
  binding: string;
  /** The store key of the session that asked (account requests). */
  sessionKey?: string;
  /** The resident who must approve (account requests): the session's openID. */
  openID?: string;
  lang: PageLang;
  businessID: string;
  platformState: string;
  ticketID?: string;
  mobile: boolean;
  identificationCode?: string;
  /** e-ME: the fields asked of the platform, and those the page asked that it cannot fill. */
  asked?: string[];
  notFillable?: string[];
  formName?: string;
  hash?: string;
  documentName?: string;
  /** Notification consent: the topics asked. */
  topics?: string[];
  result?: unknown;
  error?: { code: ServerErrorCode, message: string };
  /** ms since the epoch: until then one instance is settling a result (claimed), the others leave it. */
  claimedUntil?: number;
}

export interface RequestDeps {
  config: ResolvedConfig;
  store: Store;
  platform: PlatformClient;
  now: () => number;
  hooks: RequestHooks;
  storeKey: (kind: string, value: string) => string;
  session: (request: Request) => Promise<{ key: string | undefined, session: SessionInfo | undefined }>;
  sameOrigin: (request: Request) => boolean;
  errorJson: (code: ServerErrorCode, status?: number, extra?: Record<string, string>, cookies?: string[]) => Response;
  messages: Readonly<Record<ServerErrorCode, string>>;
  /** The consent request's topics, its approved result, and the consent event's push. */
  notifications: Pick<Notifications, 'requestTopics' | 'platformTopics' | 'approved' | 'consentPush'>;
}

const FINAL: readonly RequestState[] = ['done', 'denied', 'expired', 'cancelled', 'error'];
const ID = /^[A-Za-z0-9_-]{43}$/;
const MAX_BODY = 16 * 1024;
const MAX_PUSH = 256 * 1024;
/** How long a finished request stays readable after its window (the page may be reconnecting). */
const GRACE_MS = 10 * 60_000;
const KEEP_ALIVE_MS = 15_000;
/** The event stream's safety net: re-read the record this often, in case a message was lost (Redis reconnecting). */
const REREAD_MS = 5_000;
const BROWSER_COOKIE_LIFE_MS = 24 * 3600_000;
/**
 * How long a claim to settle a result holds: longer than getToken + getResult + verification +
 * the hook take; a claim whose instance died lapses, and the platform's next delivery of the push
 * (retried after 5 s, 30 s, 2 min…) settles it on another instance.
 */
const CLAIM_MS = 60_000;
const PLATFORM_LANG: Record<PageLang, string> = { en: 'en-US', 'zh-HK': 'zh-HK', 'zh-CN': 'zh-CN' };
const NO_STORE = { 'cache-control': 'no-store' };
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', ...NO_STORE };

const isFinal = (state: RequestState) => FINAL.includes(state);
const hashOf = (value: string) => createHash('sha256').update(value).digest('base64url');

/** How a D-code other than D00000 ends a request (decision 037): the state its error code stands for. */
export function endingFor(dCode: string): { state: RequestState, code?: ServerErrorCode } {
  const code = codeForPlatformCode(dCode);
  switch (code) {
    case 'access_denied':
    case 'code_mismatch':
      return { state: 'denied', code };
    case 'cancelled':
      return { state: 'cancelled' };
    case 'session_expired':
      return { state: 'expired', code };
    default:
      return { state: 'error', code };
  }
}

/** The request routes; `route` answers undefined for paths that are not its own. */
export function requestRoutes(deps: RequestDeps) {
  const { config, store, platform, now, hooks, storeKey, errorJson, messages } = deps;
  const base = config.basePath;
  const browserCookie = config.secureCookies ? '__Host-iams-browser' : 'iams-browser';
  const secure = config.secureCookies ? '; Secure' : '';
  const recordKey = (id: string) => storeKey('request', id);
  const channelOf = (id: string) => recordKey(id);
  /** Open event streams, ended when the server closes (their timers would keep the process alive). */
  const streams = new Set<() => void>();
  const ttlOf = (record: RequestRecord) => Math.max(1_000, record.expiresAt + GRACE_MS - now());

  function viewOf(record: RequestRecord): RequestView {
    return {
      id: record.id, flow: record.flow, anonymous: record.anonymous, state: record.state, seq: record.seq, expiresAt: record.expiresAt,
      ...(record.state === 'awaiting-app' && record.identificationCode ? { identificationCode: record.identificationCode } : {}),
      ...(record.state === 'hosted' ? { hostedUrl: `${base}/requests/${record.id}/hosted` } : {}),
      ...(record.state === 'done' ? { result: record.result } : {}),
      ...(record.error ? { error: record.error } : {}),
    };
  }

  const json = (status: number, body: unknown, cookies: string[] = []) => {
    const headers = new Headers(JSON_HEADERS);
    for (const cookie of cookies) headers.append('set-cookie', cookie);
    return new Response(JSON.stringify(body), { status, headers });
  };
  const codeOf = (error: unknown): ServerErrorCode => (error instanceof IamSmartServerError ? error.code : 'backend_unavailable');
  const ended = (code: ServerErrorCode) => ({ code, message: messages[code] });

  /**
   * Changes a request that is not final yet: `change` gets the stored record and answers the next
   * one (or undefined: no change). Compare-and-set, retried when another instance changed it in
   * between; the new view is published. Answers the record as it is afterwards and whether this
   * call changed it.
   */
  async function update(id: string, change: (record: RequestRecord) => RequestRecord | undefined, { quiet = false } = {}): Promise<{ record: RequestRecord | undefined, changed: boolean }> {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const raw = await store.get(recordKey(id));
      if (raw === undefined) return { record: undefined, changed: false };
      const record = JSON.parse(raw) as RequestRecord;
      if (isFinal(record.state)) return { record, changed: false };
      const next = change(record);
      if (!next) return { record, changed: false };
      // Quiet: a change the page does not see (a claim): same seq, nothing published.
      next.seq = quiet ? record.seq : record.seq + 1;
      if (await store.swap(recordKey(id), raw, JSON.stringify(next), ttlOf(next))) {
        if (!quiet) await store.publish(channelOf(id), JSON.stringify(viewOf(next))).catch(() => undefined); // the streams re-read anyway
        return { record: next, changed: true };
      }
    }
    throw new IamSmartServerError('backend_unavailable', 'The request kept changing under this instance.');
  }

  /**
   * Whether this instance may settle the request's result: the first to claim it, so a result
   * delivered to two instances at once (or a hosted tab's return loaded twice) is decrypted,
   * acknowledged and given to the hook once.
   */
  async function claimed(id: string): Promise<boolean> {
    const until = now() + CLAIM_MS;
    const { changed } = await update(id, (record) => (record.claimedUntil !== undefined && record.claimedUntil > now() ? undefined : { ...record, claimedUntil: until }), { quiet: true });
    return changed;
  }

  /** Ends a request in a final state (from any live one). */
  const finish = (id: string, state: RequestState, fields: { result?: unknown, error?: ServerErrorCode } = {}) =>
    update(id, (record) => ({
      ...record, state, ...(fields.result !== undefined ? { result: fields.result } : {}),
      ...(fields.error ? { error: ended(fields.error) } : {}),
    }));

  /** The record, its window applied: past expiresAt and not final → expired (stored and published once). */
  async function current(id: string): Promise<RequestRecord | undefined> {
    const raw = await store.get(recordKey(id));
    if (raw === undefined) return undefined;
    const record = JSON.parse(raw) as RequestRecord;
    if (isFinal(record.state) || now() < record.expiresAt) return record;
    return (await update(id, (r) => (now() >= r.expiresAt ? { ...r, state: 'expired', error: ended('session_expired') } : undefined))).record;
  }

  /** The record for this browser: the cookie matches, and a logged-in request is not read by another session. */
  async function owned(request: Request, id: string): Promise<RequestRecord | undefined> {
    if (!ID.test(id)) return undefined;
    const record = await current(id);
    if (!record) return undefined;
    const cookie = cookiesOf(request.headers).get(browserCookie);
    if (!cookie || !timingSafeEqual(Buffer.from(hashOf(cookie)), Buffer.from(record.binding))) return undefined;
    if (record.sessionKey !== undefined) {
      const { key } = await deps.session(request);
      if (key !== undefined && key !== record.sessionKey) return undefined;
    }
    return record;
  }

  const notFound = () => errorJson('invalid_request', 404);

  /** A page's JSON body (same-origin POSTs): a JSON object of at most 16 KiB, or the error answer. */
  async function jsonBody(request: Request): Promise<Record<string, unknown> | Response> {
    if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) return errorJson('invalid_request', 415);
    const text = await bodyText(request, MAX_BODY);
    if (text === undefined) return errorJson('invalid_request', 413);
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return errorJson('invalid_request');
      return parsed as Record<string, unknown>;
    } catch {
      return errorJson('invalid_request');
    }
  }

  /** POST {base}/requests */
  async function start(request: Request): Promise<Response> {
    if (!deps.sameOrigin(request)) return errorJson('cross_site_request');
    const body = await jsonBody(request);
    if (body instanceof Response) return body;
    const checked = checkBody(body, request.headers, deps.notifications.requestTopics);
    if (typeof checked === 'string') return errorJson(checked);
    if (checked.flow === 'sign' && !config.signing) return errorJson('invalid_config');

    const { key: sessionKey, session } = await deps.session(request);
    const account = session && body.anonymous !== true ? { accessToken: session.accessToken, openID: session.resident.openID } : undefined;
    const id = randomBytes(32).toString('base64url');
    const businessID = randomBytes(24).toString('base64url');
    const platformState = randomBytes(24).toString('base64url');
    const { source, mobile } = sourceOf(request.headers);
    const common = { businessID, source, redirectURI: config.callbackUrl, state: platformState, lang: PLATFORM_LANG[checked.lang] };
    let answer: InitiateAnswer;
    try {
      if (checked.flow === 'eme') {
        answer = await platform.emeInitiate(account, {
          // The platform requires both texts (1–50, 1–500 characters); the page may leave them out.
          ...common, formName: checked.formName, formNum: checked.formNum ?? '-', formDesc: checked.purpose ?? checked.formName, eMEFields: checked.asked,
        });
      } else if (checked.flow === 'notify') {
        // Consent is a resident's: only asked of the one logged in here.
        if (!account) return errorJson('login_required');
        answer = await platform.notifyInitiate(account, { ...common, topics: deps.notifications.platformTopics(checked.topics) });
      } else {
        const signing = config.signing;
        if (!signing) return errorJson('invalid_config');
        let HKICHash: string | undefined;
        if (account && session && hooks.hkidOf) {
          const hkid = await hooks.hkidOf(session, { flow: 'sign', hash: checked.hash, documentName: checked.documentName });
          HKICHash = typeof hkid === 'string' ? hkicHashOf(hkid) : undefined;
        }
        answer = await platform.signInitiate(account ? { ...account, ...(HKICHash ? { HKICHash } : {}) } : undefined, {
          ...common, hashCode: checked.hash, department: signing.department, serviceName: signing.serviceName, documentName: checked.documentName,
        });
      }
    } catch (error) {
      const code = error instanceof PlatformError && error.platformCode ? codeForPlatformCode(error.platformCode) : codeOf(error);
      return errorJson(code);
    }
    const startedAt = now();
    const cookies: string[] = [];
    let browser = cookiesOf(request.headers).get(browserCookie);
    if (!browser || !/^[A-Za-z0-9_-]{43}$/.test(browser)) {
      browser = randomBytes(32).toString('base64url');
      cookies.push(`${browserCookie}=${browser}; Path=/; Max-Age=${BROWSER_COOKIE_LIFE_MS / 1000}; HttpOnly; SameSite=Lax${secure}`);
    }
    const record: RequestRecord = {
      id, flow: checked.flow, anonymous: !account, state: answer.authByQR ? 'hosted' : 'awaiting-app', seq: 1,
      startedAt, expiresAt: startedAt + config.requestLifetimeMs, binding: hashOf(browser),
      ...(account && sessionKey ? { sessionKey, openID: account.openID } : {}),
      lang: checked.lang, businessID, platformState, mobile,
      ...(answer.ticketID ? { ticketID: answer.ticketID } : {}),
      ...(answer.identificationCode ? { identificationCode: answer.identificationCode } : {}),
      ...(checked.flow === 'eme' ? { asked: checked.asked, notFillable: checked.notFillable, formName: checked.formName } : {}),
      ...(checked.flow === 'sign' ? { hash: checked.hash, documentName: checked.documentName } : {}),
      ...(checked.flow === 'notify' ? { topics: checked.topics } : {}),
    };
    try {
      const ttl = ttlOf(record);
      // The indexes first: a record is never findable by id without them.
      await store.set(storeKey('request-business', businessID), id, ttl);
      await store.set(storeKey('request-state', platformState), id, ttl);
      await store.set(recordKey(id), JSON.stringify(record), ttl);
    } catch (error) {
      return errorJson(codeOf(error));
    }
    return json(201, viewOf(record), cookies);
  }

  /** GET {base}/requests/{id} */
  async function read(request: Request, id: string): Promise<Response> {
    const record = await owned(request, id);
    return record ? json(200, viewOf(record)) : notFound();
  }

  /** GET {base}/requests/{id}/hosted: the platform's hosted page for this request's ticket. */
  async function hosted(request: Request, id: string): Promise<Response> {
    const record = await owned(request, id);
    if (!record) return notFound();
    if (record.state !== 'hosted' || !record.ticketID) return errorJson('invalid_request', 409);
    const target = new URL(`${config.platformUrl}/api/v1/auth/getQR`);
    target.searchParams.set('clientID', config.clientID);
    target.searchParams.set('ticketID', record.ticketID);
    // The phone that opens it is the one asking now (a link may move between devices).
    if (sourceOf(request.headers).mobile) target.searchParams.set('brokerPage', 'true');
    return new Response(null, { status: 303, headers: { location: target.href, ...NO_STORE, 'referrer-policy': 'no-referrer' } });
  }

  /** POST {base}/requests/{id}/cancel */
  async function cancel(request: Request, id: string): Promise<Response> {
    if (!deps.sameOrigin(request)) return errorJson('cross_site_request');
    const record = await owned(request, id);
    if (!record) return notFound();
    await finish(id, 'cancelled');
    return new Response(null, { status: 204, headers: NO_STORE });
  }

  /** GET {base}/requests/{id}/events: the views as server-sent events, until a final one. */
  async function events(request: Request, id: string): Promise<Response> {
    if (!ID.test(id)) return notFound();
    const lastHeader = request.headers.get('last-event-id');
    let lastSent = lastHeader !== null && /^\d{1,15}$/.test(lastHeader.trim()) ? Number(lastHeader.trim()) : 0;
    const encoder = new TextEncoder();
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    let closed = false;
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe: (() => Promise<void>) | undefined;
    const close = () => {
      if (closed) return;
      closed = true;
      streams.delete(close);
      for (const timer of timers) clearInterval(timer);
      void unsubscribe?.().catch(() => undefined);
      try {
        controller?.close();
      } catch {
        // already closed by the reader
      }
    };
    const send = (view: RequestView) => {
      if (closed || view.seq <= lastSent) return;
      lastSent = view.seq;
      controller?.enqueue(encoder.encode(`id: ${view.seq}\nevent: request\ndata: ${JSON.stringify(view)}\n\n`));
      if (isFinal(view.state)) close();
    };
    // Subscribe first, then read: a change between the two arrives as a message.
    const early: RequestView[] = [];
    try {
      unsubscribe = await store.subscribe(channelOf(id), (message) => {
        const view = JSON.parse(message) as RequestView;
        if (controller) send(view);
        else early.push(view);
      });
    } catch (error) {
      return errorJson(codeOf(error));
    }
    let record: RequestRecord | undefined;
    try {
      record = await owned(request, id);
    } catch (error) {
      void unsubscribe().catch(() => undefined);
      return errorJson(codeOf(error));
    }
    if (!record) {
      void unsubscribe().catch(() => undefined);
      return notFound();
    }
    const first = viewOf(record);
    streams.add(close);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        c.enqueue(encoder.encode('retry: 2000\n\n'));
        for (const view of [first, ...early].sort((a, b) => a.seq - b.seq)) send(view);
        // Final and already seen (a resume after the end): nothing more will come.
        if (isFinal(first.state)) close();
        if (closed) return;
        timers.push(setInterval(() => {
          if (!closed) c.enqueue(encoder.encode(': keep-alive\n\n'));
        }, KEEP_ALIVE_MS));
        timers.push(setInterval(() => {
          current(id).then((latest) => { if (latest) send(viewOf(latest)); }).catch(() => undefined);
        }, REREAD_MS));
      },
      cancel() {
        close();
      },
    });
    return new Response(stream, {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', ...NO_STORE, 'x-accel-buffering': 'no' },
    });
  }

  /** The session that asked an account request, read again when the result arrives (for the hooks). */
  async function sessionOf(record: RequestRecord): Promise<SessionInfo | undefined> {
    if (!record.sessionKey) return undefined;
    const raw = await store.get(record.sessionKey).catch(() => undefined);
    return raw === undefined ? undefined : (JSON.parse(raw) as SessionInfo);
  }

  /**
   * Checks a result's content, verifies it, acknowledges a signature, lets the hook see it, and
   * finishes the request: `done` with what the page gets, or `error` with nothing of the result.
   */
  async function settle(record: RequestRecord, content: Record<string, unknown>, openID: string): Promise<{ ok: boolean, code?: ServerErrorCode }> {
    const fail = async (code: ServerErrorCode) => {
      await finish(record.id, 'error', { error: code });
      return { ok: false, code };
    };
    const mismatch: Record<RequestFlow, ServerErrorCode> = { eme: 'form_data_error', sign: 'signature_invalid', notify: 'platform_error' };
    if (content.businessID !== record.businessID) return fail(mismatch[record.flow]);
    if (record.flow === 'notify') {
      // The approving resident is the session's, and only topics asked were ticked.
      const ticked = content.topics;
      const asked = record.topics ?? [];
      if (content.openID !== openID || !Array.isArray(ticked) || ticked.length === 0 || ticked.some((id) => !asked.includes(id as string))) return fail('platform_error');
      let consented;
      try {
        consented = await deps.notifications.approved(openID, ticked as string[]);
      } catch (error) {
        return fail(codeOf(error));
      }
      const { changed } = await finish(record.id, 'done', { result: consented });
      return changed ? { ok: true } : { ok: false, code: 'invalid_request' };
    }
    const context: RequestContext = {
      id: record.id, flow: record.flow, anonymous: record.anonymous, session: await sessionOf(record), openID, lang: record.lang,
      ...(record.formName ? { formName: record.formName } : {}),
      ...(record.documentName ? { documentName: record.documentName, hash: record.hash } : {}),
    };
    let pageResult: unknown;
    if (record.flow === 'eme') {
      const asked = record.asked ?? [];
      if (fieldsNotAsked(content, asked).length > 0) return fail('form_data_error');
      const result: EmeResult = emeResultOf(content, asked, record.notFillable ?? []);
      try {
        const replaced = await hooks.onEme?.(result, context);
        pageResult = replaced === undefined ? result : replaced;
      } catch {
        return fail('backend_unavailable');
      }
    } else {
      const signing = config.signing;
      if (!signing) return fail('invalid_config');
      let result: SignResult;
      try {
        result = await verifiedSignature(content, {
          hash: record.hash ?? '', documentName: record.documentName ?? '', openID, trustAnchorsPem: signing.trustAnchorsPem, now: now(),
        });
      } catch (error) {
        await platform.ackResult(record.businessID, 'SR002').catch(() => undefined);
        return fail(error instanceof IamSmartServerError && error.code === 'signer_mismatch' ? 'signer_mismatch' : 'signature_invalid');
      }
      // The platform hears that the signature verified; a failed acknowledgement does not undo it.
      await platform.ackResult(record.businessID, 'SR001').catch(() => undefined);
      try {
        const replaced = await hooks.onSigned?.(result, context);
        pageResult = replaced === undefined ? pageSignResult(result) : replaced;
      } catch {
        return fail('backend_unavailable');
      }
    }
    if (pageResult !== undefined && (typeof pageResult !== 'object' || pageResult === null)) return fail('backend_unavailable');
    const { changed } = await finish(record.id, 'done', { result: pageResult });
    return changed ? { ok: true } : { ok: false, code: 'invalid_request' };
  }

  function pageSignResult(result: SignResult) {
    const { hash, documentName, signedAt, signer, certificate, signature, certificateChain } = result;
    return { hash, documentName, signedAt, signer, certificate, ...(config.signatureToPage ? { signature, certificateChain } : {}) };
  }

  /** POST {base}/callback: a result the platform pushes for an account request. */
  async function push(request: Request): Promise<Response> {
    const refuse = (status: number, code: ServerErrorCode) => json(status, { error: ended(code) });
    const text = await bodyText(request, MAX_PUSH);
    if (text === undefined) return refuse(413, 'invalid_request');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return refuse(400, 'invalid_request');
    }
    if (typeof parsed !== 'object' || parsed === null) return refuse(400, 'invalid_request');
    const body = parsed as Record<string, unknown>;
    // A consent stopped in the app: no request of this backend's, a hint to re-read (decision 059).
    if (body.event === 'notificationConsent') return deps.notifications.consentPush(body);
    if (typeof body.businessID !== 'string' || !/^[\w-]{1,64}$/.test(body.businessID)
      || typeof body.code !== 'string' || !/^D\d{5}$/.test(body.code)) return refuse(400, 'invalid_request');
    // Matched before anything is decrypted: only this backend's own pending account requests.
    const id = await store.get(storeKey('request-business', body.businessID));
    const record = id === undefined ? undefined : await current(id);
    if (!record || isFinal(record.state) || record.anonymous || record.openID === undefined) return refuse(404, 'invalid_request');
    if (body.code !== 'D00000') {
      const { state, code } = endingFor(body.code);
      await finish(record.id, state, code ? { error: code } : {});
      return json(200, { code: 'D00000' });
    }
    // Another instance is settling this result now: the platform delivers the push again later.
    if (!(await claimed(record.id))) return refuse(409, 'invalid_request');
    let content: Record<string, unknown> | undefined;
    try {
      content = platform.openPush({ code: body.code, businessID: body.businessID, content: body.content, secretKey: body.secretKey, txID: body.txID }).content;
    } catch {
      content = undefined;
    }
    if (!content) {
      await finish(record.id, 'error', { error: 'platform_error' });
      return refuse(400, 'platform_error');
    }
    const outcome = await settle(record, content, record.openID);
    return outcome.ok ? json(200, { code: 'D00000' }) : refuse(STATUS_OF[outcome.code ?? 'invalid_request'], outcome.code ?? 'invalid_request');
  }

  /**
   * GET {base}/callback?state=… of a request (not a login): the hosted tab comes back. Anonymous
   * requests end here (code → getToken → getResult); account ones only say "close this tab".
   * Undefined when the state is no request's.
   */
  async function landing(url: URL, state: string): Promise<Response | undefined> {
    const id = await store.get(storeKey('request-state', state));
    if (id === undefined) return undefined;
    const record = await current(id);
    if (!record) return undefined;
    const page = () => closeTabPage(record.lang, new URL(config.origin).host);
    if (!record.anonymous || isFinal(record.state)) return page();
    const code = url.searchParams.get('code');
    const errorCode = url.searchParams.get('error_code');
    if ((code === null) === (errorCode === null)) {
      await finish(record.id, 'error', { error: 'callback_invalid' });
      return page();
    }
    if (errorCode !== null) {
      const ending = /^D\d{5}$/.test(errorCode) ? endingFor(errorCode) : { state: 'error' as const, code: 'callback_invalid' as const };
      await finish(record.id, ending.state, ending.code ? { error: ending.code } : {});
      return page();
    }
    // The tab's return loaded twice (a reload, a prefetch): the code is exchanged once.
    if (!(await claimed(record.id))) return page();
    try {
      const token = await platform.getToken(code ?? '');
      const content = record.flow === 'eme' ? await platform.emeResult(token.accessToken, record.businessID) : await platform.signResult(token.accessToken, record.businessID);
      await settle(record, content, token.openID);
    } catch (error) {
      await finish(record.id, 'error', { error: codeOf(error) }).catch(() => undefined);
    }
    return page();
  }

  /** The routes under {base}/requests; undefined when the path is not one of them. */
  async function route(request: Request, path: string): Promise<Response | undefined> {
    const method = request.method;
    if (path === '/requests') return method === 'POST' ? start(request) : errorJson('invalid_request', 405, { allow: 'POST' });
    const match = /^\/requests\/([^/]+)(\/events|\/hosted|\/cancel)?$/.exec(path);
    if (!match) return undefined;
    const [, id = '', tail] = match;
    const want = tail === '/cancel' ? 'POST' : 'GET';
    if (method !== want) return errorJson('invalid_request', 405, { allow: want });
    if (tail === '/events') return events(request, id);
    if (tail === '/hosted') return hosted(request, id);
    if (tail === '/cancel') return cancel(request, id);
    return read(request, id);
  }

  /** Ends every open event stream (the server is closing). */
  function closeStreams(): void {
    for (const close of [...streams]) close();
  }

  return { route, push, landing, closeStreams, jsonBody };
}

type CheckedBody =
  | { flow: 'eme', lang: PageLang, asked: string[], notFillable: string[], formName: string, formNum?: string, purpose?: string }
  | { flow: 'sign', lang: PageLang, hash: string, documentName: string }
  | { flow: 'notify', lang: PageLang, topics: string[] };

const text = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.trim().length >= min && value.length <= max && !/[\p{Cc}]/u.test(value);

/** The request body of decisions 037 and 059, or the error code to answer; `topicsOf` checks a consent request's topics. */
function checkBody(body: Record<string, unknown>, headers: Headers, topicsOf: (value: unknown) => string[] | ServerErrorCode): CheckedBody | ServerErrorCode {
  const lang = body.lang === undefined ? (pickLang(headers.get('accept-language') ?? '')) : body.lang;
  if (typeof lang !== 'string' || !(LANGS as readonly string[]).includes(lang)) return 'invalid_request';
  if (body.anonymous !== undefined && typeof body.anonymous !== 'boolean') return 'invalid_request';
  if (body.flow === 'eme') {
    const { fields, optionalFields, formName, formNum, purpose } = body;
    const known = (list: unknown): list is string[] => Array.isArray(list) && list.every((f) => (EME_FIELDS as readonly string[]).includes(f as string)) && new Set(list).size === list.length;
    if (!known(fields) || fields.length === 0) return 'form_invalid';
    if (optionalFields !== undefined && (!known(optionalFields) || optionalFields.some((f) => !fields.includes(f)))) return 'form_invalid';
    if (!text(formName, 1, 200) || (formNum !== undefined && !text(formNum, 0, 50)) || (purpose !== undefined && !text(purpose, 0, 500))) return 'invalid_request';
    const asked = fields.filter((f) => PLATFORM_EME_FIELDS.includes(f));
    if (asked.length === 0) return 'form_invalid';
    return {
      flow: 'eme', lang: lang as PageLang, asked, notFillable: fields.filter((f) => !PLATFORM_EME_FIELDS.includes(f)), formName,
      // Empty texts are the same as none.
      ...(typeof formNum === 'string' && formNum.trim() !== '' ? { formNum } : {}), ...(typeof purpose === 'string' && purpose.trim() !== '' ? { purpose } : {}),
    };
  }
  if (body.flow === 'sign') {
    if (!isSha256Base64(body.hash)) return 'document_invalid';
    if (!text(body.documentName, 1, 200)) return 'invalid_request';
    return { flow: 'sign', lang: lang as PageLang, hash: body.hash, documentName: body.documentName };
  }
  if (body.flow === 'notify') {
    if (body.anonymous === true) return 'invalid_request';
    const topics = topicsOf(body.topics);
    return typeof topics === 'string' ? topics : { flow: 'notify', lang: lang as PageLang, topics };
  }
  return 'invalid_request';
}

/** The body as text, or undefined when it is longer than `max` bytes. */
async function bodyText(request: Request, max: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > max) return undefined;
  if (!request.body) return '';
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
