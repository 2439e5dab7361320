// End to end: signing a document between a desktop on the demo site's signing page and a phone on
// the sandbox's phone-app simulator, in Debian's Chromium. The QR is read from the desktop's
// pixels; the fingerprint the desktop shows is matched against the phone's and against the
// document's own SHA-256 computed here; after Approve the signature the page reports is checked
// again in Node with node:crypto — over the document's bytes, with the leaf certificate, and the
// leaf against the sandbox's root — independently of the SDK's own verification.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  assertAccessible,
  assertDevicesClean,
  IDENTIFICATION_CODE as CODE,
  identificationCode,
  openDesktopAndPhone,
  openOnPhone,
  qrImage,
  scanQr,
  screenshot,
  twoDeviceSuite,
  webStorage,
  looksLikeToken,
} from './harness.js';

const RESIDENT = 'CHAN Tai Man';
const SAMPLE = '/assets/sample-tenancy-agreement.pdf';
const LOOSE_RATE_LIMIT = { max: 1000, windowSeconds: 60 };

const suite = twoDeviceSuite({ crossDevice: { rateLimit: LOOSE_RATE_LIMIT } });

/** The first 8 bytes of a SHA-256 in hex groups of four, as the app and the dialog show it. */
const fingerprintOf = (digest) => digest.subarray(0, 8).toString('hex').toUpperCase().match(/.{4}/g).join(' ');

/** Opens both devices; the desktop keeps every `iams-signed` detail and `iams-state` it sees. */
async function openDevices() {
  suite.devices = await openDesktopAndPhone(suite.browser);
  await suite.devices.desktop.page.addInitScript(() => {
    window.__iamsStates = [];
    window.__iamsSigned = [];
    document.addEventListener('iams-state', (event) => window.__iamsStates.push(event.detail.state));
    document.addEventListener('iams-signed', (event) => window.__iamsSigned.push(event.detail));
  });
  return suite.devices;
}

/** Opens the signing dialog for whatever document the page has chosen; returns the dialog and its QR login. */
async function openSigningDialog(page) {
  await page.getByRole('button', { name: 'Signing with iAM Smart', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  return { dialog, qrLogin: dialog.locator('iams-qr-login') };
}

/** The fingerprint the dialog shows for the document. */
async function desktopFingerprint(dialog) {
  const fingerprint = dialog.getByText(/^[0-9A-F]{4}( [0-9A-F]{4}){3}$/);
  await fingerprint.waitFor();
  return (await fingerprint.textContent()).trim();
}

/** On the phone: the fingerprint shown for the (one) document to sign. */
async function phoneFingerprint(phone) {
  const fingerprint = phone.locator('code.fingerprint');
  await fingerprint.waitFor();
  return (await fingerprint.textContent()).trim();
}

/**
 * Checks a reported signature in Node alone: the hash is the document's, RSASSA-PKCS1-v1_5 with
 * SHA-256 over the document verifies with the leaf's key, the leaf names the resident (by name
 * and by the sub the site sees) and is issued and signed by the sandbox's root.
 */
function verifyInNode(result, documentBytes) {
  assert.equal(result.hash, createHash('sha256').update(documentBytes).digest('base64'), 'the signed hash is the document\'s');
  assert.equal(result.algorithm, '1.2.840.113549.1.1.11');
  const [leafPem] = result.certificateChain;
  const leaf = new X509Certificate(leafPem);
  const root = new X509Certificate(suite.stack.signingRootPem);
  assert.ok(verify('sha256', documentBytes, leaf.publicKey, Buffer.from(result.signature, 'base64')), 'the signature verifies over the document');
  assert.ok(leaf.checkIssued(root), 'the leaf is issued by the sandbox root');
  assert.ok(leaf.verify(root.publicKey), 'the leaf is signed by the sandbox root');
  assert.match(leaf.subject, new RegExp(`CN=${RESIDENT}`));
  // The leaf names the approving resident by the pairwise sub this site sees (decision 028).
  assert.match(String(result.sub), /^[\w-]{20,}$/, 'the result carries the resident\'s sub');
  assert.ok(leaf.subject.split('\n').includes(`pseudonym=${result.sub}`), `the leaf's pseudonym is the sub: ${leaf.subject}`);
  const now = Date.now();
  assert.ok(Date.parse(leaf.validFrom) <= now && now <= Date.parse(leaf.validTo), 'the leaf is valid now');
  assert.equal(result.signer, RESIDENT);
}

/** Scans, picks the resident, checks the fingerprints, taps the desktop's code and presses `action`. */
async function scanAndAnswer({ dialog, qrLogin }, expectedFingerprint, action) {
  const { desktop, phone } = suite.devices;
  const payload = await scanQr(qrLogin);
  const code = await identificationCode(qrLogin);
  assert.equal(await desktopFingerprint(dialog), expectedFingerprint, 'the desktop shows the document\'s fingerprint');
  await openOnPhone(phone.page, payload, RESIDENT);
  assert.equal(await phoneFingerprint(phone.page), expectedFingerprint, 'the app shows the same fingerprint');
  await phone.page.getByRole('button', { name: code, exact: true }).click();
  await phone.page.getByRole('button', { name: action, exact: true }).click();
  return { desktop, phone, code };
}

describe('Signing a document: desktop and phone', () => {
  test('the sample tenancy agreement: QR read from pixels, fingerprint and code matched, approved; the signature verifies in Node', async () => {
    const { desktop, phone } = await openDevices();
    const documentBytes = Buffer.from(await (await fetch(`${suite.stack.origin}${SAMPLE}`)).arrayBuffer());
    assert.equal(documentBytes.subarray(0, 5).toString(), '%PDF-', 'the sample is a PDF');
    const expected = fingerprintOf(createHash('sha256').update(documentBytes).digest());

    await desktop.page.goto(`${suite.stack.origin}/sign.html?mode=oidc`);
    const opened = await openSigningDialog(desktop.page);
    await qrImage(opened.qrLogin).waitFor();
    await assertAccessible(desktop.page, 'awaiting scan');
    await screenshot(desktop.page, 'signing-awaiting-scan-en');

    await scanAndAnswer(opened, expected, 'Approve');
    await phone.page.getByRole('heading', { name: 'Signed' }).waitFor();
    await screenshot(phone.page, 'signing-phone-signed-en');

    // The dialog reports the verified result, and the page shows it.
    await opened.dialog.getByText(RESIDENT).first().waitFor();
    await assertAccessible(desktop.page, 'signed');
    await screenshot(desktop.page, 'signing-done-en');
    const signed = await desktop.page.evaluate(() => window.__iamsSigned);
    assert.equal(signed.length, 1, 'iams-signed once');
    const [result] = signed;
    verifyInNode(result, documentBytes);
    assert.equal(result.documentName, 'Sample tenancy agreement.pdf');

    const states = await desktop.page.evaluate(() => window.__iamsStates);
    assert.deepEqual(states.filter((state) => state !== 'starting').slice(-4), ['awaiting-scan', 'scanned', 'approved', 'done']);

    // The download holds the same result.
    const downloadPromise = desktop.page.waitForEvent('download');
    await opened.dialog.getByRole('link', { name: /Download signature/ }).click();
    const download = await downloadPromise;
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    assert.deepEqual(JSON.parse(Buffer.concat(chunks).toString('utf8')).signature, result.signature);

    await opened.dialog.getByRole('button', { name: 'Done', exact: true }).click();
    const section = desktop.page.locator('#signing-result');
    await section.waitFor();
    assert.equal((await section.locator('[data-field="signer"]').textContent()).trim(), RESIDENT);
    assert.equal((await section.locator('[data-field="signature"]').textContent()).trim(), result.signature);
    assert.equal((await section.locator('[data-field="hash"]').textContent()).trim(), result.hash);
    await assertAccessible(desktop.page, 'result on the page');

    // Signing is not a login: nothing is kept, and no token is in storage.
    const storage = await webStorage(desktop.page);
    assert.deepEqual(storage.local, {}, 'localStorage stays empty');
    assert.ok(!Object.values(storage.session).some(looksLikeToken), 'no token in sessionStorage');
    assertDevicesClean(suite.devices);
  });

  test('a file the visitor picks is signed, and the signature verifies over its bytes', async () => {
    const { desktop, phone } = await openDevices();
    const bytes = Buffer.from(`Statement of consent\nSigned in the end-to-end test at ${new Date().toISOString()}\n`);
    await desktop.page.goto(`${suite.stack.origin}/sign.html?mode=oidc`);
    await desktop.page.locator('input[type="file"]').setInputFiles({ name: 'consent.txt', mimeType: 'text/plain', buffer: bytes });
    const opened = await openSigningDialog(desktop.page);
    await opened.dialog.getByText('consent.txt').first().waitFor();
    await scanAndAnswer(opened, fingerprintOf(createHash('sha256').update(bytes).digest()), 'Approve');
    await opened.dialog.getByText(RESIDENT).first().waitFor();
    const [result] = await desktop.page.evaluate(() => window.__iamsSigned);
    verifyInNode(result, bytes);
    assert.equal(result.documentName, 'consent.txt');
    await phone.page.getByRole('heading', { name: 'Signed' }).waitFor();
    assertDevicesClean(suite.devices);
  });

  test('declined in the app: the dialog says the signing was not approved, nothing is signed, and "Try again" gives a new code', async () => {
    const { desktop, phone } = await openDevices();
    await desktop.page.goto(`${suite.stack.origin}/sign.html?mode=oidc`);
    const opened = await openSigningDialog(desktop.page);
    const documentBytes = Buffer.from(await (await fetch(`${suite.stack.origin}${SAMPLE}`)).arrayBuffer());
    const { code } = await scanAndAnswer(opened, fingerprintOf(createHash('sha256').update(documentBytes).digest()), 'Decline');
    await phone.page.getByRole('heading', { name: /declined/i }).waitFor();
    assert.doesNotMatch(await phone.page.locator('main').textContent(), /login/i, 'the app speaks of signing, not of a login');
    await opened.qrLogin.getByText(/not approved/i).first().waitFor();
    assert.doesNotMatch(await opened.dialog.textContent(), /log ?in/i, 'the dialog speaks of signing, not of a login');
    await assertAccessible(desktop.page, 'declined');
    assert.deepEqual(await desktop.page.evaluate(() => window.__iamsSigned), []);

    await opened.qrLogin.getByRole('button', { name: 'Try again', exact: true }).click();
    await qrImage(opened.qrLogin).waitFor();
    const next = await identificationCode(opened.qrLogin);
    assert.match(next, CODE);
    assert.notEqual(next, code, 'a new identification code');
    // Esc closes the dialog and cancels the session; focus returns to the trigger.
    await desktop.page.keyboard.press('Escape');
    await opened.dialog.waitFor({ state: 'hidden' });
    assert.equal(
      await desktop.page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent?.trim() ?? document.activeElement?.textContent?.trim()),
      'Signing with iAM Smart',
    );
    assertDevicesClean(suite.devices);
  });
});
