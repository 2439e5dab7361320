// PDF signing against the real bed.sandbox, as a relying party written from
// ../shared/design/PLATFORM.md does it: the relying party prepares a PDF for signing (a signature
// dictionary whose /ByteRange leaves out a /Contents placeholder), hashes the byte ranges itself
// and sends that docDigest to /api/v1/account/pdfsigning/initiateRequest (after a login) or
// /api/v1/anonymous/pdfsigning/initiateRequest; the resident approves in the phone simulator; the
// answer is a Base64 detached CMS SignedData (adbe.pkcs7.detached), which this test puts into the
// placeholder and then checks as a PDF reader would, with node-forge for the ASN.1 and node:crypto
// for the signature: messageDigest = the byte ranges' SHA-256, the signature over the DER of the
// signed attributes with the signer certificate's key, that certificate issued by the sandbox root.
import assert from 'node:assert/strict';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { before, describe, test } from 'node:test';
import forge from 'node-forge';
import { createBrowser, formFor, press } from './helpers.js';
import { platformTestBed } from './platform-bed.js';
import { decrypt, logIn as logInAs, newTestRelyingParty, startRelyingPartySite, throughHostedPage as throughHostedPageAs, unwrapKey } from './platform-support.js';

const rpSite = await startRelyingPartySite();
const { nextPush } = rpSite;
const RP_ORIGIN = rpSite.origin;
const LOGIN_REDIRECT = `${RP_ORIGIN}/login/callback`;
const SIGN_REDIRECT = `${RP_ORIGIN}/pdf/result`;

const rp = newTestRelyingParty({ clientID: 'rp-pdf-sign', redirectUris: [LOGIN_REDIRECT, SIGN_REDIRECT], scopes: ['eidapi_auth', 'eidapi_sign'] });
rp.entry.client_name = /** @type {any} */ ('Sandbox Land Registry');
const tools = { createBrowser, formFor, press };
/** @type {X509Certificate} */
let root;

const bed = platformTestBed({
  site: rpSite, prefix: 'iams-platform-pdf-sign-', parties: [rp],
  started: async (sandbox) => { root = new X509Certificate(await (await fetch(new URL('/csc/v2/ca.pem', sandbox.issuer))).text()); },
});

const { call } = bed;

/** CHAN Tai Man's HKID K543210(3), without its check digit, hashed as the relying party does. */
const HKIC_HASH = createHash('sha256').update('K543210').digest('base64');
const PLACEHOLDER_HEX = 16384;

/**
 * A PDF prepared for signing: its signature dictionary's /ByteRange covers everything but the
 * /Contents placeholder `<00…00>`; fixed-width numbers, so filling them in moves nothing.
 * @param {string} text what the page says
 */
function preparedPdf(text) {
  const layout = (/** @type {number[]} */ range) => `%PDF-1.7
1 0 obj << /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] /Contents 6 0 R >> endobj
4 0 obj << /FT /Sig /T (Resident) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /V 5 0 R >> endobj
6 0 obj << /Length ${text.length} >> stream
${text}
endstream endobj
5 0 obj << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [${range.map((n) => String(n).padStart(10, '0')).join(' ')}] /Contents `;
  const tail = ' >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  const start = layout([0, 0, 0, 0]).length;
  const end = start + PLACEHOLDER_HEX + 2;
  const head = layout([0, start, end, tail.length]);
  return Buffer.from(`${head}<${'0'.repeat(PLACEHOLDER_HEX)}>${tail}`, 'latin1');
}

/** The /ByteRange of a prepared or signed PDF. @param {Buffer} pdf */
const byteRange = (pdf) => /** @type {RegExpExecArray} */ (/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(pdf.toString('latin1'))).slice(1).map(Number);

/** Base64 SHA-256 of the signed byte ranges: the docDigest. @param {Buffer} pdf */
function digestOf(pdf) {
  const [a, b, c, d] = byteRange(pdf);
  return createHash('sha256').update(pdf.subarray(a, a + b)).update(pdf.subarray(c, c + d)).digest('base64');
}

/** The PDF with the CMS in its placeholder (hex, zero-padded). @param {Buffer} pdf @param {Buffer} cms */
function embed(pdf, cms) {
  const [, start] = byteRange(pdf);
  const hex = cms.toString('hex').toUpperCase();
  assert.ok(hex.length <= PLACEHOLDER_HEX, 'the signature fits the placeholder');
  const signed = Buffer.from(pdf);
  signed.write(hex, start + 1, 'latin1');
  return signed;
}

/**
 * Checks the signed PDF as a reader would: /Contents' CMS SignedData, detached, over these byte
 * ranges. Answers the signer certificate, the certificates carried and the signing time.
 * @param {Buffer} pdf
 */
function checkSignedPdf(pdf) {
  const [, start, end] = byteRange(pdf);
  const contents = Buffer.from(pdf.subarray(start + 1, end - 1).toString('latin1'), 'hex');
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(contents.toString('binary')), { parseAllBytes: false });
  assert.equal(forge.asn1.derToOid(/** @type {any} */ (asn1.value[0]).value), forge.pki.oids.signedData);
  const message = /** @type {any} */ (forge.pkcs7.messageFromAsn1(asn1));
  const raw = message.rawCapture;
  assert.equal(raw.content, undefined, 'detached: no encapsulated content');
  assert.equal(forge.asn1.derToOid(raw.contentType), forge.pki.oids.data);
  assert.equal(forge.asn1.derToOid(raw.digestAlgorithm), forge.pki.oids.sha256);

  /** @type {Map<string, any>} attribute type → its single value */
  const attributes = new Map(raw.authenticatedAttributes.map((/** @type {any} */ attribute) => [forge.asn1.derToOid(attribute.value[0].value), attribute.value[1].value[0]]));
  assert.equal(forge.asn1.derToOid(attributes.get(forge.pki.oids.contentType).value), forge.pki.oids.data);
  const messageDigest = Buffer.from(attributes.get(forge.pki.oids.messageDigest).value, 'binary').toString('base64');
  assert.equal(messageDigest, digestOf(pdf), 'messageDigest is the SHA-256 of the byte ranges');
  const signingTime = forge.asn1.utcTimeToDate(attributes.get(forge.pki.oids.signingTime).value);

  const certificates = raw.certificates.value.map((/** @type {any} */ node) => new X509Certificate(Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary')));
  const serial = forge.util.bytesToHex(raw.serial).toUpperCase().replace(/^0+/, '');
  const signer = certificates.find((certificate) => certificate.serialNumber.replace(/^0+/, '') === serial);
  assert.ok(signer, 'the signer\'s certificate is carried');
  // RFC 5652 §5.4: the signature covers the DER of the signed attributes as a SET OF.
  const signedAttributes = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, raw.authenticatedAttributes)).getBytes();
  const signature = Buffer.from(raw.signature, 'binary');
  assert.ok(verify('sha256', Buffer.from(signedAttributes, 'binary'), signer.publicKey, signature), 'the signature verifies over the signed attributes');
  assert.ok(signer.checkIssued(root) && signer.verify(root.publicKey), 'the signer certificate was issued by the sandbox root CA');
  assert.ok(certificates.some((certificate) => certificate.fingerprint256 === root.fingerprint256), 'the CMS carries the root too');
  return { signer, signingTime, signature, signedAttributes };
}

/** @param {string} ticketID */
function getQrWithTicket(ticketID) {
  const url = new URL('/api/v1/auth/getQR', bed.sandbox.issuer);
  url.searchParams.set('clientID', rp.client.clientID);
  url.searchParams.set('ticketID', ticketID);
  return url;
}

/** @param {URL} getQr @param {'Approve' | 'Decline'} decision @param {(requestPage: string) => void} [look] */
const throughHostedPage = (getQr, decision, look) => throughHostedPageAs(tools, bed.sandbox.issuer, getQr, decision, look);

const PDF = preparedPdf('BT /F1 12 Tf 72 760 Td (Assignment of lease, Flat 12A, Sandbox Court) Tj ET');
const DOC_DIGEST = digestOf(PDF);

/** @param {Record<string, unknown>} [overrides] */
function pdfRequest(overrides = {}) {
  return {
    businessID: `pdf-${Math.random().toString(36).slice(2, 10)}`, source: 'PC_Browser', redirectURI: SIGN_REDIRECT, state: 'pdf_state-1',
    docDigest: DOC_DIGEST, department: 'Land Registry', serviceName: 'Lease assignment', documentName: 'Assignment of lease (PDF)',
    sigAlgo: 'SHA256withRSA', ...overrides,
  };
}

describe('PDF signing for a logged-in resident: docDigest in, a detached CMS signature pushed', () => {
  /** @type {{ accessToken: string, openID: string }} */
  let session;
  before(async () => {
    session = await logInAs(tools, bed.sandbox.issuer, rp.client, LOGIN_REDIRECT, 'eidapi_auth eidapi_sign');
  });
  /** @param {Record<string, unknown>} [overrides] */
  const accountRequest = (overrides = {}) => pdfRequest({ accessToken: session.accessToken, openID: session.openID, HKICHash: HKIC_HASH, ...overrides });

  test('approved: the pushed PKCS#7 goes into the PDF and verifies as a reader checks it', async () => {
    const request = accountRequest();
    const initiated = await call('/api/v1/account/pdfsigning/initiateRequest', request);
    assert.equal(initiated.code, 'D00000', initiated.message);
    assert.equal(initiated.result.authByQR, true);
    const fingerprint = Buffer.from(DOC_DIGEST, 'base64').subarray(0, 8).toString('hex').toUpperCase().match(/.{4}/g)?.join(' ');
    const pushed = nextPush(5000);
    const landed = await throughHostedPage(getQrWithTicket(initiated.result.ticketID), 'Approve', (page) => {
      assert.match(page, /Sandbox Land Registry/);
      assert.match(page, /Assignment of lease \(PDF\)/);
      assert.ok(page.includes(/** @type {string} */ (fingerprint)), `the digest's fingerprint ${fingerprint} is shown`);
    });
    assert.deepEqual([...landed.searchParams.keys()], ['state']);
    const push = /** @type {{ body: string } | undefined} */ (await pushed);
    assert.ok(push, 'the result was pushed');
    const body = JSON.parse(push.body);
    assert.equal(body.code, 'D00000');
    const content = JSON.parse(decrypt(unwrapKey(rp.client.privateKeyPem, body.secretKey), body.content));
    assert.deepEqual(Object.keys(content), ['businessID', 'docDigest', 'timestamp', 'signature', 'cert']);
    assert.equal(content.docDigest, DOC_DIGEST);

    const signed = embed(PDF, Buffer.from(content.signature, 'base64'));
    const { signer, signingTime, signature, signedAttributes } = checkSignedPdf(signed);
    assert.equal(signer.fingerprint256, new X509Certificate(Buffer.from(content.cert, 'base64')).fingerprint256, 'the signer is the cert answered');
    assert.ok(signer.subject.includes(session.openID) && /CHAN Tai Man/.test(signer.subject));
    assert.ok(Math.abs(signingTime.getTime() - content.timestamp) < 1000, 'signingTime is the result\'s timestamp');

    // A PDF changed after signing no longer matches its messageDigest.
    const tampered = Buffer.from(signed);
    tampered.write('Flat 13B', signed.indexOf('Flat 12A'), 'latin1');
    assert.throws(() => checkSignedPdf(tampered), /messageDigest/);
    const flipped = Buffer.from(signedAttributes, 'binary');
    flipped[flipped.length - 1] ^= 1;
    assert.ok(!verify('sha256', flipped, signer.publicKey, signature), 'nor does the signature cover other attributes');

    const ack = await call('/api/v1/account/signing/ackResult', { businessID: request.businessID, signingResult: 'SR001' });
    assert.equal(ack.code, 'D00000', ack.message);
  });

  test('declined: the push says D40001 without content', async () => {
    const request = accountRequest();
    const initiated = await call('/api/v1/account/pdfsigning/initiateRequest', request);
    const pushed = nextPush(5000);
    await throughHostedPage(getQrWithTicket(initiated.result.ticketID), 'Decline');
    const body = JSON.parse(/** @type {{ body: string }} */ (await pushed).body);
    assert.deepEqual([body.code, body.businessID, body.content, body.secretKey], ['D40001', request.businessID, undefined, undefined]);
  });

  for (const [name, overrides, code] of /** @type {[string, Record<string, unknown>, string][]} */ ([
    ['an HKICHash that is not the resident\'s', { HKICHash: createHash('sha256').update('A123456').digest('base64') }, 'D70005'],
    ['no docDigest', { docDigest: undefined }, 'D70002'],
    ['a hashCode instead of a docDigest', { docDigest: undefined, hashCode: DOC_DIGEST }, 'D70002'],
    ['a docDigest of 31 bytes', { docDigest: Buffer.from(DOC_DIGEST, 'base64').subarray(0, 31).toString('base64') }, 'D70002'],
    ['a state over 36 characters', { state: 's'.repeat(37) }, 'D70001'],
    ['an unregistered redirectURI', { redirectURI: `${RP_ORIGIN}/elsewhere` }, 'D20008'],
  ])) {
    test(`refused: ${name} → ${code}, no ticket and nothing pushed`, async () => {
      const pushed = nextPush(300);
      const refused = await call('/api/v1/account/pdfsigning/initiateRequest', accountRequest(overrides));
      assert.deepEqual([refused.code, refused.content], [code, undefined], refused.message);
      assert.equal(await pushed, undefined, 'nothing was pushed');
    });
  }
});

describe('anonymous PDF signing: code, getToken, then getResult answers the detached CMS signature', () => {
  test('approved: getResult\'s PKCS#7 verifies in the PDF; the hash signing getResult refuses its token', async () => {
    const request = pdfRequest({ lang: 'zh-HK' });
    const initiated = await call('/api/v1/anonymous/pdfsigning/initiateRequest', request);
    assert.equal(initiated.code, 'D00000', initiated.message);
    const landed = await throughHostedPage(getQrWithTicket(initiated.result.ticketID), 'Approve');
    assert.equal(landed.searchParams.get('state'), 'pdf_state-1');
    const code = landed.searchParams.get('code');
    const token = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
    assert.equal(token.code, 'D00000', token.message);
    const { accessToken } = token.result;
    const reused = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
    assert.equal(reused.code, 'D40004', 'the code works once');

    const asHash = await call('/api/v1/anonymous/signing/getResult', { accessToken, businessID: request.businessID });
    assert.deepEqual([asHash.code, asHash.content], ['D29023', undefined]);
    const result = await call('/api/v1/anonymous/pdfsigning/getResult', { accessToken, businessID: request.businessID });
    assert.equal(result.code, 'D00000', result.message);
    assert.deepEqual(Object.keys(result.result), ['businessID', 'docDigest', 'timestamp', 'signature', 'cert']);
    const { signer } = checkSignedPdf(embed(PDF, Buffer.from(result.result.signature, 'base64')));
    assert.ok(signer.subject.includes(token.result.openID));
  });

  test('declined: error_code D20001 + state', async () => {
    const initiated = await call('/api/v1/anonymous/pdfsigning/initiateRequest', pdfRequest());
    const landed = await throughHostedPage(getQrWithTicket(initiated.result.ticketID), 'Decline');
    assert.equal(landed.searchParams.get('error_code'), 'D20001');
    assert.equal(landed.searchParams.get('code'), null);
  });

  test('refused like the account path: no docDigest D70002, a bad state D70001, an unregistered redirectURI D20008', async () => {
    for (const [overrides, code] of /** @type {[Record<string, unknown>, string][]} */ ([
      [{ docDigest: undefined }, 'D70002'], [{ state: 's'.repeat(37) }, 'D70001'], [{ redirectURI: `${RP_ORIGIN}/x` }, 'D20008'],
    ])) {
      const refused = await call('/api/v1/anonymous/pdfsigning/initiateRequest', pdfRequest(overrides));
      assert.deepEqual([refused.code, refused.content], [code, undefined], refused.message);
    }
  });
});
