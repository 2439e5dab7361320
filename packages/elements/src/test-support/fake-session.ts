import { IamSmartError } from '@iamsmart/sdk';
import type { CrossDeviceSession, CrossDeviceSnapshot, CrossDeviceState, IamSmartUser, Unsubscribe } from '@iamsmart/sdk';
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

const TERMINAL: readonly CrossDeviceState[] = ['done', 'denied', 'expired', 'cancelled', 'error'];

/** What a scripted session looks like in each state, with the values the sandbox would give. */
export function fakeSnapshot(state: CrossDeviceState, overrides: Partial<CrossDeviceSnapshot> = {}): CrossDeviceSnapshot {
  const session = {
    userCode: FAKE_USER_CODE,
    verificationUri: `${FAKE_ISSUER}/app/code`,
    expiresAt: FAKE_NOW + FAKE_LIFETIME_MS,
  };
  const byState: Record<CrossDeviceState, Partial<CrossDeviceSnapshot>> = {
    idle: {},
    starting: {},
    'awaiting-scan': { ...session, qrPayload: fakePayload(0), appLink: `${FAKE_ISSUER}/app?open=${encodeURIComponent(fakePayload(0))}` },
    scanned: session,
    approved: session,
    done: { ...session, user: fakeUser() },
    denied: { ...session, error: new IamSmartError('access_denied', 'The resident declined in the app') },
    expired: { ...session, error: new IamSmartError('session_expired', 'The device code expired') },
    cancelled: session,
    error: { ...session, error: new IamSmartError('network_error', 'The status stream was lost') },
  };
  return { state, reconnecting: false, ...byState[state], ...overrides };
}

/**
 * A scripted cross-device session for element tests and stories: the SDK session's shape, no
 * network. The script moves it with `set()` (a state, a payload rotation, `reconnecting`), and it
 * records `refresh()` and `cancel()` calls. `refresh()` goes to `starting` as the SDK's does;
 * `cancel()` goes to `cancelled` unless the session has ended.
 */
export class FakeSession implements CrossDeviceSession {
  refreshCalls = 0;
  cancelCalls = 0;
  readonly done: Promise<IamSmartUser>;
  #snapshot: CrossDeviceSnapshot;
  readonly #listeners = new Set<(snapshot: CrossDeviceSnapshot) => void>();
  #settle?: { resolve: (user: IamSmartUser) => void; reject: (error: unknown) => void };

  constructor(initial: CrossDeviceSnapshot = fakeSnapshot('starting')) {
    this.#snapshot = initial;
    this.done = new Promise<IamSmartUser>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // Nobody has to await it in a test; a rejection is an outcome here, not a failure.
    this.done.catch(() => undefined);
  }

  get snapshot(): CrossDeviceSnapshot {
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
  get user() {
    return this.#snapshot.user;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  subscribe(callback: (snapshot: CrossDeviceSnapshot) => void): Unsubscribe {
    this.#listeners.add(callback);
    callback(this.#snapshot);
    return () => {
      this.#listeners.delete(callback);
    };
  }

  /** Replaces the snapshot (a state given without the rest gets that state's usual values). */
  set(snapshot: CrossDeviceSnapshot): void {
    this.#snapshot = snapshot;
    for (const listener of [...this.#listeners]) listener(snapshot);
    if (!this.#settle) return;
    if (snapshot.state === 'done' && snapshot.user) this.#settle.resolve(snapshot.user);
    else if (TERMINAL.includes(snapshot.state)) this.#settle.reject(snapshot.error ?? new IamSmartError('cancelled', 'cancelled'));
    else return;
    this.#settle = undefined;
  }

  /** Moves to `state` with that state's usual values. */
  to(state: CrossDeviceState, overrides: Partial<CrossDeviceSnapshot> = {}): void {
    this.set(fakeSnapshot(state, overrides));
  }

  /** The QR payload of second `t` (as the SDK rotates it while awaiting a scan). */
  rotate(t: number): void {
    this.set({ ...this.#snapshot, qrPayload: fakePayload(t) });
  }

  refresh(): void {
    this.refreshCalls += 1;
    this.set(fakeSnapshot('starting'));
  }

  cancel(): void {
    this.cancelCalls += 1;
    if (TERMINAL.includes(this.#snapshot.state)) return;
    this.set({ ...this.#snapshot, state: 'cancelled', error: new IamSmartError('cancelled', 'cancelled by the page') });
  }
}
