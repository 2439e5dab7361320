// The SDK against a real-HTTP fake OpenID Provider (packages/sdk/test/fake-provider-plugin.js) that
// misbehaves one way per scenario. Cases carry the names of the OpenID Foundation's RP conformance
// tests where one exists. Every rejection must have its code and leave nothing stored.
import { assert } from '@open-wc/testing';
import type { IamSmartErrorCode, IamSmartError } from '../errors.js';
import { STATE_STORE_PREFIX } from './user-manager.js';
import { TOKEN_KEY_PREFIX } from './token-store.js';
import type { IamSmartClient } from '../client.js';
import type { IamSmartUser } from './types.js';
import { authorize, callbackFor, CLIENT_ID, pageRedirectUri, providerLog, recordingClient, registerScenario, startLogin } from '../test-support/fake-op.js';
import type { Scenario, ScenarioOptions } from '../test-support/fake-op.js';
import { rejectsWith as expectRejection } from '../test-support/session-run.js';

const pageUrl = location.href;

function storageKeys(storage: Storage): string[] {
  return Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '');
}

function headerKid(user: IamSmartUser | null): unknown {
  const header = JSON.parse(atob(user?.idToken.split('.')[0] ?? '')) as { kid?: unknown };
  return header.kid;
}

async function expectNothingStored(client: IamSmartClient): Promise<void> {
  assert.strictEqual(await client.getUser(), null);
  assert.deepEqual(storageKeys(sessionStorage).filter((key) => key.startsWith(TOKEN_KEY_PREFIX)), []);
  assert.strictEqual(localStorage.length, 0);
}

/** Logs in through a scenario up to the callback URL; returns what the checks need. */
async function loginUpToCallback(options: ScenarioOptions, config: { storage?: 'memory' | 'session' } = {}) {
  const scenario = await registerScenario(options);
  const { client, nextNavigation } = recordingClient({ issuer: scenario.issuer, ...config });
  const errors: IamSmartError[] = [];
  client.on('error', (error) => errors.push(error));
  const callbackUrl = await callbackFor(client, nextNavigation);
  return { scenario, client, callbackUrl, errors };
}

/** A whole login through a misbehaving scenario must fail with `code`, emit it, and store nothing. */
async function expectCallbackRejected(options: ScenarioOptions, code: IamSmartErrorCode, claim?: string): Promise<{ scenario: Scenario; error: IamSmartError }> {
  const { scenario, client, callbackUrl, errors } = await loginUpToCallback(options, { storage: 'session' });
  const error = await expectRejection(client.handleCallback(callbackUrl), code);
  if (claim) assert.include(error.message, `\`${claim}\``);
  assert.isNotEmpty(error.message);
  assert.deepEqual(errors.map((e) => e.code), [code]);
  await expectNothingStored(client);
  // The per-login state is single-use: consumed by the attempt.
  assert.deepEqual(storageKeys(sessionStorage).filter((key) => key.startsWith(STATE_STORE_PREFIX)), []);
  return { scenario, error };
}

/** Records every key written to localStorage, by anyone (the SDK, oidc-client-ts, jose), until stopped. */
function watchLocalStorageWrites(): { keys: string[]; stop: () => void } {
  const keys: string[] = [];
  const setItem = Object.getOwnPropertyDescriptor(Storage.prototype, 'setItem')?.value as Storage['setItem'];
  Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
    if (this === localStorage) keys.push(key);
    setItem.call(this, key, value);
  };
  return {
    keys,
    stop: () => {
      Storage.prototype.setItem = setItem;
    },
  };
}

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

afterEach(() => {
  history.replaceState(null, '', pageUrl);
});

describe('login through a real-HTTP provider', () => {
  it('rp-response_type-code: logs in, returns the verified claims, cleans the address bar, never touches localStorage', async () => {
    const localWrites = watchLocalStorageWrites();
    const { scenario, client, callbackUrl } = await loginUpToCallback({});
    const logins: IamSmartUser[] = [];
    client.on('login', (user) => logins.push(user));

    // The callback arrives in the real address bar, beside the page's own parameters.
    const arrival = new URL(pageUrl);
    arrival.hash = 'section-2';
    new URL(callbackUrl).searchParams.forEach((value, name) => {
      arrival.searchParams.set(name, value);
    });
    history.replaceState(null, '', arrival.href);
    assert.strictEqual(client.isCallback(), true);

    const user = await client.handleCallback();
    if (!user) throw new Error('no user');
    assert.include(user.claims, { sub: 'pairwise-sub-7f3a', iss: scenario.issuer, aud: CLIENT_ID, name: 'CHAN Tai Man' });
    assert.deepEqual(user.claims.chName, { lastName: '陳', firstName: '大文' });
    assert.isNotEmpty(user.accessToken);
    assert.lengthOf(user.idToken.split('.'), 3);
    assert.deepEqual(logins, [user]);
    assert.deepEqual(await client.getUser(), user);

    const after = new URL(location.href);
    for (const name of ['code', 'state', 'iss', 'session_state']) assert.strictEqual(after.searchParams.has(name), false, name);
    assert.strictEqual(after.searchParams.get('wtr-session-id'), new URL(pageUrl).searchParams.get('wtr-session-id'));
    assert.strictEqual(after.hash, '#section-2');
    assert.strictEqual(client.isCallback(), false);
    assert.strictEqual(await client.handleCallback(), null);

    // Tokens in memory by default: nothing in either storage but the consumed-then-removed state.
    assert.deepEqual(storageKeys(sessionStorage), []);
    localWrites.stop();
    assert.deepEqual(localWrites.keys, []);
    assert.strictEqual(localStorage.length, 0);
  });

  it('getUser forgets a user whose tokens have expired', async () => {
    const { client, callbackUrl } = await loginUpToCallback({}, { storage: 'session' });
    await client.handleCallback(callbackUrl);
    const key = storageKeys(sessionStorage).find((name) => name.startsWith(TOKEN_KEY_PREFIX)) ?? '';
    const stored = JSON.parse(sessionStorage.getItem(key) ?? '{}') as IamSmartUser;
    sessionStorage.setItem(key, JSON.stringify({ ...stored, expiresAt: Math.floor(Date.now() / 1000) - 1 }));
    assert.strictEqual(await client.getUser(), null);
    assert.strictEqual(sessionStorage.getItem(key), null);
  });

  it('sends a PKCE S256 authorization-code request with state, nonce, query response mode and ui_locales', async () => {
    const scenario = await registerScenario();
    const { client, nextNavigation } = recordingClient({ issuer: scenario.issuer, lang: 'zh-HK' });
    const url = new URL(await startLogin(client, nextNavigation));
    assert.strictEqual(`${url.origin}${url.pathname}`, `${scenario.issuer}/authorize`);
    const q = url.searchParams;
    assert.strictEqual(q.get('client_id'), CLIENT_ID);
    assert.strictEqual(q.get('redirect_uri'), pageRedirectUri());
    assert.strictEqual(q.get('response_type'), 'code');
    assert.strictEqual(q.get('response_mode'), 'query');
    assert.strictEqual(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.match(q.get('nonce') ?? '', /^[\w-]{43}$/);
    assert.isAbove(q.get('state')?.length ?? 0, 15);
    assert.strictEqual(q.get('scope'), 'openid profile');
    assert.strictEqual(q.get('ui_locales'), 'zh-HK');
    // The verifier and nonce wait in sessionStorage, never in localStorage.
    assert.lengthOf(storageKeys(sessionStorage).filter((key) => key.startsWith(STATE_STORE_PREFIX)), 1);
    assert.strictEqual(localStorage.length, 0);
  });

  it('loginWithRedirect() resolves once the page has been sent to the authorization endpoint, and loginWithApp() without an app link does the same', async () => {
    const scenario = await registerScenario({ appLink: false });
    const { client, navigations } = recordingClient({ issuer: scenario.issuer });
    await client.loginWithRedirect();
    assert.lengthOf(navigations, 1);
    await client.loginWithApp();
    assert.lengthOf(navigations, 2);
    for (const url of navigations) assert.strictEqual(url.split('?')[0], `${scenario.issuer}/authorize`);
  });

  it('asks for the language of this login when given one (the page switched language after the client was made)', async () => {
    const scenario = await registerScenario();
    const { client, nextNavigation } = recordingClient({ issuer: scenario.issuer, lang: 'en' });
    const url = new URL(await startLogin(client, nextNavigation, { lang: 'zh-CN' }));
    assert.strictEqual(url.searchParams.get('ui_locales'), 'zh-CN');
  });

  it('keeps tokens in sessionStorage when asked, and forgets them on logout (revoking the access token)', async () => {
    const { scenario, client, callbackUrl } = await loginUpToCallback({}, { storage: 'session' });
    const user = await client.handleCallback(callbackUrl);
    assert.lengthOf(storageKeys(sessionStorage).filter((key) => key.startsWith(TOKEN_KEY_PREFIX)), 1);
    assert.strictEqual(localStorage.length, 0);
    let loggedOut = 0;
    client.on('logout', () => (loggedOut += 1));
    await client.logout();
    assert.strictEqual(loggedOut, 1);
    assert.strictEqual(await client.getUser(), null);
    assert.deepEqual(storageKeys(sessionStorage), []);
    assert.deepEqual((await providerLog(scenario)).revoked, [user?.accessToken]);
  });

  it('logout({ endSession }) goes to the end-session endpoint with id_token_hint and post_logout_redirect_uri', async () => {
    const scenario = await registerScenario();
    const { client, nextNavigation } = recordingClient({ issuer: scenario.issuer });
    const user = await client.handleCallback(await authorize(await startLogin(client, nextNavigation)));
    const navigation = nextNavigation();
    await client.logout({ endSession: true });
    const url = new URL(await navigation);
    assert.strictEqual(`${url.origin}${url.pathname}`, `${scenario.issuer}/end-session`);
    assert.strictEqual(url.searchParams.get('id_token_hint'), user?.idToken);
    assert.strictEqual(url.searchParams.get('post_logout_redirect_uri'), pageRedirectUri());
  });

  it('app mode opens the advertised app link with the full authorization URL', async () => {
    const scenario = await registerScenario();
    const { client, nextNavigation } = recordingClient({ issuer: scenario.issuer });
    const link = new URL(await startLogin(client, nextNavigation, { viaApp: true }));
    assert.strictEqual(`${link.origin}${link.pathname}`, `${scenario.issuer}/app`);
    const inner = new URL(link.searchParams.get('authorize') ?? '');
    assert.strictEqual(`${inner.origin}${inner.pathname}`, `${scenario.issuer}/authorize`);
    assert.strictEqual(inner.searchParams.get('code_challenge_method'), 'S256');
    // The app returns to the page with a normal callback, which completes as a redirect login.
    const user = await client.handleCallback(await authorize(inner.href));
    assert.strictEqual(user?.claims.sub, 'pairwise-sub-7f3a');
  });

  it('app mode falls back to a plain redirect when the provider advertises no app link', async () => {
    const scenario = await registerScenario({ appLink: false });
    const { client, nextNavigation } = recordingClient({ issuer: scenario.issuer });
    const url = new URL(await startLogin(client, nextNavigation, { viaApp: true }));
    assert.strictEqual(`${url.origin}${url.pathname}`, `${scenario.issuer}/authorize`);
  });

  it('carries returnTo through the login', async () => {
    const scenario = await registerScenario();
    const { client, nextNavigation } = recordingClient({ issuer: scenario.issuer });
    const callbackUrl = await authorize(await startLogin(client, nextNavigation, { returnTo: '/account?tab=2' }));
    assert.strictEqual((await client.handleCallback(callbackUrl))?.returnTo, '/account?tab=2');
  });

  it('rp-id_token-sig-es256: accepts an ES256 token from a provider that advertises ES256 (as the sandbox does)', async () => {
    const { client, callbackUrl } = await loginUpToCallback({ alg: 'ES256' });
    const user = await client.handleCallback(callbackUrl);
    assert.strictEqual(user?.claims.sub, 'pairwise-sub-7f3a');
    assert.strictEqual((JSON.parse(atob(user?.idToken.split('.')[0] ?? '')) as { alg?: unknown }).alg, 'ES256');
  });

  it('rp-id_token-kid-absent-single-jwks: accepts a token without kid when the JWKS has one key', async () => {
    const { client, callbackUrl } = await loginUpToCallback({ kid: 'absent' });
    assert.strictEqual((await client.handleCallback(callbackUrl))?.claims.sub, 'pairwise-sub-7f3a');
  });

  it('rp-key-rotation-op-sign-key: follows the provider to a new signing key', async () => {
    const scenario = await registerScenario({ jwks: 'rotate-after-first' });
    const { client, nextNavigation } = recordingClient({ issuer: scenario.issuer });
    const first = await client.handleCallback(await authorize(await startLogin(client, nextNavigation)));
    const second = await client.handleCallback(await authorize(await startLogin(client, nextNavigation)));
    assert.strictEqual(headerKid(first), 'key-1');
    assert.strictEqual(headerKid(second), 'key-2');
  });

  it('RFC 9207: accepts a response without iss when the provider does not advertise it', async () => {
    const { client, callbackUrl } = await loginUpToCallback({ advertiseIss: false, issParam: 'omit' });
    assert.strictEqual(new URL(callbackUrl).searchParams.has('iss'), false);
    assert.strictEqual((await client.handleCallback(callbackUrl))?.claims.sub, 'pairwise-sub-7f3a');
  });

  it('handleCallback resolves null when the URL is not a callback', async () => {
    const scenario = await registerScenario();
    const { client } = recordingClient({ issuer: scenario.issuer });
    assert.strictEqual(await client.handleCallback(pageRedirectUri()), null);
    assert.strictEqual(await client.handleCallback(`${location.origin}/elsewhere?code=x&state=y`), null);
  });
});

describe('rejected ID tokens', () => {
  it('rp-id_token-bad-sig-rs256: signature by another key under the same kid', async () => {
    await expectCallbackRejected({ signing: 'bad-sig' }, 'id_token_signature');
  });
  it('rp-id_token-sig-none: unsigned token (alg none)', async () => {
    await expectCallbackRejected({ signing: 'none' }, 'id_token_signature');
  });
  it('HS256 "signed" with the provider\'s public key (algorithm confusion)', async () => {
    await expectCallbackRejected({ signing: 'hs256' }, 'id_token_signature');
  });
  it('rp-id_token-issuer-mismatch: iss of another provider', async () => {
    await expectCallbackRejected({ claims: { iss: 'https://evil.example' } }, 'id_token_claims', 'iss');
  });
  it('rp-id_token-aud: issued to another client', async () => {
    await expectCallbackRejected({ claims: { aud: 'someone-else' } }, 'id_token_claims', 'aud');
  });
  it('missing aud', async () => {
    await expectCallbackRejected({ claims: { aud: null } }, 'id_token_claims', 'aud');
  });
  it('several audiences and azp naming another client', async () => {
    await expectCallbackRejected({ claims: { aud: [CLIENT_ID, 'other-client'], azp: 'other-client' } }, 'id_token_claims', 'azp');
  });
  it('several audiences and no azp', async () => {
    await expectCallbackRejected({ claims: { aud: [CLIENT_ID, 'other-client'] } }, 'id_token_claims', 'aud');
  });
  it('OIDC Core §3.1.3.7: an extra audience this client does not trust, even with azp naming this client', async () => {
    const { error } = await expectCallbackRejected({ claims: { aud: [CLIENT_ID, 'other-client'], azp: CLIENT_ID } }, 'id_token_claims', 'aud');
    assert.include(error.message, 'other-client');
  });
  it('accepts aud as an array whose only member is this client, with or without azp', async () => {
    for (const claims of [{ aud: [CLIENT_ID] }, { aud: [CLIENT_ID], azp: CLIENT_ID }, { azp: CLIENT_ID }]) {
      const { client, callbackUrl } = await loginUpToCallback({ claims });
      assert.strictEqual((await client.handleCallback(callbackUrl))?.claims.sub, 'pairwise-sub-7f3a', JSON.stringify(claims));
    }
  });
  it('rp-id_token-bad-sig-es256: ES256 signature by another key under the same kid', async () => {
    await expectCallbackRejected({ alg: 'ES256', signing: 'bad-sig' }, 'id_token_signature');
  });
  it('rp-id_token-kid-absent-multiple-jwks: no kid while the JWKS has several keys of the algorithm', async () => {
    const { error } = await expectCallbackRejected({ kid: 'absent', jwks: 'several' }, 'id_token_signature');
    assert.include(error.message, 'kid');
  });
  it('nbf in the future beyond the clock skew', async () => {
    await expectCallbackRejected({ claims: { nbf: Math.floor(Date.now() / 1000) + 600 } }, 'id_token_claims', 'nbf');
  });
  it('nbf in the future within the clock skew is accepted (clockSkewSeconds, default 60)', async () => {
    const { client, callbackUrl } = await loginUpToCallback({ claims: { nbf: Math.floor(Date.now() / 1000) + 20 } });
    assert.strictEqual((await client.handleCallback(callbackUrl))?.claims.sub, 'pairwise-sub-7f3a');
  });
  it('a critical header extension the SDK does not understand (crit)', async () => {
    const { error } = await expectCallbackRejected({ crit: 'unknown' }, 'id_token_signature');
    assert.include(error.message, 'urn:example:unknown');
  });
  it('expired (exp an hour ago)', async () => {
    await expectCallbackRejected({ expIn: -3600, iatOffset: -3700 }, 'id_token_claims', 'exp');
  });
  it('rp-id_token-iat: no iat', async () => {
    await expectCallbackRejected({ claims: { iat: null } }, 'id_token_claims', 'iat');
  });
  it('iat in the future', async () => {
    await expectCallbackRejected({ iatOffset: 3600, expIn: 7200 }, 'id_token_claims', 'iat');
  });
  it('iat too old (beyond maxIdTokenAgeSeconds)', async () => {
    await expectCallbackRejected({ iatOffset: -7200 }, 'id_token_claims', 'iat');
  });
  it('rp-nonce-invalid: nonce of another login', async () => {
    await expectCallbackRejected({ nonce: 'wrong' }, 'id_token_claims', 'nonce');
  });
  it('nonce missing', async () => {
    await expectCallbackRejected({ nonce: 'omit' }, 'id_token_claims', 'nonce');
  });
  it('rp-id_token-sub: no sub', async () => {
    await expectCallbackRejected({ claims: { sub: null } }, 'id_token_claims', 'sub');
  });
});

describe('rejected authorization responses', () => {
  it('RFC 9207: iss missing although advertised, rejected before the code reaches any token endpoint', async () => {
    const { scenario } = await expectCallbackRejected({ issParam: 'omit' }, 'issuer_mismatch');
    assert.strictEqual((await providerLog(scenario)).tokenRequests, 0);
  });
  it('RFC 9207: iss of another provider', async () => {
    const { scenario } = await expectCallbackRejected({ issParam: 'wrong' }, 'issuer_mismatch');
    assert.strictEqual((await providerLog(scenario)).tokenRequests, 0);
  });
  it('access_denied: the resident declined', async () => {
    await expectCallbackRejected({ authorize: 'access_denied' }, 'access_denied');
  });
  it('another OAuth error', async () => {
    await expectCallbackRejected({ authorize: 'server_error' }, 'authorization_error');
  });

  it('rp-response_type-code with a forged state: state_mismatch, and the real login still pending', async () => {
    const { client, callbackUrl, errors } = await loginUpToCallback({});
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'forged-state-value');
    await expectRejection(client.handleCallback(forged.href), 'state_mismatch');
    assert.deepEqual(errors.map((e) => e.code), ['state_mismatch']);
    await expectNothingStored(client);
  });

  it('tampered callback without code: callback_invalid, state consumed', async () => {
    const { client, callbackUrl } = await loginUpToCallback({});
    const tampered = new URL(callbackUrl);
    tampered.searchParams.delete('code');
    await expectRejection(client.handleCallback(tampered.href), 'callback_invalid');
    await expectNothingStored(client);
    // The genuine response cannot be used after the tampered one consumed the state.
    await expectRejection(client.handleCallback(callbackUrl), 'state_mismatch');
  });

  it('tampered callback without state: callback_invalid', async () => {
    const { client, callbackUrl } = await loginUpToCallback({});
    const tampered = new URL(callbackUrl);
    tampered.searchParams.delete('state');
    await expectRejection(client.handleCallback(tampered.href), 'callback_invalid');
    await expectNothingStored(client);
  });

  it('a response used twice is refused the second time', async () => {
    const { client, callbackUrl } = await loginUpToCallback({});
    await client.handleCallback(callbackUrl);
    await client.logout();
    await expectRejection(client.handleCallback(callbackUrl), 'state_mismatch');
    await expectNothingStored(client);
  });

  it('a failed callback is removed from the address bar too (no retry on reload)', async () => {
    const { client, callbackUrl } = await loginUpToCallback({ signing: 'none' });
    const arrival = new URL(pageUrl);
    new URL(callbackUrl).searchParams.forEach((value, name) => {
      arrival.searchParams.set(name, value);
    });
    history.replaceState(null, '', arrival.href);
    await expectRejection(client.handleCallback(), 'id_token_signature');
    const after = new URL(location.href);
    assert.deepEqual(['code', 'state', 'iss'].filter((name) => after.searchParams.has(name)), []);
  });
});

describe('provider failures', () => {
  it('token endpoint answering 500', async () => {
    await expectCallbackRejected({ token: 'status-500' }, 'token_endpoint_error');
  });
  it('token endpoint answering HTML', async () => {
    await expectCallbackRejected({ token: 'garbage' }, 'token_endpoint_error');
  });
  it('token endpoint answering broken JSON', async () => {
    await expectCallbackRejected({ token: 'bad-json' }, 'token_endpoint_error');
  });
  it('token endpoint returning no ID token', async () => {
    await expectCallbackRejected({ token: 'no-id-token' }, 'token_endpoint_error');
  });

  for (const [discovery, code] of [
    ['garbage', 'discovery_invalid'],
    ['wrong-issuer', 'discovery_invalid'],
    ['no-token-endpoint', 'discovery_invalid'],
    ['status-500', 'issuer_unreachable'],
  ] as const) {
    it(`discovery ${discovery}: login rejects with ${code} before anything is stored`, async () => {
      const scenario = await registerScenario({ discovery });
      const { client, navigations } = recordingClient({ issuer: scenario.issuer });
      const errors: string[] = [];
      client.on('error', (error) => errors.push(error.code));
      await expectRejection(client.loginWithRedirect(), code);
      assert.deepEqual(navigations, []);
      assert.deepEqual(errors, [code]);
      assert.deepEqual(storageKeys(sessionStorage), []);
      assert.strictEqual(localStorage.length, 0);
    });
  }

  it('unreachable issuer: issuer_unreachable', async () => {
    const { client } = recordingClient({ issuer: 'http://127.0.0.1:9/fake-op/nobody' });
    await expectRejection(client.loginWithRedirect(), 'issuer_unreachable');
  });

  it('discovery that never answers: issuer_unreachable after requestTimeoutSeconds', async () => {
    const scenario = await registerScenario({ discovery: 'hang' });
    const { client } = recordingClient({ issuer: scenario.issuer, requestTimeoutSeconds: 1 });
    const started = Date.now();
    await expectRejection(client.loginWithRedirect(), 'issuer_unreachable');
    assert.isAtLeast(Date.now() - started, 800);
    assert.isAtMost(Date.now() - started, 5000);
  });

  it('a callback while the issuer is unreachable: rejected, address bar cleaned', async () => {
    const { client } = recordingClient({ issuer: 'http://127.0.0.1:9/fake-op/nobody' });
    const arrival = new URL(pageUrl);
    arrival.searchParams.set('code', 'abc');
    arrival.searchParams.set('state', 'def');
    history.replaceState(null, '', arrival.href);
    await expectRejection(client.handleCallback(), 'issuer_unreachable');
    assert.strictEqual(new URL(location.href).searchParams.has('code'), false);
  });
});

describe('events', () => {
  it('a throwing listener does not break the login; unsubscribe stops delivery', async () => {
    const { client, callbackUrl } = await loginUpToCallback({});
    const consoleError = console.error;
    const reported: unknown[] = [];
    console.error = (...args: unknown[]) => reported.push(args);
    let calls = 0;
    client.on('login', () => {
      throw new Error('listener bug');
    });
    const off = client.on('login', () => (calls += 1));
    off();
    try {
      const user = await client.handleCallback(callbackUrl);
      assert.strictEqual(user?.claims.sub, 'pairwise-sub-7f3a');
    } finally {
      console.error = consoleError;
    }
    assert.strictEqual(calls, 0);
    assert.lengthOf(reported, 1);
  });
});
