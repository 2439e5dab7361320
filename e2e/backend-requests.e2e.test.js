// End to end, backend mode: e-ME form filling and signing through the demo site's own server
// (@iamsmart/server mounted by demo-site/server.js) against the sandbox's emulation of the real
// platform, in Chromium and in Firefox (Debian's, driven by puppeteer-core) and in WebKit
// (WebKitGTK's MiniBrowser, e2e/webkit-page.js).
// - logged in (the home page's login across two devices first): the library card (plain HTML)
//   and the bank (Preact) forms are filled; the server asks iAM Smart with the session's token,
//   the element offers iAM Smart's hosted page in a new tab, its QR is read from the tab's pixels
//   on the phone, the code matched, Approve; the push reaches the server, which checks it, and the
//   page's event stream brings the approved details into the form;
// - anonymous (no login): the same forms, the hosted tab ending with a code the server exchanges;
// - a document signed logged in: the server verifies it and acknowledges it, the page shows the
//   verified summary, and the signature the page was given is verified again here with
//   node:crypto over the document and up to the sandbox's CA.
// Each time the server's hook received the same verified result, and no token is in the page.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  ENGINES, RESIDENT, byText, engineSuite, assertNoTokenIn, loginAcrossDevices, pageSecrets, recordedPage, throughHostedTab,
} from './backend-support.js';

const SAMPLE = '/assets/sample-tenancy-agreement.pdf';

/** The form page: "Fill with iAM Smart", Continue, then the hosted tab and the phone. */
async function fillThroughBackend({ context, page, phone, stack, path }) {
  await page.goto(`${stack.origin}${path}`);
  await (await byText(page, 'button', 'Fill with iAM Smart')).click();
  await (await byText(page, 'button', 'Continue')).click();
  await throughHostedTab({ context, page, phone, host: 'iams-eme-autofill', origin: stack.origin, issuer: stack.issuer });
}

const valueOf = (page, selector) => page.$eval(selector, (element) => element.value);

/** The library card holds the resident's details, converted from the platform's shapes. */
async function assertLibraryCardFilled(page) {
  await page.waitForFunction(() => document.getElementById('en-family-name')?.value === 'CHAN');
  const expected = {
    '#en-family-name': 'CHAN', '#en-given-name': 'Tai Man', '#id-letters': 'K', '#id-digits': '543210', '#id-check': '3',
    '#birth-date': '1978-03-14', '#mobile-country': '852', '#mobile-number': '91234567', '#email': 'chan.taiman@example.com',
  };
  for (const [selector, value] of Object.entries(expected)) assert.equal(await valueOf(page, selector), value, selector);
  assert.match(await valueOf(page, '#address-1'), /Flat C/);
}

/** The bank form (Preact, controlled inputs) holds them in its own state. */
async function assertBankFilled(page) {
  await page.waitForFunction(() => document.querySelector('input[name="fullName"]')?.value === 'CHAN Tai Man');
  assert.equal(await valueOf(page, 'input[name="hkid"]'), 'K543210(3)');
  assert.equal(await valueOf(page, 'input[name="email"]'), 'chan.taiman@example.com');
}

/** The hook's record of the last e-ME result: the platform's details in the kit's shapes. */
function assertHookReceivedEme(stack, { anonymous, count }) {
  const emes = stack.received.filter((record) => record.flow === 'eme');
  assert.equal(emes.length, count, 'the server\'s hook received each result once');
  const { result, anonymous: wasAnonymous } = emes.at(-1);
  assert.equal(wasAnonymous, anonymous);
  assert.deepEqual(result.data.enName, { lastName: 'CHAN', firstName: 'Tai Man' });
  assert.deepEqual(result.data.idNo, { identification: 'K543210', checkDigit: '3' });
  assert.equal(result.data.emailAddress, 'chan.taiman@example.com');
}

for (const engine of ENGINES) {
  describe(`backend mode in ${engine.name}: e-ME and signing through the site's own server`, () => {
    const suite = engineSuite(engine, { stack: true });
    test('logged in: the library card and the bank forms filled through the hosted page; the hook got the same details; no token in the page', async () => {
      const { desktop, phone, close } = await loginAcrossDevices(suite.browser, engine.name, suite.stack.origin);
      try {
        const context = desktop.page.browserContext();
        const before = suite.stack.received.length;
        await fillThroughBackend({ context, page: desktop.page, phone, stack: suite.stack, path: '/library-card.html' });
        await assertLibraryCardFilled(desktop.page);
        assertHookReceivedEme(suite.stack, { anonymous: false, count: suite.stack.received.filter((record) => record.flow === 'eme').length });
        assert.equal(suite.stack.received.length, before + 1);
        assertNoTokenIn(await pageSecrets(desktop.page), undefined, { loggedIn: true });

        await fillThroughBackend({ context, page: desktop.page, phone, stack: suite.stack, path: '/bank.html' });
        await assertBankFilled(desktop.page);
        assert.equal(suite.stack.received.length, before + 2);
        assert.equal(suite.stack.received.at(-1).anonymous, false);
        assertNoTokenIn(await pageSecrets(desktop.page), undefined, { loggedIn: true });
        assert.deepEqual([...desktop.problems, ...phone.problems], []);
      } finally {
        await close();
      }
    });

    test('anonymous: the library card and the bank forms filled without a login; the hook got the details', async () => {
      const desktopContext = await suite.browser.createBrowserContext();
      const phoneContext = await suite.browser.createBrowserContext();
      try {
        const desktop = await recordedPage(desktopContext, engine.name);
        const phone = await recordedPage(phoneContext, engine.name, { phone: true });
        const before = suite.stack.received.length;
        await fillThroughBackend({ context: desktopContext, page: desktop.page, phone, stack: suite.stack, path: '/library-card.html' });
        await assertLibraryCardFilled(desktop.page);
        assert.equal(suite.stack.received.length, before + 1);
        assertHookReceivedEme(suite.stack, { anonymous: true, count: suite.stack.received.filter((record) => record.flow === 'eme').length });
        assertNoTokenIn(await pageSecrets(desktop.page), undefined, { loggedIn: false });

        await fillThroughBackend({ context: desktopContext, page: desktop.page, phone, stack: suite.stack, path: '/bank.html' });
        await assertBankFilled(desktop.page);
        assert.equal(suite.stack.received.length, before + 2);
        assert.equal(suite.stack.received.at(-1).anonymous, true);
        const session = await desktop.page.evaluate(async () => (await fetch('/iamsmart/session')).json());
        assert.deepEqual(session, { loggedIn: false }, 'filling a form is not a login');
        assertNoTokenIn(await pageSecrets(desktop.page), undefined, { loggedIn: false });
        assert.deepEqual([...desktop.problems, ...phone.problems], []);
      } finally {
        await Promise.allSettled([desktopContext.close(), phoneContext.close()]);
      }
    });

    test('logged in: the sample agreement signed; the server verified and acknowledged it; the page\'s signature verifies in Node up to the CA', async () => {
      const { desktop, phone, close } = await loginAcrossDevices(suite.browser, engine.name, suite.stack.origin);
      try {
        const documentBytes = Buffer.from(await (await fetch(`${suite.stack.origin}${SAMPLE}`)).arrayBuffer());
        const context = desktop.page.browserContext();
        const before = suite.stack.received.length;
        await desktop.page.goto(`${suite.stack.origin}/sign.html`);
        // The sample is read and hashed in the page before the button is offered.
        await desktop.page.waitForFunction(() => !/…|\.\.\./.test(document.getElementById('document-size')?.textContent ?? '…'));
        await (await byText(desktop.page, 'button', 'Signing with iAM Smart')).click();
        await throughHostedTab({ context, page: desktop.page, phone, host: 'iams-sign-dialog', origin: suite.stack.origin, issuer: suite.stack.issuer });
        await desktop.page.waitForFunction(() => window.__iamsEvents.some((event) => event.startsWith('iams-signed ')));

        const signedEvents = (await desktop.page.evaluate(() => window.__iamsEvents)).filter((event) => event.startsWith('iams-signed '));
        assert.equal(signedEvents.length, 1, 'iams-signed once');
        const result = JSON.parse(signedEvents[0].slice('iams-signed '.length));
        assert.equal(result.hash, createHash('sha256').update(documentBytes).digest('base64'), 'the signed hash is the document\'s');
        assert.equal(result.documentName, 'Sample tenancy agreement.pdf');
        assert.equal(result.signer, RESIDENT);
        // Verified again here, with nothing of the kit: the signature over the document, the leaf up to the CA.
        const leaf = new X509Certificate(result.certificateChain[0]);
        const root = new X509Certificate(suite.stack.signingRootPem);
        assert.ok(verify('sha256', documentBytes, leaf.publicKey, Buffer.from(result.signature, 'base64')), 'the signature verifies over the document');
        assert.ok(leaf.checkIssued(root) && leaf.verify(root.publicKey), 'the leaf is issued and signed by the sandbox root');
        assert.equal(result.certificate.fingerprintSha256, createHash('sha256').update(leaf.raw).digest('hex'));

        // The server's hook received the same verified signature, once.
        assert.equal(suite.stack.received.length, before + 1);
        const hook = suite.stack.received.at(-1);
        assert.equal(hook.flow, 'sign');
        assert.equal(hook.anonymous, false);
        assert.equal(hook.result.signature, result.signature);
        assert.equal(hook.result.hash, result.hash);
        assert.deepEqual(hook.result.certificate, result.certificate);

        // The page shows the verified summary once the dialog is closed.
        await (await byText(desktop.page, 'button', 'Done')).click();
        await desktop.page.waitForFunction(() => document.getElementById('signing-result')?.hidden === false);
        assert.equal(await desktop.page.$eval('#signing-result [data-field="signer"]', (element) => element.textContent.trim()), RESIDENT);
        assert.equal(await desktop.page.$eval('#signing-result [data-field="signature"]', (element) => element.textContent.trim()), result.signature);
        assertNoTokenIn(await pageSecrets(desktop.page), undefined, { loggedIn: true });
        assert.deepEqual([...desktop.problems, ...phone.problems], []);
      } finally {
        await close();
      }
    });
  });
}
