// Notifications in backend mode (decision 059): `notifications()`, `startNotify()` and
// `stopNotifications()` against the stand-in of the website's server on the page's origin
// (packages/sdk/test/fake-backend-middleware.js: the session cookie, a real event stream), and the
// OpenID Connect client, which has none.
import { assert } from '@open-wc/testing';
import { createClient } from '../client.js';
import type { NotifyConsent } from '../notify/types.js';
import type { SessionState } from '../session/types.js';
import { recordingBackendClient, registerBackend, until, whileOffline } from '../test-support/fake-backend.js';
import { rejectsWith } from '../test-support/session-run.js';
import type { FakeBackend, FakeBackendOptions } from '../test-support/fake-backend.js';
import type { IamSmartBackendClient } from './client.js';

/** Fast backoff and polling: the tests wait on the fake, not on seconds. */
const SCALE = 0.05;

async function setUp(options: FakeBackendOptions = {}, loggedIn = true): Promise<{ fake: FakeBackend; client: IamSmartBackendClient; errors: string[]; consents: NotifyConsent[] }> {
  const fake = await registerBackend(options);
  if (loggedIn) await fake.logIn();
  const { client } = recordingBackendClient({ backend: fake.backend, lang: 'en' }, SCALE);
  const errors: string[] = [];
  const consents: NotifyConsent[] = [];
  client.on('error', (error) => errors.push(error.code));
  client.on('notifyConsent', (consent) => consents.push(consent));
  return { fake, client, errors, consents };
}

/** Every state a session passed through, in order (each once). */
function statesOf(session: { subscribe(listener: (snapshot: { state: SessionState }) => void): () => void }): SessionState[] {
  const states: SessionState[] = [];
  session.subscribe(({ state }) => {
    if (states.at(-1) !== state) states.push(state);
  });
  return states;
}

describe('backend mode: notifications (decision 059)', () => {
  describe('notifications()', () => {
    it('reads the declared topics named in the language asked for, and the resident’s choice', async () => {
      const { fake, client } = await setUp({ notifications: { consented: ['opening-hours'] } });
      const settings = await client.notifications({ lang: 'zh-HK' });
      assert.deepEqual(settings.topics, [
        { id: 'reservation-ready', name: '預約館藏可取' },
        { id: 'opening-hours', name: '開放時間變更' },
      ]);
      assert.deepEqual(settings.consented, ['opening-hours']);
      assert.isNumber(settings.updatedAt);
      // Without a language: the client's.
      assert.strictEqual((await client.notifications()).topics[0]?.name, 'Reservation ready');
      assert.deepEqual((await fake.log()).notifications, [{ lang: 'zh-HK' }, { lang: 'en' }]);
    });

    it('nobody logged in on the website (loggedIn false, as /session answers) is login_required, emitted as error', async () => {
      const { client, errors } = await setUp({}, false);
      await rejectsWith(client.notifications(), 'login_required');
      assert.deepEqual(errors, ['login_required']);
    });

    it('503 is backend_unavailable, 403 cross_site_request, a backend that cannot be reached backend_unavailable', async () => {
      await rejectsWith((await setUp({ notifications: { status: 503 } })).client.notifications(), 'backend_unavailable');
      await rejectsWith((await setUp({ notifications: { status: 403 } })).client.notifications(), 'cross_site_request');
      const { client } = await setUp();
      await whileOffline(() => rejectsWith(client.notifications(), 'backend_unavailable'));
    });

    it('an answer that is not settings is unknown: a topic without a name, an id of another shape, markup for an id', async () => {
      for (const topics of [
        [{ id: 'reservation-ready', name: { en: '', 'zh-HK': '', 'zh-CN': '' } }],
        [{ id: 'Reservation Ready', name: { en: 'Reservation ready', 'zh-HK': '預約', 'zh-CN': '预约' } }],
        [{ id: '<img src=x>', name: { en: 'x', 'zh-HK': 'x', 'zh-CN': 'x' } }],
      ]) {
        await rejectsWith((await setUp({ notifications: { topics } })).client.notifications(), 'unknown');
      }
    });
  });

  describe('startNotify()', () => {
    it('posts { flow: "notify", topics, lang }; app channel, no QR code; approved: done with the consented topics, emitted and stored', async () => {
      const { fake, client, consents, errors } = await setUp();
      const session = client.startNotify({ topics: ['reservation-ready'], lang: 'zh-CN' });
      const states = statesOf(session);
      await until(() => session.state === 'awaiting-scan', 'awaiting-scan');
      assert.deepEqual((await fake.log()).requests, [{ flow: 'notify', topics: ['reservation-ready'], lang: 'zh-CN' }]);
      assert.strictEqual(session.channel, 'app');
      assert.isUndefined(session.qrPayload);
      assert.isUndefined(session.userCode);
      await until(async () => (await fake.log()).eventConnections.length === 1, 'the event stream');
      await fake.control({ action: 'approve', result: { consented: ['reservation-ready'] } });
      assert.deepEqual(await session.done, { consented: ['reservation-ready'] });
      assert.deepEqual(session.result, { consented: ['reservation-ready'] });
      assert.deepEqual(states, ['starting', 'awaiting-scan', 'approved', 'done']);
      assert.deepEqual(consents, [{ consented: ['reservation-ready'] }]);
      assert.deepEqual(errors, []);
      assert.deepEqual((await client.notifications()).consented, ['reservation-ready']);
    });

    it('hosted channel: the link to the backend’s page', async () => {
      const { client } = await setUp({ requests: { channel: 'hosted' } });
      const session = client.startNotify({ topics: ['reservation-ready', 'opening-hours'] });
      await until(() => session.state === 'awaiting-scan', 'awaiting-scan');
      assert.strictEqual(session.channel, 'hosted');
      assert.match(session.hostedUrl ?? '', new RegExp(`^${location.origin}/fake-backend/[0-9a-f]+/requests/[A-Za-z0-9_-]{43}/hosted$`));
      session.cancel();
    });

    it('declined in the app: denied with access_denied, emitted as error, nothing consented', async () => {
      const { fake, client, consents, errors } = await setUp();
      const session = client.startNotify({ topics: ['reservation-ready'] });
      const states = statesOf(session);
      await until(() => session.state === 'awaiting-scan', 'awaiting-scan');
      await until(async () => (await fake.log()).eventConnections.length === 1, 'the event stream');
      await fake.control({ action: 'decline' });
      await rejectsWith(session.done, 'access_denied');
      assert.deepEqual(states, ['starting', 'awaiting-scan', 'denied']);
      assert.deepEqual(errors, ['access_denied']);
      assert.deepEqual(consents, []);
      assert.deepEqual((await client.notifications()).consented, []);
    });

    for (const [topics, code, what] of [
      [[], 'invalid_request', 'no topic'],
      [['reservation-ready', 'reservation-ready'], 'invalid_request', 'a topic twice'],
      [Array.from({ length: 11 }, (_, i) => `topic-${i}`), 'invalid_request', 'eleven topics'],
      [['Reservation ready'], 'topic_unknown', 'an id of another shape'],
    ] as const) {
      it(`${what}: error ${code} before anything is sent`, async () => {
        const { fake, client, errors } = await setUp();
        const session = client.startNotify({ topics: [...topics] });
        await rejectsWith(session.done, code);
        assert.strictEqual(session.state, 'error');
        assert.deepEqual(errors, [code]);
        assert.deepEqual((await fake.log()).requests, []);
      });
    }

    it('the backend refusing the request (401, 503) ends the session in error with that code', async () => {
      for (const [status, code] of [
        [401, 'login_required'],
        [503, 'backend_unavailable'],
      ] as const) {
        const { client } = await setUp({ requests: { startStatus: status, ...(status === 401 ? { startCode: 'login_required' } : {}) } });
        const session = client.startNotify({ topics: ['reservation-ready'] });
        await rejectsWith(session.done, code);
        assert.strictEqual(session.state, 'error');
      }
    });
  });

  describe('stopNotifications()', () => {
    it('stops some topics, then all: posts { topics } then {}, resolves and emits what is left', async () => {
      const { fake, client, consents } = await setUp({ notifications: { consented: ['reservation-ready', 'opening-hours'] } });
      assert.deepEqual(await client.stopNotifications(['opening-hours']), { consented: ['reservation-ready'] });
      assert.deepEqual(await client.stopNotifications(), { consented: [] });
      assert.deepEqual((await fake.log()).stops, [{ topics: ['opening-hours'] }, {}]);
      assert.deepEqual(consents, [{ consented: ['reservation-ready'] }, { consented: [] }]);
      assert.deepEqual((await client.notifications()).consented, []);
    });

    it('401 login_required, 403 cross_site_request, 503 backend_unavailable, unreachable backend_unavailable; nothing emitted but the error', async () => {
      const { client: loggedOut } = await setUp({}, false);
      await rejectsWith(loggedOut.stopNotifications(), 'login_required');
      for (const [status, code] of [
        [403, 'cross_site_request'],
        [503, 'backend_unavailable'],
      ] as const) {
        const { client, consents, errors } = await setUp({ notifications: { consented: ['reservation-ready'], stopStatus: status } });
        await rejectsWith(client.stopNotifications(), code);
        assert.deepEqual(consents, []);
        assert.deepEqual(errors, [code]);
        assert.deepEqual((await client.notifications()).consented, ['reservation-ready']);
      }
      const { client } = await setUp();
      await whileOffline(() => rejectsWith(client.stopNotifications(), 'backend_unavailable'));
    });

    it('a topic id of another shape is topic_unknown, and nothing is posted', async () => {
      const { fake, client } = await setUp();
      await rejectsWith(client.stopNotifications(['<b>all</b>']), 'topic_unknown');
      assert.deepEqual((await fake.log()).stops, []);
    });
  });
});

describe('OpenID Connect mode: no notifications (they need the website’s backend)', () => {
  const client = () => createClient({ issuer: 'https://iamsmart.example', clientId: 'c', redirectUri: `${location.origin}/` });

  it('notifications() and stopNotifications() reject with invalid_config and emit it', async () => {
    const oidc = client();
    const errors: string[] = [];
    oidc.on('error', (error) => errors.push(error.code));
    await rejectsWith(oidc.notifications(), 'invalid_config');
    await rejectsWith(oidc.stopNotifications(['reservation-ready']), 'invalid_config');
    assert.deepEqual(errors, ['invalid_config', 'invalid_config']);
  });

  it('startNotify() is a session that ends at once in error with invalid_config', async () => {
    const oidc = client();
    const session = oidc.startNotify({ topics: ['reservation-ready'] });
    await rejectsWith(session.done, 'invalid_config');
    assert.strictEqual(session.state, 'error');
  });
});
