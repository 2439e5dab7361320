import type {
  QrLoginSession,
  QrLoginSnapshot,
  SessionState,
  EmeData,
  EmeField,
  EmeRequest,
  EmeResult,
  EmeSession,
  EmeSnapshot,
  IamSmartClaims,
  IamSmartError,
  IamSmartErrorCode,
  IamSmartUser,
  SignResult,
  SignDocument,
  SignSession,
  SignSnapshot,
  Unsubscribe,
} from '@iamsmart/sdk';
import { CHAN_TAI_MAN, STORYBOOK_ISSUER } from './resident.js';

// Loaded the way <iams-provider> loads it (dynamically), so the Storybook build splits the SDK
// off as a page's bundler would, rather than pulling it into every story.
const sdk = await import('@iamsmart/sdk');

/**
 * The payload a real session shows first: the sandbox's QR link with start token `storybook`,
 * `t=0` and `h` = base64url(HMAC-SHA256(key "storybook-qr-start-secret", "storybook.0")), as the
 * SDK computes it. Fixed, so the QR code is the same pixels in every run.
 */
export const STORYBOOK_QR_PAYLOAD = `${STORYBOOK_ISSUER}/app/qr?s=storybook&t=0&h=J98F9AZyvR_RNCp2shmUaZe6hsEc3SvBhvU0XBpYg40`;
/** The identification code the resident matches in the app. */
export const STORYBOOK_USER_CODE = '4821-0937';
export const STORYBOOK_VERIFICATION_URI = `${STORYBOOK_ISSUER}/app/code`;
/** The sandbox's default session lifetime. */
const SESSION_SECONDS = 180;

/** The outcome behind a `denied`, `expired` or `error` snapshot. */
export type FakeEnding = 'declined' | 'code_mismatch' | 'expired' | 'network_error' | 'rate_limited';
/** A signing can also end in the signing's own failures. */
export type FakeSignEnding = FakeEnding | 'document_invalid' | 'invalid_config' | 'signing_failed' | 'signature_invalid';
/** Form filling can also end with the resident's details unreadable, or the page not set up. */
export type FakeEmeEnding = FakeEnding | 'invalid_config' | 'form_data_error';
/** Every ending a scripted session knows. */
type AnyEnding = FakeSignEnding | FakeEmeEnding;

const ENDINGS: Record<AnyEnding, { state: SessionState; code: IamSmartErrorCode; message: string }> = {
  declined: { state: 'denied', code: 'access_denied', message: 'The resident declined in the (scripted) app.' },
  code_mismatch: { state: 'denied', code: 'code_mismatch', message: 'The resident tapped another identification code in the (scripted) app.' },
  expired: { state: 'expired', code: 'session_expired', message: 'The (scripted) session ran out of time.' },
  network_error: { state: 'error', code: 'network_error', message: 'The (scripted) status stream was lost and could not be re-established.' },
  rate_limited: { state: 'error', code: 'rate_limited', message: 'The (scripted) provider answered 429 Too Many Requests.' },
  document_invalid: { state: 'error', code: 'document_invalid', message: 'The (scripted) document is empty.' },
  invalid_config: { state: 'error', code: 'invalid_config', message: 'No signing trust anchors are configured (scripted).' },
  signing_failed: { state: 'error', code: 'signing_failed', message: 'The (scripted) signing service refused the hash: not in the approved grant.' },
  signature_invalid: { state: 'error', code: 'signature_invalid', message: 'The (scripted) signature does not verify with the signer certificate.' },
  form_data_error: { state: 'error', code: 'form_data_error', message: 'The (scripted) userinfo endpoint answered 500.' },
};

/** One change of a scripted session: what it becomes, `afterMs` after the previous step. */
export interface FakeStep<Ending extends AnyEnding = FakeEnding> {
  afterMs: number;
  state: SessionState;
  /** With `denied`, `expired` or `error`: which failure. */
  ending?: Ending;
  reconnecting?: boolean;
  /** Signing only: in `starting`, the document is still being hashed. */
  hashing?: boolean;
}

interface ScriptOptions<Ending extends AnyEnding> {
  /** Where the session starts. Default `starting`. */
  state?: SessionState;
  /** With state `denied`, `expired` or `error`: which failure. */
  ending?: Ending;
  /** True: the SDK is retrying a lost connection. */
  reconnecting?: boolean;
  /** Seconds from `now()` to the session's end. Default 180, the sandbox's default lifetime. */
  secondsLeft?: number;
  /** The clock `expiresAt` is counted from (ms since the epoch). Default `Date.now`. */
  now?: () => number;
  /** Changes played one after another once the session exists (timers); none by default, so the snapshot stays put. */
  script?: readonly FakeStep<Ending>[];
  /** How long `refresh()` stays `starting` before the new code is shown. Default 300 ms. */
  refreshMs?: number;
}

export interface FakeSessionOptions extends ScriptOptions<FakeEnding> {
  /** Who logs in when the session reaches `done`. */
  claims?: IamSmartClaims;
}

export interface FakeSignSessionOptions extends ScriptOptions<FakeSignEnding> {
  /** In `starting`: the document is still being hashed (the snapshot has no `document` yet). */
  hashing?: boolean;
  /** The document being signed. Default `STORYBOOK_DOCUMENT`. */
  document?: SignDocument;
}

const FINAL: readonly SessionState[] = ['done', 'denied', 'expired', 'cancelled', 'error'];

/** What both kinds of session report: every cross-device field but the login's `user`. */
type BaseSnapshot = Omit<QrLoginSnapshot, 'user'>;

/** Adds what a kind of session reports besides (the login's user, the signing's document and result). */
type Complete<Snapshot, Ending> = (snapshot: BaseSnapshot, step: { ending?: Ending; hashing: boolean }) => Snapshot;

/**
 * A scripted cross-device session for stories: no network, no timers unless a script asks for
 * them, fixed QR payload and identification code, so each state renders the same every time.
 * Play functions move it on with `advance()`; `refresh()` and `cancel()` behave as the SDK's do
 * (a new code after a short `starting`; `cancelled` unless already ended). As the SDK's, the
 * same-device app link is the QR payload itself, opened on this device.
 */
class ScriptedSession<Snapshot extends BaseSnapshot, Outcome, Ending extends AnyEnding> {
  readonly done: Promise<Outcome>;
  /** How many times the element asked for a new code. */
  refreshCalls = 0;

  #snapshot: Snapshot;
  /** When the current code ends; a new code (`refresh()`) gets a whole new lifetime. */
  #expiresAt: number;
  readonly #subscribers = new Set<(snapshot: Snapshot) => void>();
  readonly #options: Required<Omit<ScriptOptions<Ending>, 'state' | 'ending' | 'reconnecting'>>;
  readonly #complete: Complete<Snapshot, Ending>;
  readonly #outcomeOf: (snapshot: Snapshot) => Outcome | undefined;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #settle?: { resolve: (outcome: Outcome) => void; reject: (error: IamSmartError) => void };

  constructor(options: ScriptOptions<Ending>, complete: Complete<Snapshot, Ending>, outcomeOf: (snapshot: Snapshot) => Outcome | undefined, hashing = false) {
    this.#options = { secondsLeft: SESSION_SECONDS, now: () => Date.now(), script: [], refreshMs: 300, ...options };
    this.#complete = complete;
    this.#outcomeOf = outcomeOf;
    this.done = new Promise<Outcome>((resolve, reject) => (this.#settle = { resolve, reject }));
    // The SDK's promise is there to be awaited when a page wants it; an ending nobody awaits is
    // not an unhandled rejection.
    this.done.catch(() => undefined);
    this.#expiresAt = this.#newExpiry();
    this.#snapshot = this.#snapshotFor(options.state ?? 'starting', { ending: options.ending, reconnecting: options.reconnecting, hashing });
    this.#settleIfFinal();
    this.#play(this.#options.script);
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

  subscribe(callback: (snapshot: Snapshot) => void): Unsubscribe {
    this.#subscribers.add(callback);
    callback({ ...this.#snapshot });
    return () => this.#subscribers.delete(callback);
  }

  refresh(): void {
    this.refreshCalls++;
    this.#stopScript();
    this.#expiresAt = this.#newExpiry();
    this.#set(this.#snapshotFor('starting'));
    this.#play([{ afterMs: this.#options.refreshMs, state: 'awaiting-scan' }]);
  }

  cancel(): void {
    this.#stopScript();
    if (!FINAL.includes(this.state)) this.#set(this.#snapshotFor('cancelled'));
  }

  /** Moves the session on, as the app (or the network) would: for play functions. */
  advance(state: SessionState, step: { ending?: Ending; reconnecting?: boolean; hashing?: boolean } = {}): void {
    this.#set(this.#snapshotFor(state, step));
  }

  #newExpiry(): number {
    return this.#options.now() + this.#options.secondsLeft * 1000;
  }

  /** The snapshot the SDK reports in `state`: only the fields that state carries. */
  #snapshotFor(state: SessionState, { ending, reconnecting = false, hashing = false }: { ending?: Ending | undefined; reconnecting?: boolean | undefined; hashing?: boolean } = {}): Snapshot {
    return this.#complete(this.#baseSnapshot(state, ending, reconnecting), { ending, hashing });
  }

  #baseSnapshot(state: SessionState, ending: Ending | undefined, reconnecting: boolean): BaseSnapshot {
    const session = { userCode: STORYBOOK_USER_CODE, verificationUri: STORYBOOK_VERIFICATION_URI, expiresAt: this.#expiresAt };
    switch (state) {
      case 'idle':
      case 'starting':
      case 'cancelled':
        return { state, reconnecting: false };
      case 'awaiting-scan':
        return { state, ...session, qrPayload: STORYBOOK_QR_PAYLOAD, appLink: STORYBOOK_QR_PAYLOAD, reconnecting };
      case 'scanned':
      case 'approved':
        return { state, ...session, reconnecting };
      case 'done':
        return { state, ...session, reconnecting: false };
      case 'denied':
      case 'expired':
      case 'error': {
        const failure = ENDINGS[ending ?? (state === 'denied' ? 'declined' : state === 'expired' ? 'expired' : 'network_error')];
        if (failure.state !== state) throw new Error(`A ${state} session cannot end with ${String(ending)}`);
        const error = new sdk.IamSmartError(failure.code, failure.message, failure.code === 'rate_limited' ? { retryAfter: 30 } : undefined);
        // A session refused before it started (bad document, no configuration) never had a code.
        return ['document_invalid', 'invalid_config'].includes(failure.code) ? { state, reconnecting: false, error } : { state, ...session, reconnecting: false, error };
      }
    }
  }

  #set(snapshot: Snapshot): void {
    this.#snapshot = snapshot;
    this.#settleIfFinal();
    for (const callback of this.#subscribers) callback({ ...this.#snapshot });
  }

  #settleIfFinal(): void {
    const { state, error } = this.#snapshot;
    const outcome = state === 'done' ? this.#outcomeOf(this.#snapshot) : undefined;
    if (outcome !== undefined) this.#settle?.resolve(outcome);
    else if (FINAL.includes(state)) this.#settle?.reject(error ?? new sdk.IamSmartError('cancelled', 'The (scripted) session was cancelled.'));
  }

  #play(steps: readonly FakeStep<Ending>[]): void {
    const [step, ...rest] = steps;
    if (!step) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.advance(step.state, step);
      this.#play(rest);
    }, step.afterMs);
    this.#timers.add(timer);
  }

  #stopScript(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

/** A scripted login session (`QrLoginSession`); `done` logs in `claims`. */
export class FakeQrLoginSession extends ScriptedSession<QrLoginSnapshot, IamSmartUser, FakeEnding> implements QrLoginSession {
  constructor(options: FakeSessionOptions = {}) {
    const user: IamSmartUser = {
      claims: options.claims ?? CHAN_TAI_MAN,
      idToken: 'storybook-fake-id-token',
      accessToken: 'storybook-fake-access-token',
      tokenType: 'Bearer',
      scope: 'openid profile',
      expiresAt: undefined,
    };
    super(
      options,
      (snapshot) => (snapshot.state === 'done' ? { ...snapshot, user } : snapshot),
      (snapshot) => snapshot.user,
    );
  }

  get user(): IamSmartUser | undefined {
    return this.snapshot.user;
  }
}

/**
 * The document of the scripted signings: a tenancy agreement of 12.4 kB. Its hash is the SHA-256
 * of a short text and its fingerprint the first 8 bytes of that, as the SDK and the app show it.
 */
export const STORYBOOK_DOCUMENT: SignDocument = {
  name: 'Tenancy agreement.pdf',
  hash: 'ck4OpHtpx+nEEo3nFoJ4U5VbsdUz7PdsFWwrWx1dvpI=',
  size: 12_400,
  fingerprint: '724E 0EA4 7B69 C7E9',
};

/** A signature result shaped as the sandbox's, for `document` (a stand-in: the elements never verify it, the SDK does). */
export function storybookSignResult(document: SignDocument): SignResult {
  return {
    signature: 'U3Rvcnlib29rIHNjcmlwdGVkIHNpZ25hdHVyZTogbm90IGEgcmVhbCBSU0Egc2lnbmF0dXJl',
    certificateChain: [
      '-----BEGIN CERTIFICATE-----\nU3Rvcnlib29rIGxlYWYgY2VydGlmaWNhdGUgKHNjcmlwdGVkKQ==\n-----END CERTIFICATE-----',
      '-----BEGIN CERTIFICATE-----\nU3Rvcnlib29rIHJvb3QgY2VydGlmaWNhdGUgKHNjcmlwdGVkKQ==\n-----END CERTIFICATE-----',
    ],
    algorithm: '1.2.840.113549.1.1.11',
    hash: document.hash,
    documentName: document.name,
    signedAt: '2026-03-02T02:01:30.000Z',
    signer: 'CHAN Tai Man',
    certificate: {
      subject: 'CN=CHAN Tai Man, O=iAM Smart Sandbox',
      issuer: 'CN=iAM Smart Sandbox Root CA, O=iAM Smart Sandbox',
      serialNumber: '4f1c8e2a9b7d3065c1e8f4a2b6d90e17',
      notBefore: '2026-01-05T03:12:00.000Z',
      notAfter: '2028-01-05T03:12:00.000Z',
      fingerprintSha256: '9f91161f43433e49a6de6db680d79f60159f2e4ac9172621a12846428158440b',
    },
  };
}

/**
 * A scripted signing session (`SignSession`): `starting` while `hashing`, then the document in
 * every state (none when the document was refused), and in `done` the result. As the SDK's,
 * `refresh()` keeps the document (it is not hashed again).
 */
export class FakeSignSession extends ScriptedSession<SignSnapshot, SignResult, FakeSignEnding> implements SignSession {
  constructor(options: FakeSignSessionOptions = {}) {
    const document = options.document ?? STORYBOOK_DOCUMENT;
    const result = storybookSignResult(document);
    super(
      options,
      (snapshot, { ending, hashing }): SignSnapshot => {
        if (hashing || ending === 'document_invalid') return snapshot;
        return snapshot.state === 'done' ? { ...snapshot, document, result } : { ...snapshot, document };
      },
      (snapshot) => snapshot.result,
      options.hashing,
    );
  }

  get document(): SignDocument | undefined {
    return this.snapshot.document;
  }
  get result(): SignResult | undefined {
    return this.snapshot.result;
  }
}

/** The e-ME details of the sandbox's first resident (`res-chan-tai-man` in residents.json), as the SDK returns them. */
export const STORYBOOK_EME: Required<EmeData> = {
  enName: { lastName: 'CHAN', firstName: 'Tai Man' },
  chName: { lastName: '陳', firstName: '大文' },
  idNo: { identification: 'K543210', checkDigit: '3' },
  birthDate: '1978-03-14',
  gender: 'M',
  prefix: 'Mr',
  maritalStatus: 'married',
  homeTelNumber: { countryCode: '852', subscriberNumber: '26041234' },
  officeTelNumber: { countryCode: '852', subscriberNumber: '28105678' },
  mobileNumber: { countryCode: '852', subscriberNumber: '91234567' },
  emailAddress: 'chan.taiman@example.com',
  residentialAddress: {
    en: { flat: 'Flat C', floor: '12/F', block: 'Block 3', building: 'Sandbox Garden', street: '18 Tai Chung Kiu Road', area: 'Sha Tin', district: 'Sha Tin', region: 'New Territories' },
    zh: { region: '新界', district: '沙田區', area: '沙田', street: '大涌橋路18號', building: '沙盒花園', block: '第3座', floor: '12樓', flat: 'C室' },
  },
  postalAddress: {
    en: { flat: 'Flat C', floor: '12/F', block: 'Block 3', building: 'Sandbox Garden', street: '18 Tai Chung Kiu Road', area: 'Sha Tin', district: 'Sha Tin', region: 'New Territories' },
    zh: { region: '新界', district: '沙田區', area: '沙田', street: '大涌橋路18號', building: '沙盒花園', block: '第3座', floor: '12樓', flat: 'C室' },
  },
  educationLevel: 'degree',
  employmentStatus: 'employed',
  passportNumber: 'K10384756',
  passportExpiry: '2031-08-19',
  propertyOwner: true,
  carOwner: false,
};

/** What the resident shares: the requested fields STORYBOOK_EME has, less those `leftOut` in the app. */
export function storybookEmeResult({ fields }: EmeRequest, leftOut: readonly EmeField[] = []): EmeResult {
  const data: EmeData = {};
  const filled = fields.filter((field) => !leftOut.includes(field));
  for (const field of filled) Object.assign(data, { [field]: STORYBOOK_EME[field] });
  return { data, filled, missing: fields.filter((field) => leftOut.includes(field)), invalid: [] };
}

export interface FakeEmeSessionOptions extends ScriptOptions<FakeEmeEnding> {
  /** What `done` carries. */
  result: EmeResult;
}

/** A scripted form-filling session (`EmeSession`): in `done`, the result. */
export class FakeEmeSession extends ScriptedSession<EmeSnapshot, EmeResult, FakeEmeEnding> implements EmeSession {
  constructor(options: FakeEmeSessionOptions) {
    const { result } = options;
    super(
      options,
      (snapshot): EmeSnapshot => (snapshot.state === 'done' ? { ...snapshot, result } : snapshot),
      (snapshot) => snapshot.result,
    );
  }

  get result(): EmeResult | undefined {
    return this.snapshot.result;
  }
}
