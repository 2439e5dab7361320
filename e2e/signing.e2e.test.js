// End to end: signing a document between a desktop on the demo site's signing page and a phone on
// the sandbox's phone-app simulator, in Chromium and Firefox (Debian's, through puppeteer-core) and
// WebKit (WebKitGTK's MiniBrowser over WebDriver classic, e2e/webkit-page.js): the desktop and the
// phone are two contexts of one engine, the phone a phone-sized one (e2e/devices.js), found
// through e2e/locators.js (roles, names and text through shadow roots, in every engine). The QR is
// read from the desktop's pixels; the fingerprint the desktop shows is matched against the phone's
// and against the document's own SHA-256 computed here; after Approve the signature the page
// reports is checked again in Node with node:crypto — over the document's bytes, with the leaf
// certificate, and the leaf against the sandbox's root — independently of the SDK's own
// verification; the signature the visitor downloads is the file the browser saved. Every test
// fails on any console error, uncaught exception or policy violation on either device.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { ENGINES, engineSuite } from './backend-support.js';
import { downloaded, identificationCode, openDesktopAndPhone, openOnPhone, qrImage, scanQr } from './devices.js';
import { IDENTIFICATION_CODE as CODE, RESULTS_DIR, assertDevicesClean, axeViolations, looksLikeToken, webStorage } from './harness.js';
import { byRole, find, textOf } from './locators.js';

const RESIDENT = 'CHAN Tai Man';
const SAMPLE = '/assets/sample-tenancy-agreement.pdf';
const LOOSE_RATE_LIMIT = { max: 1000, windowSeconds: 60 };
const DIALOG = 'iams-sign-dialog';
const QR_LOGIN = 'iams-qr-login';
const HEADING = 'h1, h2, h3, h4, h5, h6, [role="heading"]';

/** The first 8 bytes of a SHA-256 in hex groups of four, as the app and the dialog show it. */
const fingerprintOf = (digest) => digest.subarray(0, 8).toString('hex').toUpperCase().match(/.{4}/g).join(' ');

/** In the page: whether no dialog is shown any more, through shadow roots (Playwright's waitFor hidden). */
function noDialogShown() {
  const walk = (root) => [...root.querySelectorAll('*')].flatMap((element) => [element, ...(element.shadowRoot ? walk(element.shadowRoot) : [])]);
  return !walk(document).some((element) => element.matches('dialog, [role="dialog"]') && element.checkVisibility());
}

for (const engine of ENGINES) {
  describe(`Signing a document: desktop and phone in ${engine.name}`, () => {
    const suite = engineSuite(engine, { stack: { crossDevice: { rateLimit: LOOSE_RATE_LIMIT } } });
    /** A folder of the test's own: the desktop's downloads and the visitor's files. */
    let folder;

    afterEach(async () => {
      if (folder) await rm(folder, { recursive: true, force: true });
      folder = undefined;
    });

    /** Opens both devices; the desktop keeps every `iams-signed` detail and `iams-state` it sees. */
    async function openDevices() {
      folder = await mkdtemp(join(tmpdir(), 'iams-signing-'));
      suite.devices = await openDesktopAndPhone(suite.browser, engine.name, { downloadPath: folder });
      await suite.devices.desktop.page.evaluateOnNewDocument(() => {
        window.__iamsStates = [];
        window.__iamsSigned = [];
        document.addEventListener('iams-state', (event) => window.__iamsStates.push(event.detail.state));
        document.addEventListener('iams-signed', (event) => window.__iamsSigned.push(event.detail));
      });
      return suite.devices;
    }

    async function assertAccessible(page, state) {
      assert.deepEqual(await axeViolations(page), [], `axe violations on the desktop (${state})`);
    }

    /** Chromium's screenshots keep the names they always had; the other engines' carry the engine's. */
    async function screenshot(page, name) {
      await mkdir(RESULTS_DIR, { recursive: true });
      const file = engine.name === 'Chromium' ? name : `${name}-${engine.name.toLowerCase()}`;
      await page.screenshot({ path: join(RESULTS_DIR, `${file}.png`), fullPage: true });
    }

    /** Opens the signing dialog for whatever document the page has chosen. */
    async function openSigningDialog(page) {
      await (await byRole(page, 'button', 'Signing with iAM Smart')).click();
      await find(page, { role: 'dialog', within: DIALOG });
    }

    /** The fingerprint the dialog shows for the document. */
    async function desktopFingerprint(page) {
      const fingerprint = await find(page, { text: /^[0-9A-F]{4}( [0-9A-F]{4}){3}$/, within: DIALOG });
      return (await fingerprint.evaluate((node) => node.textContent)).trim();
    }

    /** On the phone: the fingerprint shown for the (one) document to sign. */
    async function phoneFingerprint(phone) {
      const fingerprint = await find(phone, { css: 'code.fingerprint' });
      return (await fingerprint.evaluate((node) => node.textContent)).trim();
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

    /**
     * Scans and opens the payload on the phone at once, as a camera does (a payload is good for
     * the sandbox's 5 s QR window, and a loaded machine's WebKit spends seconds per command), picks
     * the resident, checks the fingerprints, taps the desktop's code and presses `action`.
     */
    async function scanAndAnswer(expectedFingerprint, action) {
      const { desktop, phone } = suite.devices;
      const payload = await scanQr(desktop.page, QR_LOGIN);
      await openOnPhone(phone.page, payload, RESIDENT);
      const code = await identificationCode(desktop.page, QR_LOGIN);
      assert.equal(await desktopFingerprint(desktop.page), expectedFingerprint, 'the desktop shows the document\'s fingerprint');
      assert.equal(await phoneFingerprint(phone.page), expectedFingerprint, 'the app shows the same fingerprint');
      await (await byRole(phone.page, 'button', code)).click();
      await (await byRole(phone.page, 'button', action)).click();
      return { code };
    }

    const sampleBytes = async () => Buffer.from(await (await fetch(`${suite.stack.origin}${SAMPLE}`)).arrayBuffer());

    test('the sample tenancy agreement: QR read from pixels, fingerprint and code matched, approved; the signature verifies in Node', async () => {
      const { desktop, phone } = await openDevices();
      const documentBytes = await sampleBytes();
      assert.equal(documentBytes.subarray(0, 5).toString(), '%PDF-', 'the sample is a PDF');
      const expected = fingerprintOf(createHash('sha256').update(documentBytes).digest());

      await desktop.page.goto(`${suite.stack.origin}/sign.html?mode=oidc`);
      await openSigningDialog(desktop.page);
      await qrImage(desktop.page, QR_LOGIN);
      await assertAccessible(desktop.page, 'awaiting scan');
      await screenshot(desktop.page, 'signing-awaiting-scan-en');

      await scanAndAnswer(expected, 'Approve');
      await find(phone.page, { css: HEADING, name: 'Signed' });
      await screenshot(phone.page, 'signing-phone-signed-en');

      // The dialog reports the verified result, and the page shows it.
      await find(desktop.page, { text: new RegExp(RESIDENT), within: DIALOG });
      await assertAccessible(desktop.page, 'signed');
      await screenshot(desktop.page, 'signing-done-en');
      const signed = await desktop.page.evaluate(() => window.__iamsSigned);
      assert.equal(signed.length, 1, 'iams-signed once');
      const [result] = signed;
      verifyInNode(result, documentBytes);
      assert.equal(result.documentName, 'Sample tenancy agreement.pdf');

      const states = await desktop.page.evaluate(() => window.__iamsStates);
      assert.deepEqual(states.filter((state) => state !== 'starting').slice(-4), ['awaiting-scan', 'scanned', 'approved', 'done']);

      // The download holds the same result: the file the browser saved, under the name the link suggests.
      await (await byRole(desktop.page, 'link', /Download signature/, { within: DIALOG })).click();
      const file = await downloaded(folder, `${result.documentName}.signature.json`);
      assert.deepEqual(JSON.parse(file.toString('utf8')).signature, result.signature);

      await (await byRole(desktop.page, 'button', 'Done', { within: DIALOG })).click();
      await find(desktop.page, { css: '#signing-result' });
      const field = (name) => textOf(desktop.page, `#signing-result [data-field="${name}"]`).then((text) => text.trim());
      assert.equal(await field('signer'), RESIDENT);
      assert.equal(await field('signature'), result.signature);
      assert.equal(await field('hash'), result.hash);
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
      const chosen = join(folder, 'consent.txt');
      await writeFile(chosen, bytes);
      await desktop.page.goto(`${suite.stack.origin}/sign.html?mode=oidc`);
      // Chosen as a visitor does: the file's path given to the page's file input (text/plain by its name).
      await (await find(desktop.page, { css: 'input[type="file"]' })).uploadFile(chosen);
      await openSigningDialog(desktop.page);
      await find(desktop.page, { text: /consent\.txt/, within: DIALOG });
      await scanAndAnswer(fingerprintOf(createHash('sha256').update(bytes).digest()), 'Approve');
      await find(desktop.page, { text: new RegExp(RESIDENT), within: DIALOG });
      const [result] = await desktop.page.evaluate(() => window.__iamsSigned);
      verifyInNode(result, bytes);
      assert.equal(result.documentName, 'consent.txt');
      await find(phone.page, { css: HEADING, name: 'Signed' });
      assertDevicesClean(suite.devices);
    });

    test('declined in the app: the dialog says the signing was not approved, nothing is signed, and "Try again" gives a new code', async () => {
      const { desktop, phone } = await openDevices();
      await desktop.page.goto(`${suite.stack.origin}/sign.html?mode=oidc`);
      await openSigningDialog(desktop.page);
      const documentBytes = await sampleBytes();
      const { code } = await scanAndAnswer(fingerprintOf(createHash('sha256').update(documentBytes).digest()), 'Decline');
      await find(phone.page, { css: HEADING, name: /declined/i });
      assert.doesNotMatch(await textOf(phone.page, 'main'), /login/i, 'the app speaks of signing, not of a login');
      await find(desktop.page, { text: /not approved/i, within: QR_LOGIN });
      const dialog = await find(desktop.page, { role: 'dialog', within: DIALOG });
      assert.doesNotMatch(await dialog.evaluate((node) => node.textContent), /log ?in/i, 'the dialog speaks of signing, not of a login');
      await assertAccessible(desktop.page, 'declined');
      assert.deepEqual(await desktop.page.evaluate(() => window.__iamsSigned), []);

      await (await byRole(desktop.page, 'button', 'Try again', { within: QR_LOGIN })).click();
      await qrImage(desktop.page, QR_LOGIN);
      const next = await identificationCode(desktop.page, QR_LOGIN);
      assert.match(next, CODE);
      assert.notEqual(next, code, 'a new identification code');
      // Esc closes the dialog and cancels the session; focus returns to the trigger.
      await desktop.page.keyboard.press('Escape');
      await desktop.page.waitForFunction(noDialogShown);
      assert.equal(
        await desktop.page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent?.trim() ?? document.activeElement?.textContent?.trim()),
        'Signing with iAM Smart',
      );
      assertDevicesClean(suite.devices);
    });
  });
}
