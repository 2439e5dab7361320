// `client.startQrLogin()` with nothing prepared ahead (a page that shows its QR code at once, like
// the demo's qr.html): the QR login's code, the session engine, the transport and discovery are
// all asked for at once, not one after another (decision 053). A page of its own, so Resource
// Timing shows this file's first loads of those modules.
import { assert } from '@open-wc/testing';
import { recordingClient, registerScenario, waitFor } from '../test-support/fake-op.js';

const resource = (ending: string): PerformanceResourceTiming => {
  const entry = performance.getEntriesByType('resource').find((candidate) => new URL(candidate.name).pathname.endsWith(ending));
  if (!entry) throw new Error(`no request for …${ending}`);
  return entry as PerformanceResourceTiming;
};

describe('client.startQrLogin() with nothing prepared', () => {
  it('asks for discovery and the transport before the QR login\'s code has arrived', async () => {
    const scenario = await registerScenario({ device: {} });
    const { client } = recordingClient({ issuer: scenario.issuer });
    const session = client.startQrLogin();
    await waitFor(() => session.state === 'awaiting-scan' || session.state === 'error', `awaiting-scan (now ${session.state})`);
    assert.strictEqual(session.state, 'awaiting-scan', session.error?.message);
    const flow = resource('/packages/sdk/src/login/qr-login.ts');
    const discovery = resource('/.well-known/openid-configuration');
    const transport = resource('/packages/sdk/src/transport/oidc/transport.ts');
    assert.isBelow(discovery.startTime, flow.responseEnd, 'discovery was asked for only after the flow\'s code arrived');
    assert.isBelow(transport.startTime, flow.responseEnd, 'the transport was asked for only after the flow\'s code arrived');
    session.cancel();
  });
});
