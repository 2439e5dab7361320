// Cross-device sessions against the real-HTTP fake provider (packages/sdk/test/fake-provider-plugin.js):
// polling answers, the status stream, reconnection, hidden tabs, cancel, refresh, the QR payload
// and ID-token rejections. Polling intervals and backoff run at SCALE (an internal client option) so
// RFC 8628's whole seconds do not make the suite slow; lifetimes and the QR rotation run in real time.
import { assert } from '@open-wc/testing';
import type { IamSmartError, IamSmartErrorCode } from '../errors.js';
import { fetchDiscovery } from '../discovery.js';
import { TOKEN_KEY_PREFIX } from '../login/token-store.js';
import type { QrLoginSession, QrLoginSnapshot, IamSmartUser } from '../login/types.js';
import type { SessionState } from './types.js';
import type { IamSmartClient } from '../client.js';
import { CLIENT_ID, control, providerLog, recordingClient, registerScenario, waitFor } from '../test-support/fake-op.js';
import type { DeviceOptions, Scenario, ScenarioOptions } from '../test-support/fake-op.js';
import { createOidcTransport } from '../transport/oidc/transport.js';
import type { OidcApproval } from '../transport/oidc/transport.js';
import { openSession } from './engine.js';
import type { SessionSnapshot } from './types.js';
import { rejectsWith } from '../test-support/session-run.js';

/** interval 1 s → 50 ms; slow_down's +5 s → +250 ms; first backoff 0.5 s → 12–25 ms. */
const SCALE = 0.05;

interface Run {
  scenario: Scenario;
  client: IamSmartClient;
  session: QrLoginSession;
  states: SessionState[];
  snapshots: QrLoginSnapshot[];
  logins: IamSmartUser[];
  errors: IamSmartError[];
}

async function start(device: DeviceOptions, options: ScenarioOptions = {}, config: { storage?: 'memory' | 'session' } = {}): Promise<Run> {
  const scenario = await registerScenario({ ...options, device });
  const { client } = recordingClient({ issuer: scenario.issuer, storage: 'session', ...config }, SCALE);
  const logins: IamSmartUser[] = [];
  const errors: IamSmartError[] = [];
  client.on('login', (user) => logins.push(user));
  client.on('error', (error) => errors.push(error));
  const session = client.startQrLogin();
  const states: SessionState[] = [];
  const snapshots: QrLoginSnapshot[] = [];
  session.subscribe((snapshot) => {
    snapshots.push(snapshot);
    if (states.at(-1) !== snapshot.state) states.push(snapshot.state);
  });
  return { scenario, client, session, states, snapshots, logins, errors };
}

function reached(run: Run, state: SessionState, timeoutMs?: number): Promise<void> {
  return waitFor(() => run.session.state === state, `state ${state} (now ${run.session.state}: ${run.states.join(' → ')})`, timeoutMs);
}

async function expectNothingStored(client: IamSmartClient): Promise<void> {
  assert.isNull(await client.getUser());
  assert.deepEqual(Object.keys(sessionStorage).filter((key) => key.startsWith(TOKEN_KEY_PREFIX)), []);
  assert.strictEqual(localStorage.length, 0);
}

/** Ends in `state` with `code`: snapshot, done, the client's error event, nothing stored. */
async function expectFailure(run: Run, state: SessionState, code: IamSmartErrorCode): Promise<void> {
  await reached(run, state);
  assert.strictEqual(run.session.error?.code, code);
  await rejectsWith(run.session.done, code);
  assert.deepEqual(run.errors.map((e) => e.code), [code]);
  await expectNothingStored(run.client);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let visibility: DocumentVisibilityState | undefined;
function setVisibility(state: DocumentVisibilityState): void {
  visibility = state;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

afterEach(() => {
  // Back to the prototype's getter.
  if (visibility !== undefined) delete (document as { visibilityState?: unknown }).visibilityState;
  visibility = undefined;
});

describe('cross-device session: polling the token endpoint (no status stream)', () => {
  it('pending, pending, tokens: awaiting-scan → approved → done; validated, stored, login emitted, localStorage untouched', async () => {
    const run = await start({ tokens: ['authorization_pending', 'authorization_pending'] });
    assert.strictEqual(run.session.state, 'starting');
    await reached(run, 'awaiting-scan');
    assert.match(run.session.userCode ?? '', /^\d{4}-\d{4}$/);
    assert.strictEqual(run.session.verificationUri, `${run.scenario.issuer}/app/code`);
    // Without the QR extension: the static verification_uri_complete (plain RFC 8628).
    assert.strictEqual(run.session.qrPayload, `${run.scenario.issuer}/app/code?user_code=${(run.session.userCode ?? '').replace('-', '')}`);
    assert.strictEqual(run.session.appLink, run.session.qrPayload);
    assert.approximately(run.session.expiresAt ?? 0, Date.now() + 60_000, 2000);
    await control(run.scenario, { action: 'state', state: 'approved' });
    const user = await run.session.done;
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'approved', 'done']);
    assert.include(user.claims, { sub: 'pairwise-sub-7f3a', iss: run.scenario.issuer, aud: CLIENT_ID });
    assert.strictEqual(run.session.user, user);
    assert.isUndefined(run.session.qrPayload);
    assert.deepEqual(run.logins, [user]);
    assert.deepEqual(await run.client.getUser(), user);
    assert.strictEqual(localStorage.length, 0);

    const log = await providerLog(run.scenario);
    const { form } = log.deviceAuthorizations[0] ?? { form: {} };
    assert.strictEqual(form.client_id, CLIENT_ID);
    assert.strictEqual(form.scope, 'openid profile');
    assert.match(form.nonce ?? '', /^[\w-]{43}$/);
    assert.notProperty(form, 'authorization_details');
    assert.isAtLeast(log.deviceTokenRequests.length, 3);
  });

  it('sends authorization_details as JSON and the requested scope with openid', async () => {
    const scenario = await registerScenario({ device: {} });
    const { client } = recordingClient({ issuer: scenario.issuer }, SCALE);
    const details = [{ type: 'iamsmart_sign', hash: 'abc' }];
    const session = client.startQrLogin({ scope: 'profile email', authorizationDetails: details });
    await waitFor(() => session.state === 'awaiting-scan', 'awaiting-scan');
    session.cancel();
    const { form } = (await providerLog(scenario)).deviceAuthorizations[0] ?? { form: {} };
    assert.strictEqual(form.scope, 'openid profile email');
    assert.deepEqual(JSON.parse(form.authorization_details ?? 'null'), details);
  });

  it('slow_down adds 5 seconds to the interval for every later request', async () => {
    const run = await start({ tokens: ['authorization_pending', 'slow_down', 'authorization_pending', 'authorization_pending'] });
    await waitFor(async () => (await providerLog(run.scenario)).deviceTokenRequests.length >= 4, 'four polls');
    run.session.cancel();
    const at = (await providerLog(run.scenario)).deviceTokenRequests;
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    // 1 s × SCALE before the slow_down, (1 + 5) s × SCALE after it, and it stays there.
    assert.isBelow(gaps[0] ?? Infinity, 200);
    assert.isAtLeast(gaps[1] ?? 0, 280);
    assert.isAtLeast(gaps[2] ?? 0, 280);
  });

  it('uses 5 seconds when the provider sends no interval', async () => {
    const run = await start({ interval: null });
    await reached(run, 'awaiting-scan');
    const shown = Date.now();
    await waitFor(async () => (await providerLog(run.scenario)).deviceTokenRequests.length >= 1, 'a poll');
    run.session.cancel();
    assert.isAtLeast(Date.now() - shown, 5000 * SCALE - 20);
  });

  it('access_denied → denied (access_denied)', async () => {
    const run = await start({ tokens: ['authorization_pending', 'access_denied'] });
    await expectFailure(run, 'denied', 'access_denied');
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'denied']);
  });

  it('expired_token → expired (session_expired)', async () => {
    const run = await start({ tokens: ['expired_token'] });
    await expectFailure(run, 'expired', 'session_expired');
  });

  it('HTTP 500 → error (token_endpoint_error)', async () => {
    const run = await start({ tokens: ['status-500'] });
    await expectFailure(run, 'error', 'token_endpoint_error');
  });

  it('garbage (HTML) → error (token_endpoint_error)', async () => {
    const run = await start({ tokens: ['authorization_pending', 'garbage'] });
    await expectFailure(run, 'error', 'token_endpoint_error');
  });

  it('a cut connection: reconnecting while retrying with backoff, then carries on', async () => {
    // Several cuts: Chromium silently retries a request once when a reused keep-alive socket dies.
    const run = await start({ tokens: ['drop', 'drop', 'drop', 'drop', 'authorization_pending'] });
    // The first backoff is short at SCALE: look at the history, not the moment.
    await waitFor(() => run.snapshots.some((s) => s.reconnecting), 'reconnecting');
    await waitFor(() => !run.session.reconnecting, 'recovered');
    await control(run.scenario, { action: 'state', state: 'approved' });
    await run.session.done;
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'approved', 'done']);
    assert.isAtLeast((await providerLog(run.scenario)).deviceTokenRequests.length, 4);
  });

  it('expires locally at expiresAt when nothing else ended it, and stops polling', async () => {
    const run = await start({ expiresIn: 1 });
    await expectFailure(run, 'expired', 'session_expired');
    assert.approximately(Date.now(), run.session.expiresAt ?? 0, 300);
    const count = (await providerLog(run.scenario)).deviceTokenRequests.length;
    await sleep(200);
    assert.strictEqual((await providerLog(run.scenario)).deviceTokenRequests.length, count);
  });

  it('pauses polling while the tab is hidden (keeping the expiry timer) and resumes when visible', async () => {
    const run = await start({});
    await waitFor(async () => (await providerLog(run.scenario)).deviceTokenRequests.length >= 1, 'a poll');
    setVisibility('hidden');
    await sleep(30);
    const count = (await providerLog(run.scenario)).deviceTokenRequests.length;
    await sleep(300);
    assert.strictEqual((await providerLog(run.scenario)).deviceTokenRequests.length, count, 'no polls while hidden');
    assert.strictEqual(run.session.state, 'awaiting-scan');
    setVisibility('visible');
    await waitFor(async () => (await providerLog(run.scenario)).deviceTokenRequests.length > count, 'polling again');
    run.session.cancel();
  });
});

describe('cross-device session: starting', () => {
  it('HTTP 429 → error (rate_limited) with retryAfter from Retry-After', async () => {
    const run = await start({ authorization: 'rate-limited' });
    await expectFailure(run, 'error', 'rate_limited');
    assert.strictEqual(run.session.error?.retryAfter, 42);
    assert.deepEqual(run.states, ['starting', 'error']);
  });

  it('a device authorization answer that is not JSON → error (token_endpoint_error)', async () => {
    await expectFailure(await start({ authorization: 'garbage' }), 'error', 'token_endpoint_error');
  });

  it('an OAuth error → error (authorization_error); a 5xx → error (token_endpoint_error)', async () => {
    await expectFailure(await start({ authorization: 'invalid_client' }), 'error', 'authorization_error');
    sessionStorage.clear();
    await expectFailure(await start({ authorization: 'status-500' }), 'error', 'token_endpoint_error');
  });

  it('a lifetime above 10 minutes is refused (token_endpoint_error)', async () => {
    await expectFailure(await start({ authorization: 'too-long' }), 'error', 'token_endpoint_error');
  });

  it('a provider without device_authorization_endpoint → error (discovery_invalid)', async () => {
    const scenario = await registerScenario({});
    const { client } = recordingClient({ issuer: scenario.issuer }, SCALE);
    const session = client.startQrLogin();
    await rejectsWith(session.done, 'discovery_invalid');
    assert.strictEqual(session.state, 'error');
  });

  it('cancel while starting → cancelled, and the request is aborted', async () => {
    const run = await start({});
    run.session.cancel();
    assert.strictEqual(run.session.state, 'cancelled');
    await rejectsWith(run.session.done, 'cancelled');
    await sleep(300);
    assert.deepEqual(run.states, ['starting', 'cancelled']);
    assert.deepEqual(run.errors, [], 'cancelling is not an error');
    assert.lengthOf((await providerLog(run.scenario)).deviceTokenRequests, 0);
  });
});

describe('cross-device session: the status stream', () => {
  async function streaming(extra: DeviceOptions = {}, options: ScenarioOptions = {}): Promise<Run> {
    const run = await start({ stream: true, ...extra }, options);
    await reached(run, 'awaiting-scan');
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'the stream open');
    return run;
  }

  it('scanned → approved: one token request right away, validated, done within a second', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'state', state: 'scanned' });
    await reached(run, 'scanned', 1000);
    assert.isUndefined(run.session.qrPayload, 'the QR code is gone once scanned');
    assert.match(run.session.userCode ?? '', /^\d{4}-\d{4}$/);
    const approvedAt = Date.now();
    await control(run.scenario, { action: 'state', state: 'approved' });
    const user = await run.session.done;
    assert.isBelow(Date.now() - approvedAt, 1000);
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'scanned', 'approved', 'done']);
    assert.deepEqual(run.logins, [user]);
    const log = await providerLog(run.scenario);
    assert.lengthOf(log.deviceTokenRequests, 1, 'no polling with the stream');
    assert.strictEqual(log.streamRequests, 1);
  });

  it('approved straight from awaiting-scan (the typed-code path is quick)', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'state', state: 'approved' });
    await run.session.done;
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'approved', 'done']);
  });

  it('denied (declined) → denied (access_denied); from scanned too', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'state', state: 'scanned' });
    await reached(run, 'scanned');
    await control(run.scenario, { action: 'state', state: 'denied', reason: 'declined' });
    await expectFailure(run, 'denied', 'access_denied');
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'scanned', 'denied']);
  });

  it('denied (code_mismatch) → denied (code_mismatch)', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'state', state: 'denied', reason: 'code_mismatch' });
    await expectFailure(run, 'denied', 'code_mismatch');
  });

  it('denied (scanned_elsewhere: a second phone opened the code) → denied (scanned_elsewhere), from scanned', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'state', state: 'scanned' });
    await reached(run, 'scanned');
    await control(run.scenario, { action: 'state', state: 'denied', reason: 'scanned_elsewhere' });
    await expectFailure(run, 'denied', 'scanned_elsewhere');
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'scanned', 'denied']);
    assert.match(run.session.error?.message ?? '', /second phone/);
  });

  it('expired → expired (session_expired); from scanned too', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'state', state: 'scanned' });
    await reached(run, 'scanned');
    await control(run.scenario, { action: 'state', state: 'expired' });
    await expectFailure(run, 'expired', 'session_expired');
  });

  it('approved, then the token endpoint fails: approved → error / denied / expired', async () => {
    for (const [answer, state, code] of [
      ['garbage', 'error', 'token_endpoint_error'],
      ['access_denied', 'denied', 'access_denied'],
      ['expired_token', 'expired', 'session_expired'],
    ] as const) {
      sessionStorage.clear();
      const run = await streaming({ tokens: [answer] });
      await control(run.scenario, { action: 'state', state: 'approved' });
      await expectFailure(run, state, code);
      assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'approved', state]);
    }
  });

  it('a dropped stream: reconnecting: true, reopened with backoff, then recovered', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'drop' });
    await waitFor(() => run.snapshots.some((s) => s.reconnecting), 'reconnecting');
    await waitFor(() => !run.session.reconnecting, 'recovered');
    assert.strictEqual((await providerLog(run.scenario)).streamRequests, 2);
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'the stream open again');
    await control(run.scenario, { action: 'state', state: 'approved' });
    await run.session.done;
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'approved', 'done']);
  });

  it('a stream ended without a final state is reopened', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'end' });
    await waitFor(async () => (await providerLog(run.scenario)).streamRequests === 2, 'a second stream');
    run.session.cancel();
  });

  it('garbage in the stream → error (network_error), no retry', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'garbage' });
    await expectFailure(run, 'error', 'network_error');
    assert.strictEqual((await providerLog(run.scenario)).streamRequests, 1);
  });

  it('garbage, the wrong content type or an unknown session at once → error (network_error)', async () => {
    for (const streamAnswer of ['garbage', 'wrong-type', 'not-found'] as const) {
      sessionStorage.clear();
      await expectFailure(await start({ stream: true, streamAnswer }), 'error', 'network_error');
    }
  });

  it('closes the stream while the tab is hidden (the expiry timer keeps running) and reopens it when visible', async () => {
    const run = await streaming();
    setVisibility('hidden');
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 0, 'the stream closed');
    assert.strictEqual(run.session.state, 'awaiting-scan');
    assert.isFalse(run.session.reconnecting);
    setVisibility('visible');
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'the stream reopened');
    assert.strictEqual((await providerLog(run.scenario)).streamRequests, 2);
    await control(run.scenario, { action: 'state', state: 'approved' });
    await run.session.done;
  });

  it('opens no stream while the tab is hidden at the start, and opens it when the tab shows', async () => {
    setVisibility('hidden');
    const run = await start({ stream: true });
    await reached(run, 'awaiting-scan');
    await sleep(200);
    assert.strictEqual((await providerLog(run.scenario)).streamRequests, 0);
    setVisibility('visible');
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'the stream open');
    run.session.cancel();
  });

  it('an approval being exchanged is not paused by a hidden tab: the one-time code is fetched to the end', async () => {
    const run = await streaming({ tokens: ['authorization_pending', 'authorization_pending'] });
    await control(run.scenario, { action: 'state', state: 'approved' });
    await reached(run, 'approved');
    setVisibility('hidden');
    await run.session.done;
    assert.lengthOf((await providerLog(run.scenario)).deviceTokenRequests, 3);
  });

  it('the expiry timer runs while hidden', async () => {
    const run = await start({ stream: true, expiresIn: 1 });
    await reached(run, 'awaiting-scan');
    setVisibility('hidden');
    await expectFailure(run, 'expired', 'session_expired');
  });

  it('pageshow from the back-forward cache reopens the stream, or expires a session past its time', async () => {
    const run = await streaming();
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await waitFor(async () => (await providerLog(run.scenario)).streamRequests === 2, 'a new stream');
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'one stream open');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    await sleep(100);
    assert.strictEqual((await providerLog(run.scenario)).streamRequests, 2, 'a normal load is not a restore');

    // Timers are frozen in the cache: the clock, not the timer, says the session is over.
    const realNow = Date.now.bind(Date);
    Date.now = () => realNow() + 120_000;
    try {
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    } finally {
      Date.now = realNow;
    }
    await expectFailure(run, 'expired', 'session_expired');
  });

  it('cancel() stops every request: the stream closes and nothing more is asked', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'state', state: 'scanned' });
    await reached(run, 'scanned');
    run.session.cancel();
    run.session.cancel(); // idempotent
    assert.strictEqual(run.session.state, 'cancelled');
    await rejectsWith(run.session.done, 'cancelled');
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 0, 'the stream closed');
    const before = await providerLog(run.scenario);
    await sleep(300);
    const after = await providerLog(run.scenario);
    assert.strictEqual(after.streamRequests, before.streamRequests);
    assert.strictEqual(after.deviceTokenRequests.length, 0);
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'scanned', 'cancelled']);
    assert.deepEqual(run.errors, []);
  });

  it('refresh() drops the device code and starts anew with a new identification code; done follows the new attempt', async () => {
    const run = await streaming();
    const first = run.session.userCode;
    const done = run.session.done;
    run.session.refresh();
    run.session.refresh(); // a double click: still one new session
    assert.strictEqual(run.session.state, 'starting');
    assert.isUndefined(run.session.userCode);
    await reached(run, 'awaiting-scan');
    assert.notStrictEqual(run.session.userCode, first);
    const log = await providerLog(run.scenario);
    assert.lengthOf(log.deviceAuthorizations, 2);
    assert.notStrictEqual(log.deviceAuthorizations[0]?.form.nonce, log.deviceAuthorizations[1]?.form.nonce);
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'only the new stream open');
    await control(run.scenario, { action: 'state', state: 'approved' });
    assert.strictEqual(await done, await run.session.done);
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'starting', 'awaiting-scan', 'approved', 'done']);
  });

  it('refresh() after an end state (done, denied, expired, error, cancelled) starts a new session with a new done', async () => {
    const run = await streaming();
    await control(run.scenario, { action: 'state', state: 'denied', reason: 'declined' });
    await reached(run, 'denied');
    const failed = run.session.done;
    run.session.refresh();
    await reached(run, 'awaiting-scan');
    assert.notStrictEqual(run.session.done, failed);
    assert.isUndefined(run.session.error);
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'the new stream open');
    await control(run.scenario, { action: 'state', state: 'approved' });
    await run.session.done;
    run.session.refresh();
    await reached(run, 'awaiting-scan');
    run.session.cancel();
    run.session.refresh();
    await reached(run, 'awaiting-scan');
    run.session.cancel();
    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'denied', 'starting', 'awaiting-scan', 'approved', 'done', 'starting', 'awaiting-scan', 'cancelled', 'starting', 'awaiting-scan', 'cancelled']);
  });

  it('the remaining transitions: scanned → starting / error, approved → cancelled / starting, expired → starting, error → starting', async () => {
    // After `approved` the provider keeps answering authorization_pending: the SDK stays in `approved`, polling.
    const run = await streaming({ tokens: ['authorization_pending', 'authorization_pending', 'authorization_pending', 'authorization_pending'] });
    await control(run.scenario, { action: 'state', state: 'scanned' });
    await reached(run, 'scanned');
    run.session.refresh(); // scanned → starting
    await reached(run, 'awaiting-scan');
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'the new stream open');
    await control(run.scenario, { action: 'state', state: 'scanned' });
    await reached(run, 'scanned');
    await control(run.scenario, { action: 'garbage' }); // scanned → error
    await reached(run, 'error');
    run.session.refresh(); // error → starting
    await reached(run, 'awaiting-scan');
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'the new stream open');
    await control(run.scenario, { action: 'state', state: 'approved' });
    await reached(run, 'approved');
    run.session.refresh(); // approved → starting
    await reached(run, 'awaiting-scan');
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'the new stream open');
    await control(run.scenario, { action: 'state', state: 'approved' });
    await reached(run, 'approved');
    run.session.cancel(); // approved → cancelled
    run.session.refresh();
    await reached(run, 'awaiting-scan');
    await waitFor(async () => (await providerLog(run.scenario)).openStreams === 1, 'the new stream open');
    await control(run.scenario, { action: 'state', state: 'expired' });
    await reached(run, 'expired');
    run.session.refresh(); // expired → starting
    await reached(run, 'awaiting-scan');
    run.session.cancel();
    assert.deepEqual(run.states, [
      'starting', 'awaiting-scan', 'scanned',
      'starting', 'awaiting-scan', 'scanned', 'error',
      'starting', 'awaiting-scan', 'approved',
      'starting', 'awaiting-scan', 'approved', 'cancelled',
      'starting', 'awaiting-scan', 'expired',
      'starting', 'awaiting-scan', 'cancelled',
    ]);
  });

  it('rejects tampered ID tokens as the redirect flow does, and stores nothing', async () => {
    for (const [options, code] of [
      [{ signing: 'bad-sig' }, 'id_token_signature'],
      [{ nonce: 'wrong' }, 'id_token_claims'],
      [{ claims: { aud: 'another-client' } }, 'id_token_claims'],
      [{ claims: { iss: 'https://evil.example' } }, 'id_token_claims'],
      [{ signing: 'none' }, 'id_token_signature'],
    ] as [ScenarioOptions, IamSmartErrorCode][]) {
      sessionStorage.clear();
      const run = await streaming({}, options);
      await control(run.scenario, { action: 'state', state: 'approved' });
      await expectFailure(run, 'error', code);
      assert.deepEqual(run.logins, []);
      assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'approved', 'error']);
    }
  });

  it('startQrLogin().done resolves with the validated user', async () => {
    const scenario = await registerScenario({ device: { stream: true } });
    const { client } = recordingClient({ issuer: scenario.issuer }, SCALE);
    const login = client.startQrLogin().done;
    await waitFor(async () => (await providerLog(scenario)).openStreams === 1, 'the stream open');
    await control(scenario, { action: 'state', state: 'approved' });
    const user = await login;
    assert.strictEqual(user.claims.sub, 'pairwise-sub-7f3a');
    assert.deepEqual(await client.getUser(), user);
  });
});

describe('cross-device session: the rotating QR payload', () => {
  async function hmac(secret: string, message: string): Promise<string> {
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)));
    return btoa(String.fromCharCode(...mac)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  it('shows {qr_uri}?s&t&h with the HMAC of "token.t", rotates every second and notifies subscribers', async () => {
    const run = await start({ stream: true, qr: true });
    await reached(run, 'awaiting-scan');
    const response = (await providerLog(run.scenario)).deviceAuthorizations[0]?.response ?? {};
    const token = response.iamsmart_qr_start_token as string;
    const secret = response.iamsmart_qr_start_secret as string;
    const expected = async (t: number) => `${run.scenario.issuer}/app/qr?s=${token}&t=${t}&h=${await hmac(secret, `${token}.${t}`)}`;

    assert.strictEqual(run.session.qrPayload, await expected(0));
    assert.strictEqual(run.session.appLink, run.session.qrPayload);
    await waitFor(() => run.session.qrPayload !== run.snapshots.find((s) => s.state === 'awaiting-scan')?.qrPayload, 'a rotation', 2000);
    // Read the rotated payload from what subscribers heard; on a loaded machine more than one
    // second may have passed, so check it against its own t rather than assume t = 1.
    const rotated = run.snapshots.at(-1);
    const t = Number(new URL(rotated?.qrPayload ?? 'http://invalid/').searchParams.get('t'));
    assert.isAtLeast(t, 1);
    assert.strictEqual(rotated?.qrPayload, await expected(t), 'subscribers heard of the rotation');
    assert.strictEqual(rotated?.appLink, rotated?.qrPayload);
    assert.notInclude(rotated?.qrPayload ?? '', secret);

    await control(run.scenario, { action: 'state', state: 'scanned' });
    await reached(run, 'scanned');
    const count = run.snapshots.length;
    await sleep(1100);
    assert.lengthOf(run.snapshots, count, 'no rotation once scanned');
    run.session.cancel();
  });
});

describe('cross-device session: the step after the token response', () => {
  it('is not cut short by the device code\'s lifetime once the tokens are in (signing calls run past it)', async () => {
    const scenario = await registerScenario({ device: { expiresIn: 1 } });
    const transport = createOidcTransport({ clientId: CLIENT_ID, requestTimeoutSeconds: 1, intervalScale: SCALE, getDiscovery: () => fetchDiscovery(scenario.issuer, 5) });
    const seen: SessionState[] = [];
    // Past the lifetime (1 s) plus the grace an exchange gets (one request timeout, 1 s).
    const session = openSession<OidcApproval, string, SessionSnapshot & { result?: string }>(
      transport,
      {
        prepare: () => Promise.resolve({ flow: 'login', scope: 'openid' }),
        finish: async () => {
          await sleep(2500);
          return 'finished';
        },
      },
      { resultField: 'result', requestTimeoutSeconds: 1, intervalScale: SCALE, succeeded: () => undefined, failed: () => undefined },
    );
    session.subscribe(({ state }) => {
      if (seen.at(-1) !== state) seen.push(state);
    });
    await waitFor(() => session.state === 'awaiting-scan', 'awaiting-scan');
    await control(scenario, { action: 'state', state: 'approved' });
    assert.strictEqual(await session.done, 'finished');
    assert.deepEqual(seen, ['starting', 'awaiting-scan', 'approved', 'done']);
  });
});

describe('cross-device session: the engine loads behind the session (decision 046)', () => {
  it('cancelled before its engine has loaded: `cancelled` at once, nothing asked of the provider; refresh() then starts it', async () => {
    const scenario = await registerScenario({ device: {} });
    const { client } = recordingClient({ issuer: scenario.issuer }, SCALE);
    const errors: IamSmartError[] = [];
    client.on('error', (error) => errors.push(error));
    const session = client.startQrLogin();
    const states: SessionState[] = [];
    session.subscribe(({ state }) => {
      if (states.at(-1) !== state) states.push(state);
    });
    // In the same task as the start: the engine's dynamic import has not settled yet.
    session.cancel();
    assert.strictEqual(session.state, 'cancelled');
    await rejectsWith(session.done, 'cancelled');
    await sleep(300);
    assert.strictEqual(session.state, 'cancelled');
    assert.lengthOf((await providerLog(scenario)).deviceAuthorizations, 0, 'no device authorization for a cancelled session');
    assert.deepEqual(errors, []);

    session.refresh();
    await waitFor(() => session.state === 'awaiting-scan', 'awaiting-scan after refresh()');
    assert.lengthOf((await providerLog(scenario)).deviceAuthorizations, 1);
    assert.deepEqual(states, ['starting', 'cancelled', 'starting', 'awaiting-scan']);
    session.cancel();
  });
});
