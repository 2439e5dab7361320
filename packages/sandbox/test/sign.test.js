// The sandbox signing service: its CA in the data folder, and the CSC API v2 subset driven over
// real HTTP through a device-flow approval in the phone-app simulator.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import assert from 'node:assert/strict';
import { X509Certificate, createHash, createHmac, verify } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO_ORIGIN, createBrowser, press, startTestSandbox } from './helpers.js';

x509.cryptoProvider.set(globalThis.crypto);

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const SHA256_WITH_RSA_OID = '1.2.840.113549.1.1.11';
const DOCUMENT = Buffer.from('Tenancy agreement\nFlat C, 12/F, Block 3, Sandbox Garden\nRent: HK$18,000 a month\n');
const DOCUMENT_HASH = createHash('sha256').update(DOCUMENT).digest('base64');
const OTHER_HASH = createHash('sha256').update('another document').digest('base64');

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;

before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox.stop();
});

/** @param {{ credentialID?: string, hashes?: string[] }} [options] */
const credentialDetails = ({ credentialID = 'default', hashes = [DOCUMENT_HASH] } = {}) => [{
  type: 'credential',
  credentialID,
  documentDigests: hashes.map((hash, index) => ({ hash, label: `document-${index + 1}.txt` })),
  hashAlgorithmOID: SHA256_OID,
}];

/** @param {Record<string, string>} fields */
function deviceAuthorization(fields) {
  return fetch(new URL('/device/auth', sandbox.issuer), {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ client_id: 'demo-site', scope: 'openid', ...fields }),
  });
}

/**
 * A device authorization, approved in the simulator by a resident (QR link, resident, code,
 * Approve), then the token response.
 * @param {{ details?: unknown[], resident?: string }} [options]
 */
async function approvedTokens({ details = credentialDetails(), resident = 'CHAN Tai Man' } = {}) {
  const response = await deviceAuthorization(details.length ? { authorization_details: JSON.stringify(details) } : {});
  assert.equal(response.status, 200, await response.clone().text());
  const session = await response.json();
  const h = createHmac('sha256', Buffer.from(session.iamsmart_qr_start_secret, 'utf8'))
    .update(`${session.iamsmart_qr_start_token}.0`).digest('base64url');
  const link = new URL(session.iamsmart_qr_uri);
  link.search = new URLSearchParams({ s: session.iamsmart_qr_start_token, t: '0', h }).toString();

  const browser = createBrowser();
  let step = await browser.follow(link, sandbox.issuer);
  for (const name of [resident, session.user_code, 'Approve']) {
    assert.equal(step.response.status, 200, `${step.location.href} answered ${step.response.status}`);
    step = await press(browser, sandbox.issuer, await step.response.text(), step.location, name);
  }
  const token = await fetch(new URL('/token', sandbox.issuer), {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: session.device_code, client_id: 'demo-site' }),
  });
  assert.equal(token.status, 200, await token.clone().text());
  return token.json();
}

/**
 * @param {string} operation "credentials/info" or "signatures/signHash"
 * @param {unknown} body
 * @param {{ token?: string, origin?: string }} [options]
 */
function csc(operation, body, { token, origin } = {}) {
  return fetch(new URL(`/csc/v2/${operation}`, sandbox.issuer), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(origin ? { origin } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** @param {string} credentialID @param {string[]} hashes */
const signHashBody = (credentialID, hashes) => ({ credentialID, hashes, hashAlgorithmOID: SHA256_OID, signAlgo: SHA256_WITH_RSA_OID });

/** @param {Response} response @param {number} status @param {string} error */
async function assertError(response, status, error) {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  assert.equal(body.error, error);
  assert.equal(typeof body.error_description, 'string');
  return body;
}

/** @param {string} base64 */
const pem = (base64) => `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;

test('the signing CA is kept in the data folder (0600) and reused on restart', async () => {
  const files = (await readdir(sandbox.dataDir)).filter((name) => name.startsWith('signing-'));
  assert.ok(files.includes('signing-root.json'));
  assert.ok(files.includes('signing-res-chan-tai-man.json'));
  assert.equal(files.length, 7, 'the root and one credential per resident');
  for (const name of files) assert.equal((await stat(join(sandbox.dataDir, name))).mode & 0o777, 0o600, name);

  const root = new X509Certificate(sandbox.signingRootPem);
  assert.match(root.subject, /CN=iAM Smart Sandbox Root CA/);
  assert.equal(root.ca, true);
  assert.equal(root.checkIssued(root), true, 'self-signed');
  assert.equal(root.verify(root.publicKey), true);
  const served = await fetch(new URL('/csc/v2/ca.pem', sandbox.issuer));
  assert.equal(served.status, 200);
  assert.equal(await served.text(), sandbox.signingRootPem);

  const restarted = await startTestSandbox({ dataDir: sandbox.dataDir });
  try {
    assert.equal(new X509Certificate(restarted.signingRootPem).fingerprint256, root.fingerprint256);
  } finally {
    await restarted.close();
  }
});

test('a kept resident certificate that the root did not issue stops the start', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'iams-signing-'));
  try {
    await (await startTestSandbox({ dataDir })).close();
    await rm(join(dataDir, 'signing-root.json'));
    await assert.rejects(startTestSandbox({ dataDir }), /signing-res-\S+ was not issued by the sandbox root CA/);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a resident\'s certificate names the resident and chains to the root with the right key usage', async () => {
  const stored = JSON.parse(await readFile(join(sandbox.dataDir, 'signing-res-chan-tai-man.json'), 'utf8'));
  const leaf = new x509.X509Certificate(stored.cert);
  const root = new x509.X509Certificate(sandbox.signingRootPem);
  assert.equal(leaf.subjectName.getField('CN')[0], 'CHAN Tai Man');
  assert.equal(leaf.subjectName.getField('O')[0], 'iAM Smart Sandbox');
  assert.equal(await leaf.verify({ publicKey: root }), true);
  const chain = await new x509.X509ChainBuilder({ certificates: [root] }).build(leaf);
  assert.deepEqual([...chain].map((certificate) => certificate.subject), [leaf.subject, root.subject]);
  const usage = /** @type {x509.KeyUsagesExtension} */ (leaf.getExtension(x509.KeyUsagesExtension));
  assert.equal(usage.usages, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
  const rootUsage = /** @type {x509.KeyUsagesExtension} */ (root.getExtension(x509.KeyUsagesExtension));
  assert.equal(rootUsage.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
  const years = (leaf.notAfter.getTime() - leaf.notBefore.getTime()) / (365 * 24 * 3600 * 1000);
  assert.ok(years > 1.99 && years < 2.01, `valid ${years} years`);
});

test('discovery advertises the signing service: its base URL serves the CSC operations and the root', async () => {
  const discovery = await (await fetch(sandbox.discoveryUrl)).json();
  const endpoint = discovery.iamsmart_signing_endpoint;
  assert.equal(endpoint, `${sandbox.issuer}/csc/v2`);
  for (const operation of ['credentials/info', 'signatures/signHash']) {
    const response = await fetch(`${endpoint}/${operation}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await assertError(response, 401, 'invalid_token');
  }
  assert.equal(await (await fetch(`${endpoint}/ca.pem`)).text(), sandbox.signingRootPem);
});

test('full flow: approve a document in the app, then credentials/info and signHash; the signature verifies over the document', async () => {
  const discovery = await (await fetch(sandbox.discoveryUrl)).json();
  assert.deepEqual(discovery.authorization_details_types_supported, ['credential', 'eme']);
  const tokens = await approvedTokens();
  assert.equal(tokens.authorization_details[0].credentialID, 'sandbox-res-chan-tai-man', '"default" became the resident\'s credential');
  const userinfo = await fetch(new URL('/me', sandbox.issuer), { headers: { authorization: `Bearer ${tokens.access_token}` } });
  assert.equal(userinfo.status, 200, 'an openid signing token still works at userinfo');

  const infoResponse = await csc('credentials/info', { credentialID: 'default' }, { token: tokens.access_token, origin: DEMO_ORIGIN });
  assert.equal(infoResponse.status, 200, await infoResponse.clone().text());
  assert.equal(infoResponse.headers.get('access-control-allow-origin'), DEMO_ORIGIN);
  const info = await infoResponse.json();
  assert.equal(info.credentialID, 'sandbox-res-chan-tai-man');
  assert.deepEqual(info.key, { status: 'enabled', algo: [SHA256_WITH_RSA_OID], len: 2048 });
  assert.equal(info.cert.status, 'valid');
  assert.match(info.cert.subjectDN, /CN=CHAN Tai Man/);
  assert.match(info.cert.validFrom, /^\d{14}Z$/);
  const [leafPem, rootPem] = info.cert.certificates.map(pem);
  const leaf = new X509Certificate(leafPem);
  const root = new X509Certificate(rootPem);
  assert.equal(root.fingerprint256, new X509Certificate(sandbox.signingRootPem).fingerprint256);
  // The certificate names the resident who approved by the `sub` this client sees (its pseudonym),
  // with the resident's own signing key.
  const { sub } = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString('utf8'));
  const named = new x509.X509Certificate(leafPem);
  assert.deepEqual(named.subjectName.getField('2.5.4.65'), [sub]);
  assert.equal(named.subjectName.getField('CN')[0], 'CHAN Tai Man');
  assert.ok(info.cert.subjectDN.includes(sub), info.cert.subjectDN);
  const stored = new X509Certificate(JSON.parse(await readFile(join(sandbox.dataDir, 'signing-res-chan-tai-man.json'), 'utf8')).cert);
  assert.equal(leaf.publicKey.export({ format: 'der', type: 'spki' }).toString('hex'), stored.publicKey.export({ format: 'der', type: 'spki' }).toString('hex'));
  const again = await (await csc('credentials/info', { credentialID: 'default' }, { token: tokens.access_token })).json();
  assert.equal(again.cert.certificates[0], info.cert.certificates[0], 'the same certificate for the same resident and client');

  const signResponse = await csc('signatures/signHash', signHashBody(info.credentialID, [DOCUMENT_HASH]), { token: tokens.access_token, origin: DEMO_ORIGIN });
  assert.equal(signResponse.status, 200, await signResponse.clone().text());
  assert.equal(signResponse.headers.get('access-control-allow-origin'), DEMO_ORIGIN);
  const { signatures } = await signResponse.json();
  assert.equal(signatures.length, 1);
  const signature = Buffer.from(signatures[0], 'base64');
  assert.equal(verify('sha256', DOCUMENT, leaf.publicKey, signature), true, 'SHA256withRSA over the document');
  assert.equal(verify('sha256', Buffer.from('tampered'), leaf.publicKey, signature), false);
  assert.equal(leaf.checkIssued(root), true);
  assert.equal(leaf.verify(root.publicKey), true, 'the leaf chains to the sandbox root');

  // Each approved hash is signed once.
  await assertError(await csc('signatures/signHash', signHashBody(info.credentialID, [DOCUMENT_HASH]), { token: tokens.access_token }), 400, 'invalid_request');
});

test('signHash refuses a hash outside the grant, a wrong length, another credential, bad algorithms', async () => {
  const tokens = await approvedTokens();
  const credentialID = 'sandbox-res-chan-tai-man';
  const token = tokens.access_token;
  const notGranted = await assertError(await csc('signatures/signHash', signHashBody(credentialID, [OTHER_HASH]), { token }), 400, 'invalid_request');
  assert.match(notGranted.error_description, /not among the documents/);
  const short = await assertError(await csc('signatures/signHash', signHashBody(credentialID, [Buffer.alloc(31, 7).toString('base64')]), { token }), 400, 'invalid_request');
  assert.match(short.error_description, /31 bytes/);
  await assertError(await csc('signatures/signHash', signHashBody('sandbox-res-lee-ka-yan', [DOCUMENT_HASH]), { token }), 400, 'invalid_request');
  await assertError(await csc('signatures/signHash', { ...signHashBody(credentialID, [DOCUMENT_HASH]), signAlgo: '1.2.840.113549.1.1.5' }, { token }), 400, 'invalid_request');
  await assertError(await csc('signatures/signHash', { ...signHashBody(credentialID, [DOCUMENT_HASH]), hashAlgorithmOID: '1.3.14.3.2.26' }, { token }), 400, 'invalid_request');
  await assertError(await csc('signatures/signHash', signHashBody(credentialID, [DOCUMENT_HASH, DOCUMENT_HASH]), { token }), 400, 'invalid_request');
  // None of the refusals used up the approval.
  const ok = await csc('signatures/signHash', signHashBody(credentialID, [DOCUMENT_HASH]), { token });
  assert.equal(ok.status, 200, await ok.clone().text());
  const twice = await assertError(await csc('signatures/signHash', signHashBody(credentialID, [DOCUMENT_HASH]), { token }), 400, 'invalid_request');
  assert.match(twice.error_description, /already signed/);
});

test('no token, a bad token, or a token without signing approval is refused', async () => {
  const body = signHashBody('sandbox-res-chan-tai-man', [DOCUMENT_HASH]);
  const none = await csc('signatures/signHash', body, { origin: DEMO_ORIGIN });
  await assertError(none, 401, 'invalid_token');
  assert.match(String(none.headers.get('www-authenticate')), /^Bearer .*error="invalid_token"/);
  assert.equal(none.headers.get('access-control-allow-origin'), DEMO_ORIGIN, 'the page can read why');
  const bad = await csc('credentials/info', { credentialID: 'default' }, { token: 'not-a-token' });
  await assertError(bad, 401, 'invalid_token');
  assert.match(String(bad.headers.get('www-authenticate')), /^Bearer /);

  const login = await approvedTokens({ details: [] });
  assert.equal(login.authorization_details, undefined);
  const plain = await csc('signatures/signHash', body, { token: login.access_token });
  await assertError(plain, 403, 'insufficient_scope');
  assert.match(String(plain.headers.get('www-authenticate')), /error="insufficient_scope"/);
});

test('CORS: only a registered origin of the token\'s client', async () => {
  const tokens = await approvedTokens();
  const foreign = await csc('credentials/info', { credentialID: 'default' }, { token: tokens.access_token, origin: 'http://evil.example' });
  await assertError(foreign, 403, 'invalid_request');
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  const preflight = await fetch(new URL('/csc/v2/signatures/signHash', sandbox.issuer), {
    method: 'OPTIONS',
    headers: { origin: DEMO_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), DEMO_ORIGIN);
  assert.match(String(preflight.headers.get('access-control-allow-headers')), /Authorization/);
  const foreignPreflight = await fetch(new URL('/csc/v2/signatures/signHash', sandbox.issuer), {
    method: 'OPTIONS',
    headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
  });
  assert.equal(foreignPreflight.status, 403);
  assert.equal(foreignPreflight.headers.get('access-control-allow-origin'), null);
});

test('the device authorization request refuses malformed credential details', async () => {
  const cases = [
    [{ ...credentialDetails()[0], hashAlgorithmOID: '1.3.14.3.2.26' }],
    credentialDetails({ hashes: [Buffer.alloc(31).toString('base64')] }),
    credentialDetails({ hashes: [] }),
    credentialDetails({ credentialID: 'someone-else' }),
    [{ type: 'payment', amount: 1 }],
  ];
  for (const details of cases) {
    const response = await deviceAuthorization({ authorization_details: JSON.stringify(details) });
    const body = await response.json();
    assert.equal(response.status, 400, JSON.stringify(details));
    assert.equal(body.error, 'invalid_authorization_details', JSON.stringify(body));
  }
});
