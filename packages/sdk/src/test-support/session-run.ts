// What the SDK's session tests share: a record of one session's life (its states, snapshots and the
// client's events), waits on it, and the checks every failed session must pass.
import { assert } from '@open-wc/testing';
import type { IamSmartClient } from '../client.js';
import { isIamSmartError } from '../errors.js';
import type { IamSmartError, IamSmartErrorCode } from '../errors.js';
import type { IamSmartUser } from '../login/types.js';
import type { Session, SessionSnapshot, SessionState } from '../session/types.js';
import { control, waitFor } from './fake-op.js';
import type { Scenario } from './fake-op.js';

/** A session's life as a test sees it. `results` are the client's `signed` or `emeData` events. */
export interface SessionRun<Snapshot extends SessionSnapshot, Result> {
  scenario: Scenario;
  client: IamSmartClient;
  session: Session<Snapshot, Result>;
  states: SessionState[];
  snapshots: Snapshot[];
  results: Result[];
  logins: IamSmartUser[];
  errors: IamSmartError[];
}

/** Every session a test started: cancelled afterwards (`cancelStartedSessions` in `afterEach`), so none polls on into the next test. */
const started: { cancel(): void }[] = [];

export function cancelStartedSessions(): void {
  for (const session of started.splice(0)) session.cancel();
}

/** Records `session` and the client's events; `resultEvent` is the client event its result is emitted as. */
export function watchSession<Snapshot extends SessionSnapshot, Result>(
  scenario: Scenario,
  client: IamSmartClient,
  session: Session<Snapshot, Result>,
  resultEvent: 'signed' | 'emeData',
): SessionRun<Snapshot, Result> {
  started.push(session);
  const run: SessionRun<Snapshot, Result> = { scenario, client, session, states: [], snapshots: [], results: [], logins: [], errors: [] };
  client.on(resultEvent, (result) => run.results.push(result as Result));
  client.on('login', (user) => run.logins.push(user));
  client.on('error', (error) => run.errors.push(error));
  session.subscribe((snapshot) => {
    run.snapshots.push(snapshot);
    if (run.states.at(-1) !== snapshot.state) run.states.push(snapshot.state);
  });
  return run;
}

export function reached(run: { session: { state: SessionState; error?: IamSmartError | undefined }; states: SessionState[] }, state: SessionState, timeoutMs?: number): Promise<void> {
  return waitFor(() => run.session.state === state, `state ${state} (now ${run.session.state}: ${run.states.join(' → ')}; ${run.session.error?.message ?? ''})`, timeoutMs);
}

/** The resident scans and approves in the app. */
export async function approve(run: SessionRun<SessionSnapshot, unknown>): Promise<void> {
  await reached(run, 'awaiting-scan');
  await control(run.scenario, { action: 'state', state: 'approved' });
}

/** `promise` rejects with an `IamSmartError` of `code`, which it returns. */
export async function rejectsWith(promise: Promise<unknown>, code: IamSmartErrorCode): Promise<IamSmartError> {
  try {
    await promise;
  } catch (error) {
    if (!isIamSmartError(error)) throw new Error(`expected an IamSmartError, got ${String(error)}`);
    assert.strictEqual(error.code, code, error.message);
    return error;
  }
  throw new Error(`expected a rejection with ${code}`);
}

/** Ends in `state` with `code`: snapshot, done, one `error` event, never a result or `login`. */
export async function expectFailure<Snapshot extends SessionSnapshot & { result?: unknown }, Result>(
  run: SessionRun<Snapshot, Result>,
  state: SessionState,
  code: IamSmartErrorCode,
): Promise<IamSmartError> {
  const error = await rejectsWith(run.session.done, code);
  assert.strictEqual(run.session.state, state);
  assert.strictEqual(run.session.error, error);
  assert.isUndefined(run.session.result);
  assert.deepEqual(run.errors.map((e) => e.code), [code]);
  assert.deepEqual(run.results, []);
  assert.deepEqual(run.logins, []);
  return error;
}

export function storageEntries(storage: Storage): Record<string, string> {
  return Object.fromEntries(Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '').map((key) => [key, storage.getItem(key) ?? '']));
}

/** Everything sessionStorage and localStorage hold, as one text to search. */
export function storedText(): string {
  return [...Object.values(storageEntries(sessionStorage)), ...Object.values(storageEntries(localStorage))].join('\n');
}
