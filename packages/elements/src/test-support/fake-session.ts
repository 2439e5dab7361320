import { IamSmartError } from '@iamsmart/sdk';
import type {
  QrLoginSession,
  QrLoginSnapshot,
  SessionState,
  EmeData,
  EmeResult,
  EmeSession,
  EmeSnapshot,
  IamSmartUser,
  SignResult,
  SignDocument,
  SignSession,
  SignSnapshot,
  Unsubscribe,
} from '@iamsmart/sdk';
import { fakeUser } from './fake-client.js';

/** The fixed clock of scripted sessions (ms since the epoch): 2026-01-01T00:00:00Z. */
export const FAKE_NOW = Date.UTC(2026, 0, 1);
export const FAKE_ISSUER = 'https://fake-issuer.test';
export const FAKE_USER_CODE = '4821-0937';
/** A session's lifetime as the sandbox gives it by default. */
export const FAKE_LIFETIME_MS = 180_000;

/** The QR payload at second `t`, shaped as the sandbox's (`…/app/qr?s&t&h`, 43-character `h`); `h` varies with `t` but is no HMAC. */
export function fakePayload(t: number): string {
  const h = `${'Zm9vYmFyLWZha2UtaG1hYy1mb3ItdGVzdHMtb25seS0'.slice(0, 43 - String(t).length)}${t}`;
  return `${FAKE_ISSUER}/app/qr?s=Qk7vX2mR9pL4wN8sT1yZ3cA&t=${t}&h=${h}`;
}

const TERMINAL: readonly SessionState[] = ['done', 'denied', 'expired', 'cancelled', 'error'];

/** The values a live session carries in each state, as the sandbox would give them. */
function sessionValues(state: SessionState): Partial<QrLoginSnapshot> {
  const session = {
    userCode: FAKE_USER_CODE,
    verificationUri: `${FAKE_ISSUER}/app/code`,
    expiresAt: FAKE_NOW + FAKE_LIFETIME_MS,
  };
  const byState: Record<SessionState, Partial<QrLoginSnapshot>> = {
    idle: {},
    starting: {},
    'awaiting-scan': { ...session, qrPayload: fakePayload(0), appLink: `${FAKE_ISSUER}/app?open=${encodeURIComponent(fakePayload(0))}` },
    scanned: session,
    approved: session,
    done: session,
    denied: { ...session, error: new IamSmartError('access_denied', 'The resident declined in the app') },
    expired: { ...session, error: new IamSmartError('session_expired', 'The device code expired') },
    cancelled: session,
    error: { ...session, error: new IamSmartError('network_error', 'The status stream was lost') },
  };
  return byState[state];
}

/** What a scripted login session looks like in each state, with the values the sandbox would give. */
export function fakeSnapshot(state: SessionState, overrides: Partial<QrLoginSnapshot> = {}): QrLoginSnapshot {
  return { state, reconnecting: false, ...sessionValues(state), ...(state === 'done' ? { user: fakeUser() } : {}), ...overrides };
}

/** The document of scripted signing sessions: SHA-256 of a short text, 12.4 kB as a PDF would be. */
export const FAKE_DOCUMENT: SignDocument = {
  name: 'Tenancy agreement.pdf',
  hash: 'ck4OpHtpx+nEEo3nFoJ4U5VbsdUz7PdsFWwrWx1dvpI=',
  size: 12_400,
  fingerprint: '724E 0EA4 7B69 C7E9',
};

/** A signature result shaped as the SDK reports it (its values are not a real signature: the elements never verify). */
export function fakeSignResult(overrides: Partial<SignResult> = {}): SignResult {
  return {
    signature: 'c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0cy1vbmx5',
    certificateChain: ['-----BEGIN CERTIFICATE-----\nTEVBRg==\n-----END CERTIFICATE-----', '-----BEGIN CERTIFICATE-----\nUk9PVA==\n-----END CERTIFICATE-----'],
    algorithm: '1.2.840.113549.1.1.11',
    hash: FAKE_DOCUMENT.hash,
    documentName: FAKE_DOCUMENT.name,
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

/**
 * What a scripted signing session looks like in each state: the document from the moment it is
 * hashed (give `document: undefined` for a `starting` still hashing), the result in `done`.
 */
export function fakeSignSnapshot(state: SessionState, overrides: Partial<SignSnapshot> = {}): SignSnapshot {
  return {
    state,
    reconnecting: false,
    ...sessionValues(state),
    document: FAKE_DOCUMENT,
    ...(state === 'done' ? { result: fakeSignResult() } : {}),
    ...overrides,
  };
}

/** What both kinds of session share: every cross-device field but the login's `user`. */
type BaseSnapshot = Omit<QrLoginSnapshot, 'user'>;

/**
 * A scripted cross-device session for element tests and stories: the SDK session's shape, no
 * network. The script moves it with `set()` (a state, a payload rotation, `reconnecting`), and it
 * records `refresh()` and `cancel()` calls. `refresh()` goes to `starting` as the SDK's does;
 * `cancel()` goes to `cancelled` unless the session has ended.
 */
abstract class ScriptedSession<Snapshot extends BaseSnapshot, Outcome> {
  refreshCalls = 0;
  cancelCalls = 0;
  readonly done: Promise<Outcome>;
  #snapshot: Snapshot;
  readonly #listeners = new Set<(snapshot: Snapshot) => void>();
  #settle?: { resolve: (outcome: Outcome) => void; reject: (error: unknown) => void };

  constructor(initial: Snapshot) {
    this.#snapshot = initial;
    this.done = new Promise<Outcome>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // Nobody has to await it in a test; a rejection is an outcome here, not a failure.
    this.done.catch(() => undefined);
  }

  /** The snapshot of `state` with that state's usual values. */
  protected abstract snapshotFor(state: SessionState, overrides?: Partial<Snapshot>): Snapshot;
  /** What `done` resolves with, once the snapshot is `done`. */
  protected abstract outcomeOf(snapshot: Snapshot): Outcome | undefined;

  get snapshot(): Snapshot {
    return this.#snapshot;
  }
  get state() {
    return this.#snapshot.state;
  }
  get qrPayload() {
    return this.#snapshot.qrPayload;
  }
  get userCode() {
    return this.#snapshot.userCode;
  }
  get verificationUri() {
    return this.#snapshot.verificationUri;
  }
  get appLink() {
    return this.#snapshot.appLink;
  }
  get expiresAt() {
    return this.#snapshot.expiresAt;
  }
  get reconnecting() {
    return this.#snapshot.reconnecting;
  }
  get error() {
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

  /** Replaces the snapshot (a state given without the rest gets that state's usual values). */
  set(snapshot: Snapshot): void {
    this.#snapshot = snapshot;
    for (const listener of [...this.#listeners]) listener(snapshot);
    if (!this.#settle) return;
    const outcome = snapshot.state === 'done' ? this.outcomeOf(snapshot) : undefined;
    if (outcome !== undefined) this.#settle.resolve(outcome);
    else if (TERMINAL.includes(snapshot.state)) this.#settle.reject(snapshot.error ?? new IamSmartError('cancelled', 'cancelled'));
    else return;
    this.#settle = undefined;
  }

  /** Moves to `state` with that state's usual values. */
  to(state: SessionState, overrides: Partial<Snapshot> = {}): void {
    this.set(this.snapshotFor(state, overrides));
  }

  /** The QR payload of second `t` (as the SDK rotates it while awaiting a scan). */
  rotate(t: number): void {
    this.set({ ...this.#snapshot, qrPayload: fakePayload(t) });
  }

  refresh(): void {
    this.refreshCalls += 1;
    this.set(this.snapshotFor('starting'));
  }

  cancel(): void {
    this.cancelCalls += 1;
    if (TERMINAL.includes(this.#snapshot.state)) return;
    this.set({ ...this.#snapshot, state: 'cancelled', error: new IamSmartError('cancelled', 'cancelled by the page') });
  }
}

/** A scripted login session (`QrLoginSession`). */
export class FakeSession extends ScriptedSession<QrLoginSnapshot, IamSmartUser> implements QrLoginSession {
  constructor(initial: QrLoginSnapshot = fakeSnapshot('starting')) {
    super(initial);
  }

  get user() {
    return this.snapshot.user;
  }

  protected snapshotFor(state: SessionState, overrides: Partial<QrLoginSnapshot> = {}): QrLoginSnapshot {
    return fakeSnapshot(state, overrides);
  }

  protected outcomeOf(snapshot: QrLoginSnapshot): IamSmartUser | undefined {
    return snapshot.user;
  }
}

/**
 * A scripted signing session (`SignSession`). It starts as the SDK's does, `starting` while the
 * document is hashed (no `document` yet); any later state has the document (the one it had, else
 * `FAKE_DOCUMENT`), unless given `document: undefined`.
 */
export class FakeSignSession extends ScriptedSession<SignSnapshot, SignResult> implements SignSession {
  constructor(initial: SignSnapshot = fakeSignSnapshot('starting', { document: undefined })) {
    super(initial);
  }

  get document() {
    return this.snapshot.document;
  }
  get result() {
    return this.snapshot.result;
  }

  protected snapshotFor(state: SessionState, overrides: Partial<SignSnapshot> = {}): SignSnapshot {
    return fakeSignSnapshot(state, { document: this.snapshot.document ?? FAKE_DOCUMENT, ...overrides });
  }

  protected outcomeOf(snapshot: SignSnapshot): SignResult | undefined {
    return snapshot.result;
  }
}

/** The e-ME data of the sandbox's first resident (`res-chan-tai-man` in residents.json), as the SDK returns it. */
export const FAKE_EME: Required<EmeData> = {
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
    en: { flat: 'Room 1201', floor: '12/F', building: 'Harbour Centre', street: '25 Harbour Road', area: 'Wan Chai', district: 'Wan Chai', region: 'Hong Kong' },
    zh: { region: '香港', district: '灣仔區', area: '灣仔', street: '港灣道25號', building: '海港中心', floor: '12樓', flat: '1201室' },
  },
  educationLevel: 'degree',
  employmentStatus: 'employed',
  passportNumber: 'K10384756',
  passportExpiry: '2031-08-19',
  propertyOwner: true,
  carOwner: false,
};

/** A form-filling result for `fields`: what FAKE_EME has of them, the rest missing. */
export function fakeEmeResult(fields: readonly (keyof EmeData)[], overrides: Partial<EmeResult> = {}): EmeResult {
  const data: EmeData = {};
  for (const field of fields) Object.assign(data, { [field]: FAKE_EME[field] });
  return { data, filled: [...fields], missing: [], invalid: [], ...overrides };
}

/** What a scripted form-filling session looks like in each state; `done` carries `result` (default: every field of FAKE_EME). */
export function fakeEmeSnapshot(state: SessionState, overrides: Partial<EmeSnapshot> = {}): EmeSnapshot {
  return {
    state,
    reconnecting: false,
    ...sessionValues(state),
    ...(state === 'done' ? { result: fakeEmeResult(Object.keys(FAKE_EME) as (keyof EmeData)[]) } : {}),
    ...overrides,
  };
}

/** A scripted form-filling session (`EmeSession`). */
export class FakeEmeSession extends ScriptedSession<EmeSnapshot, EmeResult> implements EmeSession {
  constructor(initial: EmeSnapshot = fakeEmeSnapshot('starting')) {
    super(initial);
  }

  get result() {
    return this.snapshot.result;
  }

  protected snapshotFor(state: SessionState, overrides: Partial<EmeSnapshot> = {}): EmeSnapshot {
    return fakeEmeSnapshot(state, overrides);
  }

  protected outcomeOf(snapshot: EmeSnapshot): EmeResult | undefined {
    return snapshot.result;
  }
}
