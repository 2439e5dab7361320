// The asynchronous profile request against the real bed.sandbox, as a relying party written from
// ../shared/design/PLATFORM.md does it: log in through getQR with eidapi_profiles, getToken, then
// POST /api/v1/account/auth/profile/initiateRequest with profileFields → { authByQR: true, ticketID }
// (getQR with the ticketID, the phone shows each field asked with its value) or, when the login's
// phone receives requests (decision 033), { authByQR: false } and the request waits in that phone's
// inbox. The result is POSTed to the registered redirectURI; this test (the relying party's backend)
// unwraps and decrypts it with its own key and compares it with what POST /api/v1/profiles answers.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createBrowser, formFor, press } from './helpers.js';
import { platformTestBed } from './platform-bed.js';
import { decrypt, getQrWithTicket as getQrAt, inboxOf, logIn as logInAs, newTestRelyingParty, startRelyingPartySite, throughHostedPage, unwrapKey } from './platform-support.js';

const rpSite = await startRelyingPartySite();
const { received, nextPush } = rpSite;
const RP_ORIGIN = rpSite.origin;
const LOGIN_REDIRECT = `${RP_ORIGIN}/login/callback`;
const PROFILE_REDIRECT = `${RP_ORIGIN}/profile/result`;

const rp = newTestRelyingParty({ clientID: 'rp-profile', redirectUris: [LOGIN_REDIRECT, PROFILE_REDIRECT], scopes: ['eidapi_auth', 'eidapi_profiles'] });
rp.entry.client_name = 'Sandbox Test Bank';
const tools = { createBrowser, formFor, press };
const PATH = '/api/v1/account/auth/profile/initiateRequest';

const bed = platformTestBed({ site: rpSite, prefix: 'iams-platform-profile-', parties: [rp] });

const { call } = bed;

/** @param {string} scope @param {ReturnType<typeof createBrowser>} [phone] */
const logIn = (scope, phone) => logInAs(tools, bed.sandbox.issuer, rp.client, LOGIN_REDIRECT, scope, phone);

/** @param {{ accessToken: string, openID: string }} login @param {Record<string, unknown>} [overrides] */
function profileRequest(login, overrides = {}) {
  return {
    businessID: `profile-${Math.random().toString(36).slice(2, 10)}`, accessToken: login.accessToken, openID: login.openID,
    source: 'PC_Browser', redirectURI: PROFILE_REDIRECT, state: 'profile_state-1', lang: 'en-US',
    profileFields: ['idNo', 'enName', 'chName', 'birthDate', 'gender'], ...overrides,
  };
}

/** @param {string} ticketID */
const getQrWithTicket = (ticketID) => getQrAt(bed.sandbox.issuer, rp.client.clientID, ticketID);

/** The push body, parsed. @param {Promise<{ url: string, body: string } | undefined>} pushed */
async function pushBody(pushed) {
  const push = await pushed;
  assert.ok(push, 'the result was pushed to the redirectURI');
  assert.equal(push.url, '/profile/result');
  return JSON.parse(push.body);
}

/** @param {ReturnType<typeof createBrowser>} phone */
const inboxLinks = (phone) => inboxOf(phone, bed.sandbox.issuer);

describe('the profile request, through getQR', () => {
  /** @type {{ accessToken: string, openID: string }} */
  let login;
  before(async () => {
    login = await logIn('eidapi_auth eidapi_profiles');
  });

  test('approved: the phone shows each field asked with its value; the push decrypts to exactly what POST /profiles answers', async () => {
    const request = profileRequest(login);
    const answer = await call(PATH, request);
    assert.equal(answer.code, 'D00000', answer.message);
    assert.equal(answer.result.authByQR, true);
    assert.equal(typeof answer.result.ticketID, 'string');

    const pushed = nextPush(5000);
    const landed = await throughHostedPage(tools, bed.sandbox.issuer, getQrWithTicket(answer.result.ticketID), 'Approve', (page) => {
      assert.match(page, /<h1[^>]*>Share your profile<\/h1>/);
      assert.match(page, /Sandbox Test Bank/);
      assert.ok(page.includes(RP_ORIGIN));
      assert.match(page, /Details asked for/);
      assert.match(page, /K543210/, 'the HKIC number about to be shared is shown');
      assert.match(page, /陳大文/);
    });
    assert.equal(landed.origin + landed.pathname, PROFILE_REDIRECT);
    assert.deepEqual([...landed.searchParams.keys()], ['state'], 'no data in the URL');

    const body = await pushBody(pushed);
    assert.deepEqual([body.code, body.businessID, typeof body.txID], ['D00000', request.businessID, 'string']);
    const key = unwrapKey(rp.client.privateKeyPem, body.secretKey);
    assert.notDeepEqual(key, rp.client.contentKey, 'a fresh content key, not the API key');
    const content = JSON.parse(decrypt(key, body.content));
    assert.deepEqual(content.idNo, { Identification: 'K543210', CheckDigit: '3' });
    assert.deepEqual(content.enName, { UnstructuredName: 'CHAN Tai Man' });
    assert.deepEqual(content.chName, { ChineseName: '陳大文' });
    const synchronous = await call('/api/v1/profiles', { accessToken: login.accessToken, openID: login.openID, profileFields: request.profileFields });
    assert.deepEqual(content, synchronous.result, 'the same fields in the same shapes as POST /profiles');
  });

  test('only the fields asked for are shown and pushed', async () => {
    const request = profileRequest(login, { profileFields: ['birthDate'] });
    const answer = await call(PATH, request);
    const pushed = nextPush(5000);
    await throughHostedPage(tools, bed.sandbox.issuer, getQrWithTicket(answer.result.ticketID), 'Approve', (page) => {
      assert.doesNotMatch(page, /K543210/, 'the HKIC number was not asked for');
    });
    const body = await pushBody(pushed);
    const content = JSON.parse(decrypt(unwrapKey(rp.client.privateKeyPem, body.secretKey), body.content));
    assert.deepEqual(Object.keys(content), ['birthDate']);
  });

  test('declined: D40001, no content, no secretKey', async () => {
    const request = profileRequest(login);
    const answer = await call(PATH, request);
    const pushed = nextPush(5000);
    await throughHostedPage(tools, bed.sandbox.issuer, getQrWithTicket(answer.result.ticketID), 'Decline');
    const body = await pushBody(pushed);
    assert.deepEqual([body.code, body.businessID, body.content, body.secretKey], ['D40001', request.businessID, undefined, undefined]);
  });
});

describe('the profile request, in the inbox of the login\'s phone (authByQR false)', () => {
  const phone = createBrowser();
  /** @type {{ accessToken: string, openID: string }} */
  let login;
  /** @type {{ accessToken: string, openID: string }} */
  let loginOnly;
  before(async () => {
    login = await logIn('eidapi_auth eidapi_profiles', phone);
    loginOnly = await logIn('eidapi_auth', phone);
    const url = new URL('/app', bed.sandbox.issuer);
    const turnedOn = await press(phone, bed.sandbox.issuer, await (await phone.request(url)).text(), url, 'Turn on');
    assert.match(await turnedOn.response.text(), /<strong>On<\/strong>/);
  });

  test('approved from the inbox: the phone shows the fields; the push decrypts to them', async () => {
    const request = profileRequest(login, { profileFields: ['enName', 'gender'] });
    const answer = await call(PATH, request);
    assert.equal(answer.code, 'D00000', answer.message);
    assert.deepEqual(answer.result, { authByQR: false });
    const links = await inboxLinks(phone);
    assert.deepEqual(links.map(({ text }) => text), ['Share your profile: Sandbox Test Bank']);
    const opened = await phone.follow(new URL(links[0].href, bed.sandbox.issuer), bed.sandbox.issuer);
    const page = await opened.response.text();
    assert.match(page, /<h1[^>]*>Share your profile<\/h1>/);
    assert.match(page, /CHAN Tai Man/);
    assert.doesNotMatch(page, /K543210/, 'only the fields asked for');
    const pushed = nextPush(5000);
    const done = await press(phone, bed.sandbox.issuer, page, opened.location, 'Approve');
    assert.match(await done.response.text(), /Profile shared/);
    const body = await pushBody(pushed);
    assert.deepEqual([body.code, body.businessID], ['D00000', request.businessID]);
    const content = JSON.parse(decrypt(unwrapKey(rp.client.privateKeyPem, body.secretKey), body.content));
    assert.deepEqual(content, { enName: { UnstructuredName: 'CHAN Tai Man' }, gender: 'M' });
  });

  test('declined from the inbox: D40001', async () => {
    const request = profileRequest(login);
    assert.equal((await call(PATH, request)).result.authByQR, false);
    const [{ href }] = await inboxLinks(phone);
    const opened = await phone.follow(new URL(href, bed.sandbox.issuer), bed.sandbox.issuer);
    const pushed = nextPush(5000);
    const done = await press(phone, bed.sandbox.issuer, await opened.response.text(), opened.location, 'Decline');
    assert.match(await done.response.text(), /Profile sharing declined/);
    const body = await pushBody(pushed);
    assert.deepEqual([body.code, body.content], ['D40001', undefined]);
  });

  /** @type {[string, () => Record<string, unknown>, string][]} */
  const refusals = [
    ['a token granted without eidapi_profiles', () => profileRequest(loginOnly), 'D50002'],
    ['an openID that is not the token\'s resident', () => profileRequest(login, { openID: `${login.openID}x` }), 'D50001'],
    ['an unknown profile field', () => profileRequest(login, { profileFields: ['idNo', 'mobileNumber'] }), 'D29022'],
    ['a field named twice', () => profileRequest(login, { profileFields: ['enName', 'enName'] }), 'D29022'],
    ['no profileFields', () => profileRequest(login, { profileFields: [] }), 'D29022'],
    ['a state over 36 characters', () => profileRequest(login, { state: 's'.repeat(37) }), 'D50003'],
    ['a state with a space', () => profileRequest(login, { state: 'a b' }), 'D50003'],
    ['an unknown source', () => profileRequest(login, { source: 'Fax' }), 'D50003'],
    ['a businessID over 36 characters', () => profileRequest(login, { businessID: 'b'.repeat(37) }), 'D50003'],
    ['an unknown lang', () => profileRequest(login, { lang: 'fr-FR' }), 'D50003'],
    ['an unregistered redirectURI', () => profileRequest(login, { redirectURI: `${RP_ORIGIN}/elsewhere` }), 'D20008'],
    ['an unknown access token', () => profileRequest(login, { accessToken: 'not-a-token' }), 'D29023'],
    ['no access token', () => profileRequest(login, { accessToken: undefined }), 'D20009'],
  ];
  for (const [name, body, code] of refusals) {
    test(`refused: ${name} → ${code}; nothing in the inbox, no ticket, nothing pushed`, async () => {
      const before = received.length;
      const answer = await call(PATH, body());
      assert.equal(answer.code, code, answer.message);
      assert.equal(answer.content, undefined);
      assert.deepEqual(await inboxLinks(phone), []);
      await new Promise((resolve) => { setTimeout(resolve, 100); });
      assert.equal(received.length, before);
    });
  }
});
