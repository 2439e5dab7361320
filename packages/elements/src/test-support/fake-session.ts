import type {
  EmeData,
  EmeResult,
  EmeSession,
  EmeSnapshot,
  IamSmartClaims,
  IamSmartError,
  IamSmartErrorCode,
  IamSmartUser,
  NotifyConsent,
  NotifySession,
  NotifySnapshot,
  QrLoginSession,
  QrLoginSnapshot,
  SessionState,
  SignDocument,
  SignResult,
  SignSession,
  SignSnapshot,
  Unsubscribe,
} from '@iamsmart/sdk';
import { FAKE_EME, FAKE_ISSUER, fakeEmeResult, fakeUser } from './resident.js';

/*
 * Scripted cross-device sessions with the SDK's shapes and no network, for element tests and
 * stories alike. A test moves one with `to()` / `set()` / `rotate()` and reads what the element
 * asked of it (`refreshCalls`, `cancelCalls`, `listenerCount`); a story gives it a `script` of
 * timed steps, or a `state` to stay in.
 */

// Loaded the way <iams-provider> loads it (dynamically), so the Storybook build splits the SDK
// off as a page's bundler would, rather than pulling it into every story.
const sdk = await import('@iamsmart/sdk');

/** The fixed clock of scripted sessions (ms since the epoch): 2026-01-01T00:00:00Z. */
export const FAKE_NOW = Date.UTC(2026, 0, 1);
/** The identification code the resident matches in the app. */
export const FAKE_USER_CODE = '4821-0937';
export const FAKE_VERIFICATION_URI = `${FAKE_ISSUER}/app/code`;
/** A session's lifetime as the sandbox gives it by default. */
export const FAKE_LIFETIME_MS = 180_000;

/** The QR payload at second `t`, shaped as the sandbox's (`…/app/qr?s&t&h`, 43-character `h`); `h` varies with `t` but is no HMAC. */
export function fakePayload(t: number): string {
  const h = `${'Zm9vYmFyLWZha2UtaG1hYy1mb3ItdGVzdHMtb25seS0'.slice(0, 43 - String(t).length)}${t}`;
  return `${FAKE_ISSUER}/app/qr?s=Qk7vX2mR9pL4wN8sT1yZ3cA&t=${t}&h=${h}`;
}

/** The outcome behind a `denied`, `expired` or `error` snapshot. */
export type FakeEnding = 'declined' | 'code_mismatch' | 'scanned_elsewhere' | 'expired' | 'network_error' | 'rate_limited';
/** A signing can also end in the signing's own failures. */
export type FakeSignEnding = FakeEnding | 'document_invalid' | 'invalid_config' | 'signing_failed' | 'signature_invalid';
/** Form filling can also end with the resident's details unreadable, or the page not set up. */
export type FakeEmeEnding = FakeEnding | 'invalid_config' | 'form_data_error';
/** A consent to notifications can also end with the page in OpenID Connect mode (no backend), or the resident not logged in on the website. */
export type FakeNotifyEnding = FakeEnding | 'invalid_config' | 'login_required';
/** Every ending a scripted session knows. */
type AnyEnding = FakeSignEnding | FakeEmeEnding | FakeNotifyEnding;

const ENDINGS: Record<AnyEnding, { state: SessionState; code: IamSmartErrorCode; message: string }> = {
  declined: { state: 'denied', code: 'access_denied', message: 'The resident declined in the (scripted) app.' },
  code_mismatch: { state: 'denied', code: 'code_mismatch', message: 'The resident tapped another identification code in the (scripted) app.' },
  scanned_elsewhere: { state: 'denied', code: 'scanned_elsewhere', message: 'The (scripted) code was opened on a second phone, so the session was stopped.' },
  expired: { state: 'expired', code: 'session_expired', message: 'The (scripted) session ran out of time.' },
  network_error: { state: 'error', code: 'network_error', message: 'The (scripted) status stream was lost and could not be re-established.' },
  rate_limited: { state: 'error', code: 'rate_limited', message: 'The (scripted) provider answered 429 Too Many Requests.' },
  document_invalid: { state: 'error', code: 'document_invalid', message: 'The (scripted) document is empty.' },
  invalid_config: { state: 'error', code: 'invalid_config', message: 'No signing trust anchors are configured (scripted).' },
  signing_failed: { state: 'error', code: 'signing_failed', message: 'The (scripted) signing service refused the hash: not in the approved grant.' },
  signature_invalid: { state: 'error', code: 'signature_invalid', message: 'The (scripted) signature does not verify with the signer certificate.' },
  form_data_error: { state: 'error', code: 'form_data_error', message: 'The (scripted) userinfo endpoint answered 500.' },
  login_required: { state: 'error', code: 'login_required', message: 'The (scripted) website has no resident logged in.' },
};

const FINAL: readonly SessionState[] = ['done', 'denied', 'expired', 'cancelled', 'error'];

/** How a scripted session moves: the failure behind a failed state, a lost connection, a document still hashing. */
export interface FakeStepOptions<Ending extends AnyEnding = AnyEnding> {
  /** With `denied`, `expired` or `error`: which failure (default: declined, expired, network_error). */
  ending?: Ending;
  /** True: the SDK is retrying a lost connection. */
  reconnecting?: boolean;
  /** Signing only: in `starting`, the document is still being hashed. */
  hashing?: boolean;
}

/** One change of a scripted session: what it becomes, `afterMs` after the previous step. */
export interface FakeStep<Ending extends AnyEnding = FakeEnding> extends FakeStepOptions<Ending> {
  afterMs: number;
  state: SessionState;
}

interface ScriptOptions<Ending extends AnyEnding> extends FakeStepOptions<Ending> {
  /** Where the session starts. Default `starting`. */
  state?: SessionState;
  /** Seconds from `now()` to the code's end. Default 180, the sandbox's default lifetime. */
  secondsLeft?: number;
  /** The clock `expiresAt` is counted from (ms since the epoch). Default: the fixed FAKE_NOW. */
  now?: () => number;
  /** Changes played one after another once the session exists (timers). None by default: the session stays put until moved. */
  script?: readonly FakeStep<Ending>[];
  /** After `refresh()`, how long `starting` lasts before the new code shows. Default: it stays `starting` until moved. */
  refreshMs?: number;
  /**
   * Backend mode's ways of asking (no QR code on the page): `app` — the request waits in the app,
   * with the identification code unless `noCode`; `hosted` — a `hostedUrl` to open. Default: a QR code.
   */
  channel?: 'app' | 'hosted';
  /** With `channel: 'app'`: no identification code (e-ME's requests have none). */
  noCode?: boolean;
}

/** What every kind of session reports: every cross-device field but the login's `user`. */
type BaseSnapshot = Omit<QrLoginSnapshot, 'user'>;

/** A snapshot's own changes: a state with its usual values, a failure, any field replaced. */
type Move<Snapshot, Ending extends AnyEnding> = FakeStepOptions<Ending> & Partial<Snapshot>;

/** Only how a session moves, of options or a step that say more. */
function moveOf<Ending extends AnyEnding>({ ending, reconnecting, hashing }: FakeStepOptions<Ending>): FakeStepOptions<Ending> {
  return { ...(ending && { ending }), ...(reconnecting !== undefined && { reconnecting }), ...(hashing !== undefined && { hashing }) };
}

/** What a kind of session adds to the base snapshot of a state (the login's user, the signing's document and result), and what `done` resolves with. */
interface Kind<Snapshot, Outcome, Ending extends AnyEnding> {
  complete(snapshot: BaseSnapshot, move: FakeStepOptions<Ending>, previous: Snapshot | undefined): Snapshot;
  outcomeOf(snapshot: Snapshot): Outcome | undefined;
}

/**
 * A scripted cross-device session: the SDK session's shape, no network, fixed QR payload and
 * identification code, so each state renders the same every time. `refresh()` and `cancel()`
 * behave as the SDK's do (`starting` for a new code; `cancelled` unless already ended). As the
 * SDK's, the same-device app link is the QR payload itself, opened on this device.
 */
class ScriptedSession<Snapshot extends BaseSnapshot, Outcome, Ending extends AnyEnding> {
  readonly done: Promise<Outcome>;
  /** How many times the element asked for a new code. */
  refreshCalls = 0;
  /** How many times the element cancelled. */
  cancelCalls = 0;

  #snapshot: Snapshot;
  /** When the current code ends; a new code (`refresh()`) gets a whole new lifetime. */
  #expiresAt: number;
  readonly #listeners = new Set<(snapshot: Snapshot) => void>();
  readonly #options: ScriptOptions<Ending> & Required<Pick<ScriptOptions<Ending>, 'secondsLeft' | 'now'>>;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #settle?: { resolve: (outcome: Outcome) => void; reject: (error: unknown) => void };
  readonly #kind: Kind<Snapshot, Outcome, Ending>;

  constructor(options: ScriptOptions<Ending>, kind: Kind<Snapshot, Outcome, Ending>) {
    this.#kind = kind;
    this.#options = { secondsLeft: FAKE_LIFETIME_MS / 1000, now: () => FAKE_NOW, ...options };
    this.done = new Promise<Outcome>((resolve, reject) => (this.#settle = { resolve, reject }));
    // The SDK's promise is there to be awaited when a page wants it; an ending nobody awaits is
    // not an unhandled rejection.
    this.done.catch(() => undefined);
    this.#expiresAt = this.#newExpiry();
    this.#snapshot = this.#snapshotFor(options.state ?? 'starting', moveOf(options), undefined);
    this.#settleIfFinal();
    this.#play(options.script ?? []);
  }

  get snapshot(): Snapshot {
    return this.#snapshot;
  }
  get state(): SessionState {
    return this.#snapshot.state;
  }
  get qrPayload(): string | undefined {
    return this.#snapshot.qrPayload;
  }
  get userCode(): string | undefined {
    return this.#snapshot.userCode;
  }
  get verificationUri(): string | undefined {
    return this.#snapshot.verificationUri;
  }
  get appLink(): string | undefined {
    return this.#snapshot.appLink;
  }
  get expiresAt(): number | undefined {
    return this.#snapshot.expiresAt;
  }
  get reconnecting(): boolean {
    return this.#snapshot.reconnecting;
  }
  get error(): IamSmartError | undefined {
    return this.#snapshot.error;
  }
  get listenerCount(): number {
    return this.#listeners.size;
  }

  subscribe(callback: (snapshot: Snapshot) => void): Unsubscribe {
    this.#listeners.add(callback);
    callback(this.#snapshot);
    return () => {
      this.#listeners.delete(callback);
    };
  }

  /** Replaces the snapshot, as it is. */
  set(snapshot: Snapshot): void {
    this.#snapshot = snapshot;
    this.#settleIfFinal();
    for (const listener of [...this.#listeners]) listener(snapshot);
  }

  /** Moves to `state` with that state's usual values (a failure's `ending`, `reconnecting`, `hashing`, any field replaced): as the app, or the network, would. */
  to(state: SessionState, move: Move<Snapshot, Ending> = {}): void {
    const fields: Record<string, unknown> = { ...move };
    delete fields.ending;
    delete fields.reconnecting;
    delete fields.hashing;
    this.set(this.#snapshotFor(state, moveOf(move), this.#snapshot, fields as Partial<Snapshot>));
  }

  /** The QR payload of second `t` (as the SDK rotates it while awaiting a scan). */
  rotate(t: number): void {
    this.set({ ...this.#snapshot, qrPayload: fakePayload(t) });
  }

  refresh(): void {
    this.refreshCalls += 1;
    this.#stopScript();
    this.#expiresAt = this.#newExpiry();
    this.set(this.#snapshotFor('starting', {}, this.#snapshot));
    const { refreshMs } = this.#options;
    if (refreshMs !== undefined) this.#play([{ afterMs: refreshMs, state: 'awaiting-scan' }]);
  }

  cancel(): void {
    this.cancelCalls += 1;
    this.#stopScript();
    if (FINAL.includes(this.state)) return;
    this.set({ ...this.#snapshot, state: 'cancelled', error: new sdk.IamSmartError('cancelled', 'The (scripted) session was cancelled by the page.') });
  }

  /** The snapshot the SDK reports in `state`: the fields that state carries, then `move`'s own. */
  #snapshotFor(state: SessionState, { ending, reconnecting = false, hashing = false }: FakeStepOptions<Ending>, previous: Snapshot | undefined, fields: Partial<Snapshot> = {}): Snapshot {
    const base = this.#baseSnapshot(state, ending, reconnecting);
    return { ...this.#kind.complete(base, { ending, hashing }, previous), ...fields };
  }

  #newExpiry(): number {
    return this.#options.now() + this.#options.secondsLeft * 1000;
  }

  #baseSnapshot(state: SessionState, ending: Ending | undefined, reconnecting: boolean): BaseSnapshot {
    const { channel, noCode } = this.#options;
    const session = channel
      ? { channel, ...(channel === 'app' && !noCode ? { userCode: FAKE_USER_CODE } : {}), expiresAt: this.#expiresAt }
      : { userCode: FAKE_USER_CODE, verificationUri: FAKE_VERIFICATION_URI, expiresAt: this.#expiresAt };
    switch (state) {
      case 'idle':
      case 'starting':
        return { state, reconnecting: false };
      case 'awaiting-scan': {
        if (channel === 'hosted') return { state, ...session, hostedUrl: `${location.origin}/iamsmart/requests/${'F'.repeat(43)}/hosted`, reconnecting };
        if (channel) return { state, ...session, reconnecting };
        const qrPayload = fakePayload(0);
        return { state, ...session, qrPayload, appLink: qrPayload, reconnecting };
      }
      case 'scanned':
      case 'approved':
        return { state, ...session, reconnecting };
      case 'done':
      case 'cancelled':
        return { state, ...session, reconnecting: false };
      case 'denied':
      case 'expired':
      case 'error': {
        const failure = ENDINGS[ending ?? (state === 'denied' ? 'declined' : state === 'expired' ? 'expired' : 'network_error')];
        if (failure.state !== state) throw new Error(`A ${state} session cannot end with ${String(ending)}`);
        const error = new sdk.IamSmartError(failure.code, failure.message, failure.code === 'rate_limited' ? { retryAfter: 30 } : undefined);
        // A session refused before it started (bad document, no configuration) never had a code.
        return ['document_invalid', 'invalid_config', 'login_required'].includes(failure.code) ? { state, reconnecting: false, error } : { state, ...session, reconnecting: false, error };
      }
    }
  }

  #settleIfFinal(): void {
    const settle = this.#settle;
    const { state, error } = this.#snapshot;
    if (!settle || !FINAL.includes(state)) return;
    const outcome = state === 'done' ? this.#kind.outcomeOf(this.#snapshot) : undefined;
    if (outcome !== undefined) settle.resolve(outcome);
    else settle.reject(error ?? new sdk.IamSmartError('cancelled', 'The (scripted) session was cancelled.'));
    this.#settle = undefined;
  }

  #play(steps: readonly FakeStep<Ending>[]): void {
    const [step, ...rest] = steps;
    if (!step) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.set(this.#snapshotFor(step.state, moveOf(step), this.#snapshot));
      this.#play(rest);
    }, step.afterMs);
    this.#timers.add(timer);
  }

  #stopScript(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

export interface FakeQrLoginSessionOptions extends ScriptOptions<FakeEnding> {
  /** Who logs in when the session reaches `done`. Default: CHAN Tai Man. */
  claims?: IamSmartClaims;
}

/** A scripted login session (`QrLoginSession`); `done` logs in `claims`. */
export class FakeQrLoginSession extends ScriptedSession<QrLoginSnapshot, IamSmartUser, FakeEnding> implements QrLoginSession {
  constructor(options: FakeQrLoginSessionOptions = {}) {
    const user = fakeUser(options.claims);
    super(options, {
      complete: (snapshot) => (snapshot.state === 'done' ? { ...snapshot, user } : snapshot),
      outcomeOf: (snapshot) => snapshot.user,
    });
  }

  get user(): IamSmartUser | undefined {
    return this.snapshot.user;
  }
}

/** The document of scripted signings: a tenancy agreement of 12.4 kB; its hash is the SHA-256 of a short text, its fingerprint the first 8 bytes of that, as the SDK and the app show it. */
export const FAKE_DOCUMENT: SignDocument = {
  name: 'Tenancy agreement.pdf',
  hash: 'ck4OpHtpx+nEEo3nFoJ4U5VbsdUz7PdsFWwrWx1dvpI=',
  size: 12_400,
  fingerprint: '724E 0EA4 7B69 C7E9',
};

/** A signature result shaped as the sandbox's, for `document` (a stand-in: the elements never verify it, the SDK does). */
export function fakeSignResult(overrides: Partial<SignResult> = {}, document: SignDocument = FAKE_DOCUMENT): SignResult {
  return {
    signature: 'c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0cy1vbmx5',
    certificateChain: ['-----BEGIN CERTIFICATE-----\nTEVBRg==\n-----END CERTIFICATE-----', '-----BEGIN CERTIFICATE-----\nUk9PVA==\n-----END CERTIFICATE-----'],
    algorithm: '1.2.840.113549.1.1.11',
    hash: document.hash,
    documentName: document.name,
    signedAt: '2026-01-01T00:01:30.000Z',
    signer: 'CHAN Tai Man',
    certificate: {
      subject: 'CN=CHAN Tai Man, O=iAM Smart Sandbox',
      issuer: 'CN=iAM Smart Sandbox Root CA, O=iAM Smart Sandbox',
      serialNumber: '4f1c8e2a9b7d3065c1e8f4a2b6d90e17',
      notBefore: '2025-06-01T00:00:00.000Z',
      notAfter: '2027-06-01T00:00:00.000Z',
      fingerprintSha256: '9f91161f43433e49a6de6db680d79f60159f2e4ac9172621a12846428158440b',
    },
    ...overrides,
  };
}

export interface FakeSignSessionOptions extends ScriptOptions<FakeSignEnding> {
  /** The document being signed. Default FAKE_DOCUMENT. */
  document?: SignDocument;
}

/**
 * A scripted signing session (`SignSession`). A new one starts as the SDK's does, `starting` while
 * the document is hashed (no `document` yet); every later state has the document (none when it
 * was refused), and `done` the result. As the SDK's, `refresh()` keeps the document.
 */
export class FakeSignSession extends ScriptedSession<SignSnapshot, SignResult, FakeSignEnding> implements SignSession {
  constructor(options: FakeSignSessionOptions = {}) {
    super(
      // Without a state to start in, it starts as the SDK's: hashing.
      { ...options, hashing: options.hashing ?? options.state === undefined },
      {
        complete: (snapshot, { ending, hashing }, previous): SignSnapshot => {
          if (hashing || ending === 'document_invalid') return snapshot;
          const document = previous?.document ?? options.document ?? FAKE_DOCUMENT;
          return snapshot.state === 'done' ? { ...snapshot, document, result: fakeSignResult({}, document) } : { ...snapshot, document };
        },
        outcomeOf: (snapshot) => snapshot.result,
      },
    );
  }

  get document(): SignDocument | undefined {
    return this.snapshot.document;
  }
  get result(): SignResult | undefined {
    return this.snapshot.result;
  }
}

export interface FakeEmeSessionOptions extends ScriptOptions<FakeEmeEnding> {
  /** What `done` carries. Default: every field of FAKE_EME. */
  result?: EmeResult;
}

/** A scripted form-filling session (`EmeSession`): in `done`, the result. */
export class FakeEmeSession extends ScriptedSession<EmeSnapshot, EmeResult, FakeEmeEnding> implements EmeSession {
  constructor(options: FakeEmeSessionOptions = {}) {
    const result = options.result ?? fakeEmeResult(Object.keys(FAKE_EME) as (keyof EmeData)[]);
    super(options, {
      complete: (snapshot) => (snapshot.state === 'done' ? { ...snapshot, result } : snapshot),
      outcomeOf: (snapshot) => snapshot.result,
    });
  }

  get result(): EmeResult | undefined {
    return this.snapshot.result;
  }
}

export interface FakeNotifySessionOptions extends ScriptOptions<FakeNotifyEnding> {
  /** What `done` carries. Default: `{ consented: ['reservation-ready'] }`. */
  result?: NotifyConsent;
}

/** A scripted consent to notifications (`NotifySession`): in `done`, the topics consented. */
export class FakeNotifySession extends ScriptedSession<NotifySnapshot, NotifyConsent, FakeNotifyEnding> implements NotifySession {
  constructor(options: FakeNotifySessionOptions = {}) {
    const result = options.result ?? { consented: ['reservation-ready'] };
    super(options, {
      complete: (snapshot) => (snapshot.state === 'done' ? { ...snapshot, result } : snapshot),
      outcomeOf: (snapshot) => snapshot.result,
    });
  }

  get result(): NotifyConsent | undefined {
    return this.snapshot.result;
  }
}
