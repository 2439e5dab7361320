// Signing and e-ME in backend mode: the backend transport over decision 037's contract, against the
// stand-in of the website's server (packages/sdk/test/fake-backend-middleware.js) on the page's
// origin, with a real binding cookie, a real event stream and EventSource.
import { assert } from '@open-wc/testing';
import { isIamSmartError } from '../../errors.js';
import type { IamSmartError } from '../../errors.js';
import type { Session, SessionSnapshot } from '../../session/types.js';
import { hashDocument } from '../../document/hash.js';
import { pageSignResult, recordingBackendClient, registerBackend, until } from '../../test-support/fake-backend.js';
import type { FakeBackend, FakeBackendOptions } from '../../test-support/fake-backend.js';
import type { IamSmartBackendClient } from '../../backend/client.js';

/** Fast backoff and polling: the tests wait on the fake, not on seconds. */
const SCALE = 0.05;

async function setUp(options: FakeBackendOptions = {}): Promise<{ fake: FakeBackend; client: IamSmartBackendClient; errors: string[] }> {
  const fake = await registerBackend(options);
  const { client } = recordingBackendClient({ backend: fake.backend, lang: 'en' }, SCALE);
  const errors: string[] = [];
  client.on('error', (error) => errors.push(error.code));
  return { fake, client, errors };
}

async function reaches<S extends SessionSnapshot>(session: Session<S, unknown>, state: S['state']): Promise<S> {
  await until(() => session.state === state, `state ${state} (now ${session.state})`);
  let snapshot!: S;
  session.subscribe((current) => (snapshot = current))();
  return snapshot;
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<IamSmartError> {
  try {
    await promise;
  } catch (error) {
    assert.isTrue(isIamSmartError(error), `not an IamSmartError: ${String(error)}`);
    assert.strictEqual((error as IamSmartError).code, code, (error as IamSmartError).message);
    return error as IamSmartError;
  }
  throw new Error(`expected a rejection with ${code}`);
}

const DOCUMENT = 'The tenancy agreement, as text.';

describe('backend mode: signing and e-ME over {backend}/requests (transport/backend)', () => {
  it('signing, app channel: the hash and name are posted exactly; the identification code shows, no QR code; done carries the server’s result', async () => {
    const { fake, client } = await setUp();
    const signed: unknown[] = [];
    client.on('signed', (result) => signed.push(result));
    const session = client.startSigning({ document: DOCUMENT, documentName: ' Tenancy.txt ', lang: 'zh-HK' });
    const waiting = await reaches(session, 'awaiting-scan');
    const { hash } = await hashDocument(DOCUMENT);
    assert.deepEqual((await fake.log()).requests, [{ flow: 'sign', hash, documentName: 'Tenancy.txt', lang: 'zh-HK' }]);
    assert.strictEqual(waiting.channel, 'app');
    assert.strictEqual(waiting.userCode, '4821-0937');
    assert.isUndefined(waiting.qrPayload);
    assert.isUndefined(waiting.appLink);
    assert.isUndefined(waiting.hostedUrl);
    assert.isAbove(waiting.expiresAt ?? 0, Date.now());
    assert.strictEqual(waiting.document?.hash, hash);
    await until(async () => (await fake.log()).eventConnections.length === 1, 'the event stream');
    await fake.control({ action: 'approve', result: { ...pageSignResult(hash, 'Tenancy.txt'), extra: 'dropped' } });
    const result = await session.done;
    assert.deepEqual(result, pageSignResult(hash, 'Tenancy.txt') as never);
    assert.isUndefined(result.signature);
    assert.strictEqual(session.state, 'done');
    assert.strictEqual(session.channel, 'app');
    assert.deepEqual(signed, [result]);
  });

  it('signing passes on the signature and chain when the server gives them; a result for another hash is signature_invalid', async () => {
    const { fake, client } = await setUp();
    const { hash } = await hashDocument(DOCUMENT);
    const first = client.startSigning({ document: DOCUMENT, documentName: 'a.txt' });
    await reaches(first, 'awaiting-scan');
    await fake.control({ action: 'approve', result: pageSignResult(hash, 'a.txt', true) });
    const result = await first.done;
    assert.strictEqual(result.signature, 'c2lnbmF0dXJl');
    assert.lengthOf(result.certificateChain ?? [], 1);
    const second = client.startSigning({ document: DOCUMENT, documentName: 'a.txt' });
    await reaches(second, 'awaiting-scan');
    await fake.control({ action: 'approve', result: pageSignResult('A'.repeat(43) + '=', 'a.txt') });
    await rejectsWith(second.done, 'signature_invalid');
    assert.strictEqual(second.state, 'error');
  });

  it('e-ME, hosted channel: the request is posted exactly; hostedUrl is the backend’s page; only asked fields come back', async () => {
    const { fake, client } = await setUp({ requests: { channel: 'hosted' } });
    const session = client.startEme({ fields: ['enName', 'mobileNumber'], optionalFields: ['mobileNumber'], formName: ' Library card ', formNum: 'HPL-001', purpose: 'To issue a card' });
    const waiting = await reaches(session, 'awaiting-scan');
    assert.deepEqual((await fake.log()).requests, [{ flow: 'eme', fields: ['enName', 'mobileNumber'], optionalFields: ['mobileNumber'], formName: 'Library card', formNum: 'HPL-001', purpose: 'To issue a card', lang: 'en' }]);
    assert.strictEqual(waiting.channel, 'hosted');
    assert.isUndefined(waiting.userCode);
    assert.isUndefined(waiting.qrPayload);
    const hosted = new URL(waiting.hostedUrl ?? '');
    assert.strictEqual(hosted.origin, location.origin);
    assert.match(hosted.pathname, new RegExp(`^${fake.backend}/requests/[A-Za-z0-9_-]{43}/hosted$`));
    assert.isTrue((await fetch(hosted)).ok);
    await fake.control({
      action: 'approve',
      result: { data: { enName: { lastName: 'CHAN', firstName: 'Tai Man' }, chName: { fullName: '陳大文' } }, filled: ['enName', 'chName'], missing: ['mobileNumber'], invalid: [] },
    });
    const result = await session.done;
    assert.deepEqual(result, { data: { enName: { lastName: 'CHAN', firstName: 'Tai Man' } }, filled: ['enName'], missing: ['mobileNumber'], invalid: [] });
    assert.isUndefined(session.hostedUrl, 'the hosted page is not offered once done');
  });

  it('a dropped stream: reconnecting, EventSource resumes with Last-Event-ID, the approval still arrives', async () => {
    const { fake, client } = await setUp({ requests: { retryMs: 50 } });
    const session = client.startEme({ fields: ['enName'], formName: 'Form' });
    await reaches(session, 'awaiting-scan');
    await until(async () => (await fake.log()).eventConnections.length === 1, 'the event stream');
    await fake.control({ action: 'touch' });
    await fake.control({ action: 'drop' });
    await until(async () => (await fake.log()).eventConnections.length === 2, 'the stream resumed');
    const { eventConnections } = await fake.log();
    assert.deepEqual(eventConnections, [{ lastEventId: null }, { lastEventId: '2' }]);
    await fake.control({ action: 'approve', result: { data: { enName: { lastName: 'CHAN' } }, filled: ['enName'], missing: [], invalid: [] } });
    assert.deepEqual((await session.done).filled, ['enName']);
    assert.isFalse(session.reconnecting);
  });

  it('polls GET /requests/{id} when the event stream is refused', async () => {
    const { fake, client } = await setUp({ requests: { eventsStatus: 500 } });
    const session = client.startEme({ fields: ['enName'], formName: 'Form' });
    await reaches(session, 'awaiting-scan');
    await until(async () => (await fake.log()).polls >= 1, 'a poll');
    await fake.control({ action: 'approve', result: { data: { enName: { lastName: 'CHAN' } }, filled: ['enName'], missing: [], invalid: [] } });
    assert.deepEqual((await session.done).filled, ['enName']);
  });

  it('polls when the browser has no EventSource', async () => {
    const real = window.EventSource;
    (window as { EventSource?: unknown }).EventSource = undefined;
    try {
      const { fake, client } = await setUp();
      const session = client.startEme({ fields: ['enName'], formName: 'Form' });
      await reaches(session, 'awaiting-scan');
      await until(async () => (await fake.log()).polls >= 2, 'two polls');
      assert.lengthOf((await fake.log()).eventConnections, 0);
      await fake.control({ action: 'decline' });
      await rejectsWith(session.done, 'access_denied');
      assert.strictEqual(session.state, 'denied');
    } finally {
      window.EventSource = real;
    }
  });

  for (const [control, state, code] of [
    [{ action: 'decline' }, 'denied', 'access_denied'],
    [{ action: 'fail', code: 'code_mismatch' }, 'denied', 'code_mismatch'],
    [{ action: 'expire' }, 'expired', 'session_expired'],
    [{ action: 'fail', code: 'signer_mismatch' }, 'error', 'signer_mismatch'],
    [{ action: 'fail', code: 'signature_invalid' }, 'error', 'signature_invalid'],
    [{ action: 'fail', code: 'platform_error' }, 'error', 'platform_error'],
    [{ action: 'fail', code: 'made_up' }, 'error', 'unknown'],
    [{ action: 'cancel' }, 'cancelled', 'cancelled'],
  ] as const) {
    it(`a ${control.action}${'code' in control ? ` ${control.code}` : ''} view ends the session ${state} with ${code}, emitted once`, async () => {
      const { fake, client, errors } = await setUp();
      const session = client.startSigning({ document: DOCUMENT, documentName: 'a.txt' });
      await reaches(session, 'awaiting-scan');
      await fake.control(control);
      const error = await rejectsWith(session.done, code);
      assert.strictEqual(session.state, state);
      assert.strictEqual(session.error, error);
      assert.deepEqual(errors, [code]);
      assert.notInclude(error.message, 'fake backend', 'the server’s own message is not carried');
    });
  }

  it('cancel() posts {backend}/requests/{id}/cancel once, and not for a request that already ended', async () => {
    const { fake, client } = await setUp();
    const session = client.startEme({ fields: ['enName'], formName: 'Form' });
    await reaches(session, 'awaiting-scan');
    session.cancel();
    await until(async () => (await fake.log()).cancels === 1, 'the cancel');
    await rejectsWith(session.done, 'cancelled');
    const ended = client.startEme({ fields: ['enName'], formName: 'Form' });
    await reaches(ended, 'awaiting-scan');
    await fake.control({ action: 'expire' });
    await rejectsWith(ended.done, 'session_expired');
    ended.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.strictEqual((await fake.log()).cancels, 1);
  });

  it('refresh() withdraws the request and posts a new one', async () => {
    const { fake, client } = await setUp();
    const session = client.startSigning({ document: DOCUMENT, documentName: 'a.txt' });
    await reaches(session, 'awaiting-scan');
    session.refresh();
    await until(async () => (await fake.log()).requests.length === 2 && session.state === 'awaiting-scan', 'a second request');
    // The withdrawal is a fire-and-forget POST: it may reach the backend after the new request.
    await until(async () => (await fake.log()).cancels === 1, 'the withdrawal');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.strictEqual((await fake.log()).cancels, 1, 'withdrawn once');
    session.cancel();
  });

  for (const [options, code] of [
    [{ startStatus: 403 }, 'cross_site_request'],
    [{ startStatus: 503 }, 'backend_unavailable'],
    [{ startStatus: 400, startCode: 'form_invalid' }, 'form_invalid'],
  ] as const) {
    it(`POST /requests answering ${options.startStatus}${'startCode' in options ? ` ${options.startCode}` : ''} ends the session in error with ${code}`, async () => {
      const { client } = await setUp({ requests: options });
      const session = client.startEme({ fields: ['enName'], formName: 'Form' });
      await rejectsWith(session.done, code);
      assert.strictEqual(session.state, 'error');
    });
  }

  it('an invalid request is refused in the page before anything is sent', async () => {
    const { fake, client } = await setUp();
    await rejectsWith(client.startEme({ fields: [], formName: 'Form' }).done, 'form_invalid');
    await rejectsWith(client.startSigning({ document: '', documentName: 'a.txt' }).done, 'document_invalid');
    assert.lengthOf((await fake.log()).requests, 0);
  });

  it('a request of another browser (no binding cookie) is 404 invalid_request', async () => {
    const { fake, client } = await setUp();
    const session = client.startEme({ fields: ['enName'], formName: 'Form' });
    await reaches(session, 'awaiting-scan');
    const other = await fetch(`${fake.backend}/requests/${'x'.repeat(43)}`);
    assert.strictEqual(other.status, 404);
    assert.strictEqual(((await other.json()) as { error: { code: string } }).error.code, 'invalid_request');
    session.cancel();
  });
});
