// Hash signing against the real bed.sandbox, as a relying party written from
// ../shared/design/PLATFORM.md does it: log in through getQR (typed identification code), getToken,
// then POST /api/v1/account/signing/initiateRequest with the SHA-256 of a document this test hashes
// itself → { authByQR, ticketID }; the browser goes through getQR with the ticketID, the resident
// sees the document and the hash's fingerprint in the phone simulator and approves or declines; the
// result is POSTed to the registered redirectURI, and this test (the relying party's backend)
// unwraps secretKey with node-forge, decrypts with node:crypto, and verifies the signature over the
// original document and the certificate against the sandbox's root CA, never with a sandbox helper.
import assert from 'node:assert/strict';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { createBrowser, formFor, press } from './helpers.js';
import { platformTestBed } from './platform-bed.js';
import { decrypt, logIn as logInAs, newTestRelyingParty, startRelyingPartySite, textOf, throughHostedPage as throughHostedPageAs, unwrapKey } from './platform-support.js';

const rpSite = await startRelyingPartySite();
const { nextPush } = rpSite;
const RP_ORIGIN = rpSite.origin;
const LOGIN_REDIRECT = `${RP_ORIGIN}/login/callback`;
const SIGN_REDIRECT = `${RP_ORIGIN}/sign/result`;

const rp = newTestRelyingParty({ clientID: 'rp-sign', redirectUris: [LOGIN_REDIRECT, SIGN_REDIRECT], scopes: ['eidapi_auth', 'eidapi_sign'] });
rp.entry.client_name = /** @type {any} */ ('Sandbox Test Bank');
const tools = { createBrowser, formFor, press };

const bed = platformTestBed({ site: rpSite, prefix: 'iams-platform-sign-', parties: [rp] });

const { call } = bed;

/** @param {URL} getQr @param {'Approve' | 'Decline'} decision @param {(requestPage: string) => void} [look] */
const throughHostedPage = (getQr, decision, look) => throughHostedPageAs(tools, bed.sandbox.issuer, getQr, decision, look);

/** @param {string} scope */
const logIn = (scope) => logInAs(tools, bed.sandbox.issuer, rp.client, LOGIN_REDIRECT, scope);

/** @type {{ accessToken: string, openID: string }} */
let session;
/** @type {{ accessToken: string, openID: string }} */
let loginOnly;

const DOCUMENT = Buffer.from('Loan agreement no. 2026-0042 between Sandbox Test Bank and CHAN Tai Man.\n');
const HASH = createHash('sha256').update(DOCUMENT).digest('base64');
/** CHAN Tai Man's HKID K543210(3), without its check digit, hashed as the relying party does. */
const HKIC_HASH = createHash('sha256').update('K543210').digest('base64');

/** @param {Record<string, unknown>} [overrides] */
function signRequest(overrides = {}) {
  return {
    businessID: `sign-${Math.random().toString(36).slice(2, 10)}`, accessToken: session.accessToken, openID: session.openID,
    source: 'PC_Browser', redirectURI: SIGN_REDIRECT, state: 'sign_state-1', hashCode: HASH, HKICHash: HKIC_HASH,
    department: 'Loans Department', serviceName: 'Personal loan', documentName: 'Loan agreement 2026-0042', sigAlgo: 'SHA256withRSA', ...overrides,
  };
}

/** @param {string} ticketID */
function getQrWithTicket(ticketID) {
  const url = new URL('/api/v1/auth/getQR', bed.sandbox.issuer);
  url.searchParams.set('clientID', rp.client.clientID);
  url.searchParams.set('ticketID', ticketID);
  return url;
}

describe('hash signing for a logged-in resident, result pushed to the relying party', () => {
  before(async () => {
    session = await logIn('eidapi_auth eidapi_sign');
    loginOnly = await logIn('eidapi_auth');
  });

  test('approved: the pushed signature verifies over the document, and its certificate chains to the sandbox root CA', async () => {
    const request = signRequest();
    const initiated = await call('/api/v1/account/signing/initiateRequest', request);
    assert.equal(initiated.code, 'D00000', initiated.message);
    assert.equal(initiated.result.authByQR, true);
    assert.equal(typeof initiated.result.ticketID, 'string');

    const fingerprint = Buffer.from(HASH, 'base64').subarray(0, 8).toString('hex').toUpperCase().match(/.{4}/g)?.join(' ');
    const pushed = nextPush(5000);
    const landed = await throughHostedPage(getQrWithTicket(initiated.result.ticketID), 'Approve', (page) => {
      assert.match(page, /Sandbox Test Bank/);
      assert.match(page, new RegExp(RP_ORIGIN));
      assert.match(page, /Loan agreement 2026-0042/);
      assert.match(page, /Loans Department/);
      assert.match(page, /Personal loan/);
      assert.ok(page.includes(/** @type {string} */ (fingerprint)), `the hash's fingerprint ${fingerprint} is shown`);
    });
    assert.equal(landed.origin + landed.pathname, SIGN_REDIRECT);
    assert.deepEqual([...landed.searchParams.keys()], ['state'], 'nothing but state in the URL');
    assert.equal(landed.searchParams.get('state'), 'sign_state-1');

    const push = /** @type {{ url: string, body: string } | undefined} */ (await pushed);
    assert.ok(push, 'the result was pushed to the redirectURI');
    assert.equal(push.url, '/sign/result');
    const body = JSON.parse(push.body);
    assert.equal(body.code, 'D00000');
    assert.equal(body.businessID, request.businessID);
    const content = JSON.parse(decrypt(unwrapKey(rp.client.privateKeyPem, body.secretKey), body.content));
    assert.equal(content.businessID, request.businessID);
    assert.equal(content.hashCode, HASH);
    assert.equal(typeof content.timestamp, 'number');

    const certificate = new X509Certificate(Buffer.from(content.cert, 'base64'));
    const signature = Buffer.from(content.signature, 'base64');
    assert.ok(verify('sha256', DOCUMENT, certificate.publicKey, signature), 'the signature verifies over the original document');
    assert.ok(!verify('sha256', Buffer.concat([DOCUMENT, Buffer.from('x')]), certificate.publicKey, signature), 'and not over another');
    const root = new X509Certificate(await (await fetch(new URL('/csc/v2/ca.pem', bed.sandbox.issuer))).text());
    assert.ok(certificate.checkIssued(root) && certificate.verify(root.publicKey), 'the certificate was issued by the sandbox root CA');
    assert.match(certificate.subject, /CHAN Tai Man/);
    assert.ok(certificate.subject.includes(session.openID), 'it names the resident by the openID this client sees');

    const ack = await call('/api/v1/account/signing/ackResult', { businessID: request.businessID, signingResult: 'SR001' });
    assert.equal(ack.code, 'D00000', ack.message);
    const badAck = await call('/api/v1/account/signing/ackResult', { businessID: request.businessID, signingResult: 'SR003' });
    assert.equal(badAck.code, 'D70001');
    const unknownAck = await call('/api/v1/account/signing/ackResult', { businessID: 'never-pushed', signingResult: 'SR001' });
    assert.equal(unknownAck.code, 'D70001');
  });

  test('declined: the push says D40001 with the businessID and no content or key; no ackResult for it', async () => {
    const request = signRequest();
    const initiated = await call('/api/v1/account/signing/initiateRequest', request);
    const pushed = nextPush(5000);
    const landed = await throughHostedPage(getQrWithTicket(initiated.result.ticketID), 'Decline');
    assert.deepEqual([...landed.searchParams.keys()], ['state']);
    const push = /** @type {{ body: string } | undefined} */ (await pushed);
    assert.ok(push);
    const body = JSON.parse(push.body);
    assert.equal(body.code, 'D40001');
    assert.equal(body.businessID, request.businessID);
    assert.equal(body.content, undefined);
    assert.equal(body.secretKey, undefined);
    const ack = await call('/api/v1/account/signing/ackResult', { businessID: request.businessID, signingResult: 'SR002' });
    assert.equal(ack.code, 'D70001');
  });

  test('another resident\'s phone cannot approve: refused in the app, no signature pushed', async () => {
    const initiated = await call('/api/v1/account/signing/initiateRequest', signRequest());
    const desktop = createBrowser();
    const page = await (await desktop.request(getQrWithTicket(initiated.result.ticketID))).text();
    const ticket = /getQR\/continue\?ticket=([\w-]+)/.exec(page)?.[1];
    const phone = createBrowser();
    const { fields } = formFor(await (await phone.request(new URL('/app/code', bed.sandbox.issuer))).text(), 'Continue');
    fields.set('code', /** @type {string} */ (textOf(page, 'user-code')));
    const opened = await phone.follow(new URL('/app/code', bed.sandbox.issuer), bed.sandbox.issuer, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString(),
    });
    const request = await press(phone, bed.sandbox.issuer, await opened.response.text(), opened.location, 'LEE Ka Yan');
    const pushed = nextPush(500);
    const decided = await press(phone, bed.sandbox.issuer, await request.response.text(), request.location, 'Approve');
    assert.doesNotMatch(await decided.response.text(), /approved/i);
    const status = await (await desktop.request(new URL(`/api/v1/auth/getQR/status?ticket=${ticket}`, bed.sandbox.issuer))).json();
    assert.notEqual(status.status, 'approved');
    assert.equal(await pushed, undefined, 'nothing was pushed');
  });

  test('sigAlgo may be left out (SHA256withRSA); the ticketID works once (D60004 after)', async () => {
    const request = /** @type {Record<string, unknown>} */ (signRequest());
    delete request.sigAlgo;
    const initiated = await call('/api/v1/account/signing/initiateRequest', request);
    assert.equal(initiated.code, 'D00000', initiated.message);
    const url = getQrWithTicket(initiated.result.ticketID);
    assert.equal((await fetch(url)).status, 200);
    const again = await fetch(url);
    assert.equal(again.status, 400);
    assert.equal(textOf(await again.text(), 'error-code'), 'D60004');
  });

  for (const [name, overrides, code] of /** @type {[string, () => Record<string, unknown>, string][]} */ ([
    ['an HKICHash that is not the resident\'s', () => ({ HKICHash: createHash('sha256').update('A123456').digest('base64') }), 'D70005'],
    ['an HKICHash with the check digit', () => ({ HKICHash: createHash('sha256').update('K5432103').digest('base64') }), 'D70005'],
    ['a token without eidapi_sign', () => ({ accessToken: loginOnly.accessToken, openID: loginOnly.openID }), 'D70003'],
    ['a hashCode of 31 bytes', () => ({ hashCode: createHash('sha256').update(DOCUMENT).digest().subarray(0, 31).toString('base64') }), 'D70002'],
    ['a hashCode that is not Base64', () => ({ hashCode: `${HASH.slice(0, -2)}!=` }), 'D70002'],
    ['a hex hashCode', () => ({ hashCode: createHash('sha256').update(DOCUMENT).digest('hex') }), 'D70002'],
    ['an unknown sigAlgo', () => ({ sigAlgo: 'SHA1withRSA' }), 'D70004'],
    ['an unregistered redirectURI', () => ({ redirectURI: `${RP_ORIGIN}/elsewhere` }), 'D20008'],
    ['a businessID over 36 characters', () => ({ businessID: 'b'.repeat(37) }), 'D70001'],
    ['a documentName over 200 characters', () => ({ documentName: 'd'.repeat(201) }), 'D70001'],
    ['another resident\'s openID', () => ({ openID: 'someone-else' }), 'D50001'],
  ])) {
    test(`refused: ${name} → ${code}, no ticket and nothing pushed`, async () => {
      const pushed = nextPush(300);
      const refused = await call('/api/v1/account/signing/initiateRequest', signRequest(overrides()));
      assert.equal(refused.code, code, refused.message);
      assert.equal(refused.content, undefined);
      assert.equal(await pushed, undefined, 'nothing was pushed');
    });
  }
});
