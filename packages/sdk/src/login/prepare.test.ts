// `client.prepareQrLogin()` (decision 049) against the real-HTTP fake provider: it loads the QR
// login's code and fetches discovery, starts no session, and a failed prepare leaves the login that
// follows to fetch again. This file imports none of the cross-device modules statically (only the
// client, through fake-op.ts), so its page's Resource Timing tells which of them prepare fetched.
import { assert } from '@open-wc/testing';
import type { IamSmartError } from '../errors.js';
import { providerLog, recordingClient, registerScenario, waitFor } from '../test-support/fake-op.js';

/** The modules a QR login needs before its device authorization request. */
const CROSS_DEVICE = ['/packages/sdk/src/login/qr-login.ts', '/packages/sdk/src/session/engine.ts', '/packages/sdk/src/transport/oidc/transport.ts'];

const fetchedModules = (): string[] =>
  [...new Set(performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname))].filter((path) => CROSS_DEVICE.includes(path)).sort();

const DISCOVERY = 'GET /.well-known/openid-configuration';

describe('client.prepareQrLogin(): a QR login made ready without starting one (decision 049)', () => {
  it('loads the QR login, the session engine and the transport and fetches discovery, without a device authorization request; startQrLogin() then reuses them', async () => {
    const scenario = await registerScenario({ device: {} });
    const { client } = recordingClient({ issuer: scenario.issuer });
    assert.deepEqual(fetchedModules(), [], 'nothing cross-device is loaded by the client alone');
    await client.prepareQrLogin();
    assert.deepEqual(fetchedModules(), CROSS_DEVICE);
    const prepared = await providerLog(scenario);
    assert.deepEqual(prepared.requests, [DISCOVERY], 'only discovery, no session started');
    assert.deepEqual(prepared.deviceAuthorizations, []);

    const session = client.startQrLogin();
    await waitFor(() => session.state === 'awaiting-scan', `awaiting-scan (now ${session.state})`);
    assert.isString(session.qrPayload);
    const started = await providerLog(scenario);
    assert.deepEqual(started.requests.filter((request) => request === DISCOVERY), [DISCOVERY], 'the prepared discovery document is the one the login uses');
    assert.lengthOf(started.deviceAuthorizations, 1);
    session.cancel();
  });

  it('a prepare whose discovery fetch fails resolves quietly (no error event); the login then fetches discovery again and shows its QR code', async () => {
    const scenario = await registerScenario({ device: {}, discovery: 'status-500-once' });
    const { client } = recordingClient({ issuer: scenario.issuer });
    const errors: IamSmartError[] = [];
    client.on('error', (error) => errors.push(error));
    await client.prepareQrLogin(); // resolves: a rejection would fail the test here
    assert.deepEqual((await providerLog(scenario)).requests, [DISCOVERY]);
    assert.deepEqual(errors, [], 'a failed prepare is not a failed login');

    const session = client.startQrLogin();
    await waitFor(() => session.state === 'awaiting-scan' || session.state === 'error', `awaiting-scan (now ${session.state})`);
    assert.strictEqual(session.state, 'awaiting-scan', session.error?.message);
    const log = await providerLog(scenario);
    assert.deepEqual(log.requests.filter((request) => request === DISCOVERY), [DISCOVERY, DISCOVERY]);
    assert.lengthOf(log.deviceAuthorizations, 1);
    assert.deepEqual(errors, []);
    session.cancel();
  });

  it('a discovery document naming another issuer is not kept by prepare: the login rejects it as it always does (discovery_invalid), no session started', async () => {
    const scenario = await registerScenario({ device: {}, discovery: 'wrong-issuer' });
    const { client } = recordingClient({ issuer: scenario.issuer });
    await client.prepareQrLogin();
    const session = client.startQrLogin();
    await waitFor(() => session.state === 'error', `error (now ${session.state})`);
    assert.strictEqual(session.error?.code, 'discovery_invalid');
    const log = await providerLog(scenario);
    assert.deepEqual(log.requests, [DISCOVERY, DISCOVERY], 'fetched again by the login, validated again');
    assert.deepEqual(log.deviceAuthorizations, []);
  });
});
