// Anonymous hash signing against the real bed.sandbox, as a relying party written from
// ../shared/design/PLATFORM.md does it: no login; POST /api/v1/anonymous/signing/initiateRequest
// with the SHA-256 of a document this test hashes itself → { authByQR, ticketID }; the browser goes
// through getQR with the ticketID, a resident (any) sees the document and the hash's fingerprint in
// the phone simulator and approves or declines; the browser comes back with code + state (or
// error_code), getToken, then POST /api/v1/anonymous/signing/getResult answers the signature and
// certificate, verified here with node:crypto over the original document and against the sandbox
// root CA, never with a sandbox helper.
import assert from 'node:assert/strict';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import { createBrowser, formFor, press } from './helpers.js';
import { platformTestBed } from './platform-bed.js';
import { logIn as logInAs, newTestRelyingParty, startRelyingPartySite, throughHostedPage as throughHostedPageAs } from './platform-support.js';

const rpSite = await startRelyingPartySite();
const { received } = rpSite;
const RP_ORIGIN = rpSite.origin;
const LOGIN_REDIRECT = `${RP_ORIGIN}/login/callback`;
const SIGN_REDIRECT = `${RP_ORIGIN}/sign/done`;

const rp = newTestRelyingParty({ clientID: 'rp-anon-sign', redirectUris: [LOGIN_REDIRECT, SIGN_REDIRECT], scopes: ['eidapi_auth', 'eidapi_sign', 'eidapi_formFilling'] });
rp.entry.client_name = /** @type {any} */ ('Sandbox Test Insurer');
/** A second relying party: its tokens are not rp's. */
const other = newTestRelyingParty({ clientID: 'rp-anon-other', redirectUris: [SIGN_REDIRECT], scopes: ['eidapi_auth', 'eidapi_sign'] });
/** A relying party not registered for signing. */
const noSign = newTestRelyingParty({ clientID: 'rp-anon-nosign', redirectUris: [SIGN_REDIRECT], scopes: ['eidapi_auth', 'eidapi_formFilling'] });
const tools = { createBrowser, formFor, press };

const bed = platformTestBed({ site: rpSite, prefix: 'iams-platform-anon-sign-', parties: [rp, other, noSign] });

const { call } = bed;

const DOCUMENT = Buffer.from('Travel insurance policy TI-2026-118 for the period 10-20 December 2026.\n');
const HASH = createHash('sha256').update(DOCUMENT).digest('base64');

/** @param {Record<string, unknown>} [overrides] */
function anonymousSignRequest(overrides = {}) {
  return {
    businessID: `asign-${Math.random().toString(36).slice(2, 10)}`, source: 'PC_Browser', redirectURI: SIGN_REDIRECT, state: 'asign_state-1',
    lang: 'en-US', hashCode: HASH, department: 'Policy Services', serviceName: 'Travel insurance', documentName: 'Policy TI-2026-118',
    sigAlgo: 'SHA256withRSA', ...overrides,
  };
}

/** @param {string} ticketID */
function getQrWithTicket(ticketID) {
  const url = new URL('/api/v1/auth/getQR', bed.sandbox.issuer);
  url.searchParams.set('clientID', rp.client.clientID);
  url.searchParams.set('ticketID', ticketID);
  return url;
}

/**
 * initiateRequest, the resident's decision on the hosted page, and where the browser lands.
 * @param {Record<string, unknown>} request @param {'Approve' | 'Decline'} decision @param {(page: string) => void} [look]
 */
async function throughAnonymousRequest(request, decision, look) {
  const initiated = await call('/api/v1/anonymous/signing/initiateRequest', request);
  assert.equal(initiated.code, 'D00000', initiated.message);
  assert.equal(initiated.result.authByQR, true);
  return throughHostedPageAs(tools, bed.sandbox.issuer, getQrWithTicket(initiated.result.ticketID), decision, look);
}

describe('anonymous hash signing: initiateRequest, getQR with the ticketID, code, getToken, getResult', () => {
  test('approved: code + state at the redirectURI, nothing pushed; getResult\'s signature verifies over the document and its certificate chains to the sandbox root', async () => {
    const request = anonymousSignRequest();
    const pushedBefore = received.length;
    const fingerprint = Buffer.from(HASH, 'base64').subarray(0, 8).toString('hex').toUpperCase().match(/.{4}/g)?.join(' ');
    const landed = await throughAnonymousRequest(request, 'Approve', (page) => {
      assert.match(page, /Sandbox Test Insurer/);
      assert.match(page, new RegExp(RP_ORIGIN));
      assert.match(page, /Policy TI-2026-118/);
      assert.match(page, /Policy Services/);
      assert.match(page, /Travel insurance/);
      assert.ok(page.includes(/** @type {string} */ (fingerprint)), `the hash's fingerprint ${fingerprint} is shown`);
    });
    assert.equal(landed.origin + landed.pathname, SIGN_REDIRECT);
    assert.deepEqual([...landed.searchParams.keys()].sort(), ['code', 'state']);
    assert.equal(landed.searchParams.get('state'), 'asign_state-1');

    const token = await call('/api/v1/auth/getToken', { code: landed.searchParams.get('code'), grantType: 'authorization_code' });
    assert.equal(token.code, 'D00000', token.message);
    assert.equal(token.result.scope, 'eidapi_sign');
    assert.equal(typeof token.result.openID, 'string', 'getToken names the resident as for the anonymous e-ME (decision 034)');
    const { accessToken, openID } = token.result;

    // Refused getResults first: each changes nothing, the right one still answers afterwards.
    const login = await logInAs(tools, bed.sandbox.issuer, rp.client, LOGIN_REDIRECT, 'eidapi_auth eidapi_sign');
    for (const [name, body, client, code] of /** @type {[string, Record<string, unknown>, any, string][]} */ ([
      ['a login\'s token', { accessToken: login.accessToken, businessID: request.businessID }, rp.client, 'D29023'],
      ['another client calling with this token', { accessToken, businessID: request.businessID }, other.client, 'D29023'],
      ['no accessToken', { businessID: request.businessID }, rp.client, 'D20009'],
      ['another businessID', { accessToken, businessID: 'not-this-one' }, rp.client, 'D70001'],
    ])) {
      const refused = await call('/api/v1/anonymous/signing/getResult', body, client);
      assert.deepEqual([refused.code, refused.content], [code, undefined], name);
    }
    const asPdf = await call('/api/v1/anonymous/pdfsigning/getResult', { accessToken, businessID: request.businessID });
    assert.equal(asPdf.code, 'D29023', 'a hash signing token reads no PDF result');
    const asEme = await call('/api/v1/anonymous/eme/getResult', { accessToken, businessID: request.businessID });
    assert.deepEqual([asEme.code, asEme.content], ['D29023', undefined], 'nor an e-ME result');
    const asLogin = await call('/api/v1/account/signing/initiateRequest', { ...anonymousSignRequest(), accessToken, openID, HKICHash: 'x' });
    assert.equal(asLogin.code, 'D29023', 'an anonymous signing token is no login');

    const result = await call('/api/v1/anonymous/signing/getResult', { accessToken, businessID: request.businessID });
    assert.equal(result.code, 'D00000', result.message);
    assert.deepEqual(Object.keys(result.result), ['businessID', 'hashCode', 'timestamp', 'signature', 'cert']);
    assert.equal(result.result.businessID, request.businessID);
    assert.equal(result.result.hashCode, HASH);
    assert.equal(typeof result.result.timestamp, 'number');
    const certificate = new X509Certificate(Buffer.from(result.result.cert, 'base64'));
    const signature = Buffer.from(result.result.signature, 'base64');
    assert.ok(verify('sha256', DOCUMENT, certificate.publicKey, signature), 'the signature verifies over the original document');
    assert.ok(!verify('sha256', Buffer.concat([DOCUMENT, Buffer.from('x')]), certificate.publicKey, signature), 'and not over another');
    const root = new X509Certificate(await (await fetch(new URL('/csc/v2/ca.pem', bed.sandbox.issuer))).text());
    assert.ok(certificate.checkIssued(root) && certificate.verify(root.publicKey), 'the certificate was issued by the sandbox root CA');
    assert.match(certificate.subject, /CHAN Tai Man/);
    assert.ok(certificate.subject.includes(openID), 'it names the resident by the openID getToken gave');
    assert.equal(received.length, pushedBefore, 'nothing pushed for an anonymous request');

    const again = await call('/api/v1/anonymous/signing/getResult', { accessToken, businessID: request.businessID });
    assert.deepEqual(again.result, result.result, 'a second getResult answers the same signature');
    const ack = await call('/api/v1/account/signing/ackResult', { businessID: request.businessID, signingResult: 'SR001' });
    assert.equal(ack.code, 'D00000', ack.message);
  });

  test('declined: error_code D20001 + state, no code, as a login', async () => {
    const landed = await throughAnonymousRequest(anonymousSignRequest({ state: 'declined_1' }), 'Decline');
    assert.equal(landed.searchParams.get('error_code'), 'D20001');
    assert.equal(landed.searchParams.get('state'), 'declined_1');
    assert.equal(landed.searchParams.get('code'), null);
  });

  test('the code works once: a second getToken is D40004, and the first token keeps working', async () => {
    const request = anonymousSignRequest();
    const landed = await throughAnonymousRequest(request, 'Approve');
    const code = landed.searchParams.get('code');
    const token = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
    assert.equal(token.code, 'D00000');
    const reused = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
    assert.deepEqual([reused.code, reused.content], ['D40004', undefined]);
    const result = await call('/api/v1/anonymous/signing/getResult', { accessToken: token.result.accessToken, businessID: request.businessID });
    assert.equal(result.code, 'D00000', result.message);
  });

  test('the ticketID is this client\'s and works once (D60004 otherwise)', async () => {
    const initiated = await call('/api/v1/anonymous/signing/initiateRequest', anonymousSignRequest());
    const elsewhere = getQrWithTicket(initiated.result.ticketID);
    elsewhere.searchParams.set('clientID', other.client.clientID);
    assert.equal((await fetch(elsewhere)).status, 400, 'another client\'s getQR cannot use it');
    const url = getQrWithTicket(initiated.result.ticketID);
    assert.equal((await fetch(url)).status, 200);
    assert.equal((await fetch(url)).status, 400);
  });

  for (const [name, overrides, code, client] of /** @type {[string, Record<string, unknown>, string, any?][]} */ ([
    ['no hashCode', { hashCode: undefined }, 'D70002'],
    ['a hashCode of 31 bytes', { hashCode: createHash('sha256').update(DOCUMENT).digest().subarray(0, 31).toString('base64') }, 'D70002'],
    ['a hex hashCode', { hashCode: createHash('sha256').update(DOCUMENT).digest('hex') }, 'D70002'],
    ['a state over 36 characters', { state: 's'.repeat(37) }, 'D70001'],
    ['a state with a space', { state: 'a b' }, 'D70001'],
    ['an unregistered redirectURI', { redirectURI: `${RP_ORIGIN}/elsewhere` }, 'D20008'],
    ['an unknown lang', { lang: 'fr-FR' }, 'D70001'],
    ['no documentName', { documentName: undefined }, 'D70001'],
    ['an unknown sigAlgo', { sigAlgo: 'SHA1withRSA' }, 'D70004'],
    ['a client not registered for eidapi_sign', {}, 'D70003', noSign.client],
  ])) {
    test(`refused: ${name} → ${code}, no ticket`, async () => {
      const refused = await call('/api/v1/anonymous/signing/initiateRequest', anonymousSignRequest(overrides), client);
      assert.deepEqual([refused.code, refused.content], [code, undefined], refused.message);
    });
  }
});
