// The backend-mode client against a stand-in of the website's own server on the page's origin
// (packages/sdk/test/fake-backend-middleware.js), which sets a real HttpOnly session cookie.
import { assert } from '@open-wc/testing';
import { isIamSmartError } from '../errors.js';
import type { IamSmartError } from '../errors.js';
import type { IamSmartBackendUser } from './types.js';
import { createBackendClient } from './index.js';
import { pageSecrets, pretendReturn, recordingBackendClient, registerBackend, whileOffline } from '../test-support/fake-backend.js';
import type { IamSmartErrorCode } from '../test-support/fake-backend.js';

async function rejectsWith(promise: Promise<unknown>, code: IamSmartErrorCode): Promise<IamSmartError> {
  try {
    await promise;
  } catch (error) {
    assert.isTrue(isIamSmartError(error), `not an IamSmartError: ${String(error)}`);
    assert.strictEqual((error as IamSmartError).code, code, (error as IamSmartError).message);
    return error as IamSmartError;
  }
  throw new Error(`expected a rejection with ${code}`);
}

describe('backend mode: createBackendClient (@iamsmart/sdk/backend)', () => {
  let restore: (() => void) | undefined;

  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  describe('configuration', () => {
    it('takes a path on the page’s origin and resolves it, without a trailing slash', () => {
      const client = createBackendClient({ backend: '/iamsmart/', lang: 'zh-HK' });
      assert.strictEqual(client.mode, 'backend');
      assert.strictEqual(client.config.backend, `${location.origin}/iamsmart`);
      assert.strictEqual(client.config.lang, 'zh-HK');
    });

    for (const [config, what] of [
      [{ backend: '' }, 'empty'],
      [{ backend: 'https://other.example/iamsmart' }, 'another origin'],
      [{ backend: '/iamsmart?x=1' }, 'a query'],
      [{ backend: '/iamsmart', lang: 'fr' }, 'an unknown lang'],
      [{ backend: '/iamsmart', requestTimeoutSeconds: 0 }, 'a zero timeout'],
    ] as const) {
      it(`refuses ${what} with invalid_config`, () => {
        try {
          createBackendClient(config as never);
          assert.fail('no error');
        } catch (error) {
          assert.strictEqual((error as IamSmartError).code, 'invalid_config');
        }
      });
    }
  });

  describe('login', () => {
    it('navigates to {backend}/login with this page’s path and query (markers and hash removed) and lang', async () => {
      const { backend } = await registerBackend();
      restore = pretendReturn(`${location.pathname}?tab=2&iams_error=timeout#top`);
      const { client, navigations } = recordingBackendClient({ backend, lang: 'zh-CN' });
      await client.loginWithRedirect();
      const url = new URL(navigations[0] ?? '', location.href);
      assert.strictEqual(url.origin, location.origin);
      assert.strictEqual(url.pathname, `${backend}/login`);
      assert.strictEqual(url.searchParams.get('returnTo'), `${location.pathname}?tab=2`);
      assert.strictEqual(url.searchParams.get('lang'), 'zh-CN');
    });

    it('loginWithApp goes the same way (the server picks the app link), with the language asked for', async () => {
      const { backend } = await registerBackend();
      const { client, navigations } = recordingBackendClient({ backend, lang: 'en' });
      await client.loginWithApp({ lang: 'zh-HK' });
      const url = new URL(navigations[0] ?? '', location.href);
      assert.strictEqual(url.pathname, `${backend}/login`);
      assert.strictEqual(url.searchParams.get('lang'), 'zh-HK');
    });

    it('loginWithPopup falls back to the redirect and never settles (the page leaves)', async () => {
      const { backend } = await registerBackend();
      const { client, navigations } = recordingBackendClient({ backend });
      let settled = false;
      client.loginWithPopup().then(
        () => (settled = true),
        () => (settled = true),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.strictEqual(navigations.length, 1);
      assert.isFalse(settled);
    });

    it('refuses a returnTo on another origin with invalid_request, without navigating', async () => {
      const { backend } = await registerBackend();
      const { client, navigations } = recordingBackendClient({ backend });
      await rejectsWith(client.loginWithRedirect({ returnTo: 'https://evil.example/' }), 'invalid_request');
      assert.deepEqual(navigations, []);
    });
  });

  describe('the return (handleCallback)', () => {
    it('after iams_login=1: the marker leaves the address bar, the resident comes from /session, login is emitted; no token in the page', async () => {
      const fake = await registerBackend();
      const { client, navigations } = recordingBackendClient({ backend: fake.backend });
      restore = pretendReturn(`${location.pathname}?keep=1`);
      await client.loginWithRedirect();
      const back = await fake.complete(navigations[0] ?? '');
      assert.strictEqual(back, `${location.pathname}?keep=1&iams_login=1`);
      history.replaceState(history.state, '', back);
      assert.isTrue(client.isCallback());
      const logins: IamSmartBackendUser[] = [];
      client.on('login', (user) => logins.push(user));
      const user = await client.handleCallback();
      assert.deepEqual(user?.claims, { openID: 'fake-openid-chan-tai-man', enName: 'CHAN, Tai Man', chName: '陳大文' });
      assert.isAbove(user?.expiresAt ?? 0, Date.now());
      assert.deepEqual(logins, [user]);
      assert.strictEqual(location.search, '?keep=1');
      assert.isFalse(client.isCallback());
      // The session cookie is HttpOnly: nothing of it, nor any token, is readable by the page.
      const [sid] = (await fake.log()).sessionIds;
      assert.isString(sid);
      assert.notInclude(pageSecrets(), sid ?? '');
      assert.notInclude(JSON.stringify(user), sid ?? '');
      assert.strictEqual(localStorage.length, 0);
      assert.strictEqual(sessionStorage.length, 0);
      assert.deepEqual(await client.getUser(), user);
    });

    it('iams_error=access_denied: rejects with access_denied, emits error, and removes the marker', async () => {
      const fake = await registerBackend({ loginError: 'access_denied' });
      const { client, navigations } = recordingBackendClient({ backend: fake.backend });
      await client.loginWithRedirect();
      const back = await fake.complete(navigations[0] ?? '');
      restore = pretendReturn(back);
      const errors: IamSmartError[] = [];
      client.on('error', (error) => errors.push(error));
      await rejectsWith(client.handleCallback(), 'access_denied');
      assert.deepEqual(errors.map((error) => error.code), ['access_denied']);
      assert.notInclude(location.search, 'iams_error');
      assert.strictEqual((await fake.log()).sessionRequests, 0);
    });

    it('a forged iams_error is unknown, and its value is not repeated anywhere', async () => {
      const { backend } = await registerBackend();
      const forged = '<script>alert(1)</script>';
      restore = pretendReturn(`${location.pathname}?iams_error=${encodeURIComponent(forged)}`);
      const { client } = recordingBackendClient({ backend });
      const error = await rejectsWith(client.handleCallback(), 'unknown');
      assert.notInclude(error.message, 'script');
      assert.notInclude(location.href, 'iams_error');
    });

    it('/session answering 503 is backend_unavailable; so is a backend that cannot be reached; nothing mounted (404) is invalid_config', async () => {
      const fake = await registerBackend({ sessionStatus: 503 });
      restore = pretendReturn(`${location.pathname}?iams_login=1`);
      const { client } = recordingBackendClient({ backend: fake.backend });
      await rejectsWith(client.handleCallback(), 'backend_unavailable');
      assert.notInclude(location.href, 'iams_login');
      await whileOffline(() => rejectsWith(client.getUser(), 'backend_unavailable'));
      await rejectsWith(recordingBackendClient({ backend: '/fake-backend/nothing-here' }).client.getUser(), 'invalid_config');
    });

    it('an error body’s code counts when it is in the shared list; otherwise the status decides', async () => {
      const platform = await registerBackend({ sessionStatus: 502, sessionCode: 'platform_error' });
      await rejectsWith(recordingBackendClient({ backend: platform.backend }).client.getUser(), 'platform_error');
      const odd = await registerBackend({ sessionStatus: 503, sessionCode: 'made_up' });
      await rejectsWith(recordingBackendClient({ backend: odd.backend }).client.getUser(), 'backend_unavailable');
      const malformed = await registerBackend({ sessionBody: { loggedIn: true, resident: {} } });
      await rejectsWith(recordingBackendClient({ backend: malformed.backend }).client.getUser(), 'unknown');
    });

    it('iams_login=1 without a session at the backend is callback_invalid', async () => {
      const { backend } = await registerBackend();
      restore = pretendReturn(`${location.pathname}?iams_login=1`);
      await rejectsWith(recordingBackendClient({ backend }).client.handleCallback(), 'callback_invalid');
    });
  });

  it('logout POSTs to {backend}/logout, emits logout, and the backend forgets the session', async () => {
    const fake = await registerBackend();
    const { client, navigations } = recordingBackendClient({ backend: fake.backend });
    await client.loginWithRedirect();
    await fake.complete(navigations[0] ?? '');
    assert.isNotNull(await client.getUser());
    let loggedOut = 0;
    client.on('logout', () => (loggedOut += 1));
    await client.logout();
    assert.strictEqual(loggedOut, 1);
    assert.strictEqual((await fake.log()).logouts, 1);
    assert.isNull(await client.getUser());
  });

  it('a failed logout rejects typed and emits no logout', async () => {
    const fake = await registerBackend({ logoutStatus: 503 });
    const { client } = recordingBackendClient({ backend: fake.backend });
    let loggedOut = 0;
    client.on('logout', () => (loggedOut += 1));
    await rejectsWith(client.logout(), 'backend_unavailable');
    assert.strictEqual(loggedOut, 0);
  });

  it('an embedded QR login ends at once in error with invalid_config (no session left starting); signing and e-ME run (transport/backend)', async () => {
    const { backend } = await registerBackend();
    const { client } = recordingBackendClient({ backend });
    const errors: string[] = [];
    client.on('error', (error) => errors.push(error.code));
    const session = client.startQrLogin();
    await rejectsWith(session.done, 'invalid_config');
    assert.strictEqual(session.state, 'error');
    assert.deepEqual(errors, ['invalid_config']);
  });
});
