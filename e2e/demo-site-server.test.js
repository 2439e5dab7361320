// The demo site's server on its own: security headers, MIME types, template filling, the signing
// root and the sample agreement it serves, and no way out of the site folder. Raw HTTP requests,
// so paths reach the server exactly as written (fetch would normalise `..` away before sending).
// Then the signing page's own script in Chromium, Firefox and WebKit (e2e/backend-support.js's
// ENGINES, found through e2e/locators.js), against a stand-in signing dialog: the document it
// hands the dialog (the sample, or a file chosen through the file input), and the verified result
// it shows and offers as a download, in three languages. Then the two e-ME form pages in the same
// three engines, with their values typed as a resident types them or set as
// `<iams-eme-autofill>` sets them (the element itself is tested in its own suite and end to end):
// the library card's confirmation, and the bank's Preact form (its real bundle, built here)
// keeping filled values. The 320 px reflow checks are tests of their own, not run in WebKit (its
// window cannot be that narrow).
/* global document, window, customElements, HTMLInputElement -- page.evaluate runs in the browser */
import assert from 'node:assert/strict';
import { X509Certificate, createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { rollup } from 'rollup';
import { startDemoSite } from '../demo-site/server.js';
import rollupConfig from '../rollup.config.js';
import { SAMPLE_PDF, samplePdf } from '../scripts/sample-pdf.js';
import { ENGINES, engineSuite } from './backend-support.js';
import { abortRequests, downloaded } from './devices.js';
import { axeViolations } from './harness.js';
import { attributeOf, byLabel, byRole, byText, count, fill, find, isHidden, openRecordedPage, setChecked, textOf, until } from './locators.js';

const ISSUER = 'http://localhost:1';

/** A real certificate (self-signed, P-256) standing in for the sandbox's signing root. */
const SIGNING_ROOT = `-----BEGIN CERTIFICATE-----
MIIB5TCCAYugAwIBAgIUWZQ0skaR1c9+P/i0OlPcjWyqQyYwCgYIKoZIzj0EAwIw
SDEkMCIGA1UEAwwbRGVtbyBzaXRlIHRlc3Qgc2lnbmluZyByb290MSAwHgYDVQQK
DBdpQU0gU21hcnQgV2ViIEtpdCB0ZXN0czAeFw0yNjExMjYxNjI2NTZaFw0zNjEx
MjMxNjI2NTZaMEgxJDAiBgNVBAMMG0RlbW8gc2l0ZSB0ZXN0IHNpZ25pbmcgcm9v
dDEgMB4GA1UECgwXaUFNIFNtYXJ0IFdlYiBLaXQgdGVzdHMwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAS/UFqF7tbZvsMUKH7B1TiyIzUetcJ65Fb/+o0eLU0PaM50
V52KS5mh9ec0pXYg40WebZRzC8NnDeLmxnUlLSC2o1MwUTAdBgNVHQ4EFgQUsEbM
tkmVrijNL4mhb2fRFjviT3swHwYDVR0jBBgwFoAUsEbMtkmVrijNL4mhb2fRFjvi
T3swDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEA4xQCH7VboyrG
ld4USfn2bOxwNrxoN9s4/Xm8xhABnvsCIGym4UN1U168+WieHozUld97tR2yNWsm
dGVwBjqXuCbm
-----END CERTIFICATE-----
`;

/**
 * The stand-in for the kit's bundle, so this test needs no build: it defines only a signing
 * dialog that keeps the document it is given, as the real one's `document` property does.
 */
const STAND_IN_BUNDLE = `customElements.define('iams-sign-dialog', class extends HTMLElement { document = undefined; });
export {};
`;

let site;
let bundleDir;
let demoAppDir;

/** The bank form's bundle as `npm run build` makes it (rollup.config.js's entry), into a temporary folder. */
async function buildBankApp(dir) {
  const config = rollupConfig.find((entry) => entry.output.file?.endsWith('bank-app.js'));
  const bundle = await rollup(config);
  try {
    await bundle.write({ ...config.output, file: join(dir, 'bank-app.js') });
  } finally {
    await bundle.close();
  }
}

before(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'iams-bundle-'));
  await writeFile(join(bundleDir, 'iamsmart.js'), STAND_IN_BUNDLE);
  await writeFile(join(bundleDir, 'iamsmart.js.map'), '{"version":3}\n');
  await writeFile(join(bundleDir, 'sdk.js'), 'export const createClient = () => undefined;\n');
  await writeFile(join(bundleDir, 'sdk.js.map'), '{"version":3}\n');
  await mkdir(join(bundleDir, 'chunks'));
  await writeFile(join(bundleDir, 'chunks', 'x509-es-DM38bQAG.js'), 'export {};\n');
  demoAppDir = await mkdtemp(join(tmpdir(), 'iams-demo-app-'));
  await buildBankApp(demoAppDir);
  site = await startDemoSite({ port: 0, sandboxIssuer: ISSUER, bundleDir, demoAppDir, signingRootPem: SIGNING_ROOT });
});

after(async () => {
  await site?.close();
  await rm(bundleDir, { recursive: true, force: true });
  await rm(demoAppDir, { recursive: true, force: true });
});

function get(path, method = 'GET', port = site.port, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: 'localhost', port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('demo site server', () => {
  test('listens on this computer only: localhost answers, no network address of this machine does', async (t) => {
    assert.match(site.origin, /^http:\/\/localhost:\d+$/);
    assert.equal((await fetch(`${site.origin}/`)).status, 200);
    const others = Object.entries(networkInterfaces()).flatMap(([name, entries]) => (entries ?? [])
      .filter((entry) => !entry.internal)
      .map((entry) => (entry.family === 'IPv6' && entry.scopeid ? `${entry.address}%${name}` : entry.address)));
    if (others.length === 0) {
      t.skip('this machine has no network address besides the loopback to try');
      return;
    }
    for (const host of others) {
      const outcome = await new Promise((resolve) => {
        const socket = connect({ host, port: site.port, timeout: 2000 });
        socket.once('connect', () => { socket.destroy(); resolve('connected'); });
        socket.once('timeout', () => { socket.destroy(); resolve('ETIMEDOUT'); });
        socket.once('error', (error) => resolve(error.code));
      });
      assert.notEqual(outcome, 'connected', `${host}:${site.port} must not accept connections`);
    }
  });

  test('the home page carries the strict CSP and the other security headers', async () => {
    const res = await get('/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(
      res.headers['content-security-policy'],
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        `connect-src 'self' ${ISSUER}; frame-ancestors 'none'; base-uri 'none'; form-action 'self' ${ISSUER}; ` +
        "object-src 'none'; require-trusted-types-for 'script'; trusted-types lit-html",
    );
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin-allow-popups');
  });

  test('the home page is in backend mode; the OpenID Connect page names the configured issuer and itself as the redirect target', async () => {
    const home = await get('/');
    assert.match(home.body, /<iams-provider id="iams" backend="\/iamsmart">/);
    assert.doesNotMatch(home.body, /issuer=|client-id=/, 'nothing of OpenID Connect on the backend-mode page');
    const oidc = await get('/oidc.html');
    assert.match(oidc.body, new RegExp(`<iams-provider id="iams" issuer="${ISSUER}" client-id="demo-site" redirect-uri="${site.origin}/oidc.html">`));
    for (const page of [home, oidc]) {
      assert.doesNotMatch(page.body, /\{\{/);
      assert.doesNotMatch(page.body, /<script>|style=/, 'no inline scripts or styles');
    }
    const popup = await get('/popup-callback.html');
    assert.match(popup.body, new RegExp(`redirect-uri="${site.origin}/popup-callback.html"`));
    // The popup arrives from the provider's page; a COOP here would cut it off from its opener.
    assert.equal(popup.headers['cross-origin-opener-policy'], undefined);
    assert.ok(popup.headers['content-security-policy']);
  });

  test("every page starts in the browser's first language by the kit's one rule (Accept-Language), and says it varies by it", async () => {
    for (const [accept, lang] of [
      ['zh-TW,zh;q=0.9,en;q=0.8', 'zh-HK'],
      ['zh', 'zh-HK'],
      ['zh-SG', 'zh-CN'],
      ['fr-FR,zh-Hans;q=0.8', 'zh-CN'],
      ['de', 'en'],
      [undefined, 'en'],
    ]) {
      for (const path of ['/', '/qr.html', '/sign.html', '/library-card.html', '/bank.html', '/oidc.html', '/popup-callback.html']) {
        const res = await get(path, 'GET', site.port, accept === undefined ? {} : { 'Accept-Language': accept });
        assert.match(res.body, new RegExp(`<html lang="${lang}">`), `${path} for ${accept}`);
        assert.equal(res.headers.vary, 'Accept-Language', path);
      }
    }
  });

  test('files are served with their MIME types', async () => {
    const expected = {
      '/app.js': 'text/javascript; charset=utf-8',
      '/assets/site.css': 'text/css; charset=utf-8',
      '/assets/logo.svg': 'image/svg+xml',
      '/iamsmart.js': 'text/javascript; charset=utf-8',
      '/iamsmart.js.map': 'application/json; charset=utf-8',
      '/sdk.js': 'text/javascript; charset=utf-8',
      '/sdk.js.map': 'application/json; charset=utf-8',
      '/chunks/x509-es-DM38bQAG.js': 'text/javascript; charset=utf-8',
      '/library-card.js': 'text/javascript; charset=utf-8',
      '/bank-app.js': 'text/javascript; charset=utf-8',
      '/bank-app.js.map': 'application/json; charset=utf-8',
    };
    for (const [path, type] of Object.entries(expected)) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['content-type'], type, path);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
    }
    assert.equal((await get('/', 'HEAD')).status, 200);
  });

  test('nothing outside the site can be reached', async () => {
    const attempts = [
      '/server.js',
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/..%5c..%5cpackage.json',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '//etc/passwd',
      '/assets/',
      '/assets',
      '/index.html%00.css',
      '/.git/config',
      '/chunks/..%2fiamsmart.js',
      '/chunks/%2e%2e%2f%2e%2e%2fpackage.json',
      '/chunks/missing-AAAA.js',
      '/chunks/',
      // The bank form's source: only its bundle is part of the site.
      '/bank-app/main.js',
      '/bank-app/',
      '/dist/demo/bank-app.js',
    ];
    for (const path of attempts) {
      const res = await get(path);
      assert.equal(res.status, 404, `${path} → ${res.status}`);
      assert.doesNotMatch(res.body, /"workspaces"|root:|startDemoSite/, path);
    }
    assert.equal((await get('/%E0%A4%A')).status, 400, 'malformed escape');
  });

  test('the signing page carries the same strict CSP, and names the provider and the signing root', async () => {
    const home = await get('/');
    const res = await get('/sign.html');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['content-security-policy'], home.headers['content-security-policy']);
    assert.match(res.headers['content-security-policy'], /script-src 'self'; style-src 'self';.*require-trusted-types-for 'script'; trusted-types lit-html$/);
    assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin-allow-popups');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(res.body, new RegExp(`<iams-provider id="iams" issuer="${ISSUER}" client-id="demo-site" redirect-uri="${site.origin}/" signing-trust-anchors-url="/signing-ca.pem">`));
    assert.match(res.body, /<iams-sign-dialog id="sign-dialog" document-name="Sample tenancy agreement\.pdf">/);
    assert.match(res.body, /<input type="file" id="document-file" accept="\.pdf,\.txt,application\/pdf,text\/plain"/);
    assert.match(res.body, /<section id="signing-result"[^>]*aria-labelledby="result-title"/);
    for (const name of ['signer', 'signature', 'hash']) assert.match(res.body, new RegExp(`data-field="${name}"`), name);
    assert.doesNotMatch(res.body, /\{\{/);
    assert.doesNotMatch(res.body, /<script>|<script [^>]*>[^<]|style=/, 'no inline scripts or styles');
    assert.equal((await get('/sign.js')).headers['content-type'], 'text/javascript; charset=utf-8');
  });

  test('every page links every other in its navigation, and marks only its own link as current', async () => {
    const pages = ['/', '/qr.html', '/sign.html', '/library-card.html', '/bank.html', '/oidc.html'];
    for (const path of pages) {
      const nav = /<nav class="site-nav"[^>]*>([\s\S]*?)<\/nav>/.exec((await get(path)).body)?.[1] ?? '';
      const links = [...nav.matchAll(/<a href="([^"]+)"( aria-current="page")?/g)].map(([, href, isCurrent]) => [href, Boolean(isCurrent)]);
      assert.deepEqual(links, pages.map((href) => [href, href === path]), path);
    }
  });

  test('the e-ME form pages carry the strict CSP, name the provider, and place the autofill element for their forms', async () => {
    const home = await get('/');
    for (const [path, formId, formName, formNum, script] of [
      ['/library-card.html', 'library-card', 'Library card application', 'HPL-001', '/library-card.js'],
      ['/bank.html', 'bank-form', 'Account opening', 'SBK-101', '/bank-app.js'],
    ]) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['content-security-policy'], home.headers['content-security-policy'], path);
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin-allow-popups', path);
      assert.match(res.body, new RegExp(`<iams-provider id="iams" issuer="${ISSUER}" client-id="demo-site" redirect-uri="${site.origin}/">\\s*` +
        `<iams-eme-autofill for="${formId}" form-name="${formName}" form-num="${formNum}"></iams-eme-autofill>`), path);
      // The page's own script before the kit's, so its form is there when the element looks.
      assert.ok(res.body.indexOf(`<script type="module" src="${script}">`) < res.body.indexOf('<script type="module" src="/iamsmart.js">'), path);
      assert.doesNotMatch(res.body, /\{\{/, path);
      assert.doesNotMatch(res.body, /<script>|<script [^>]*>[^<]|style=/, `${path}: no inline scripts or styles`);
    }
    const library = (await get('/library-card.html')).body;
    assert.match(library, /<form id="library-card"/);
    assert.match(library, /<section id="library-card-result"[^>]*aria-labelledby="result-title" hidden>/);
    // The consent is the resident's own act: nothing maps it.
    assert.match(library, /<input type="checkbox" name="consent" value="yes" required>/);
  });

  test('with its backend mounted, the form and signing pages run in backend mode, and ?mode=oidc gives the OpenID Connect stand-in', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const withBackend = await startDemoSite({
      port: 0, sandboxIssuer: ISSUER, bundleDir, demoAppDir, signingRootPem: SIGNING_ROOT,
      platformClient: { clientID: 'demo-site', secret: 'a-secret-of-at-least-16-chars', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) },
    });
    try {
      for (const path of ['/library-card.html', '/bank.html', '/sign.html']) {
        const backend = (await get(path, 'GET', withBackend.port)).body;
        assert.match(backend, /<iams-provider id="iams" backend="\/iamsmart">/, path);
        assert.doesNotMatch(backend, /client-id=|\{\{/, path);
        const oidc = (await get(`${path}?mode=oidc`, 'GET', withBackend.port)).body;
        const trust = path === '/sign.html' ? ' signing-trust-anchors-url="/signing-ca.pem"' : '';
        assert.match(oidc, new RegExp(`<iams-provider id="iams" issuer="${ISSUER}" client-id="demo-site" redirect-uri="${withBackend.origin}/"${trust}>`), `${path}?mode=oidc`);
      }
      // Without a backend the same pages can only be OpenID Connect mode.
      assert.match((await get('/sign.html')).body, /<iams-provider id="iams" issuer="[^"]+" client-id="demo-site" redirect-uri="[^"]+\/" signing-trust-anchors-url="\/signing-ca.pem">/);
    } finally {
      await withBackend.close();
    }
  });

  test('without the bank form\'s bundle /bank-app.js is 404 with how to build it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'iams-no-demo-app-'));
    const bare = await startDemoSite({ port: 0, sandboxIssuer: ISSUER, bundleDir, demoAppDir: empty });
    try {
      const res = await get('/bank-app.js', 'GET', bare.port);
      assert.equal(res.status, 404);
      assert.match(res.body, /npm run build.*dist\/demo\/bank-app\.js/);
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });

  test('/signing-ca.pem is the signing root it was given, as a PEM file', async () => {
    const res = await get('/signing-ca.pem');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/x-pem-file');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['content-security-policy'], undefined, 'not a page');
    assert.equal(new X509Certificate(res.body).fingerprint256, new X509Certificate(SIGNING_ROOT).fingerprint256);
    assert.equal((await get('/signing-ca.pem', 'HEAD')).status, 200);
  });

  test('without a signing root /signing-ca.pem is 404, and a wrong one stops the server from starting', async () => {
    const bare = await startDemoSite({ port: 0, sandboxIssuer: ISSUER, bundleDir });
    try {
      const res = await get('/signing-ca.pem', 'GET', bare.port);
      assert.equal(res.status, 404);
      assert.match(res.body, /signing root/);
    } finally {
      await bare.close();
    }
    const broken = SIGNING_ROOT.replace('MIIB5TCC', 'MIIB5TCD');
    for (const signingRootPem of ['not a certificate', broken, 42]) {
      await assert.rejects(startDemoSite({ port: 0, sandboxIssuer: ISSUER, bundleDir, signingRootPem }), TypeError, String(signingRootPem).slice(0, 20));
    }
  });

  test('the sample tenancy agreement is served as a well-formed PDF, exactly as scripts/sample-pdf.js writes it', async () => {
    const res = await get('/assets/sample-tenancy-agreement.pdf');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pdf = res.bytes;
    assert.ok(pdf.equals(readFileSync(SAMPLE_PDF)));
    assert.ok(pdf.equals(samplePdf()), 'the shipped file is the generator\'s output: run `node scripts/sample-pdf.js`');
    const text = pdf.toString('latin1');
    assert.match(text, /^%PDF-1\.4\n/);
    assert.match(text, /%%EOF\n$/);
    // The cross-reference table: startxref points at it, and every object's offset at "n 0 obj".
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    assert.equal(text.slice(xrefAt, xrefAt + 5), 'xref\n');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(xrefAt)) ?? [];
    assert.equal(Number(first), 0);
    const entries = text.slice(xrefAt).split('\n').slice(2, 2 + Number(count));
    assert.equal(entries[0], '0000000000 65535 f ');
    for (const [index, entry] of entries.entries()) {
      assert.match(entry, /^\d{10} \d{5} [nf] $/, 'each entry 20 bytes with its end of line');
      if (index > 0) assert.equal(text.slice(Number(entry.slice(0, 10))).split('\n', 1)[0], `${index} 0 obj`);
    }
    assert.match(text, new RegExp(`trailer\n<< /Size ${count} /Root 1 0 R`));
    // The page's content stream is as long as it says, and holds the agreement as text.
    const stream = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)endstream/.exec(text);
    assert.ok(stream);
    assert.equal(Buffer.byteLength(stream[2], 'latin1'), Number(stream[1]));
    assert.ok(stream[2].includes(String.raw`(TENANCY AGREEMENT \(SAMPLE\)) Tj`), 'the title, its parentheses escaped');
    assert.match(stream[2], /Flat C, 12\/F, Block 3, Sandbox Garden/);
  });

  test('POST /api/sample-update sends only for the site\'s own pages and a logged-in resident; without the backend it does not exist', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const withBackend = await startDemoSite({
      port: 0, sandboxIssuer: ISSUER, bundleDir, demoAppDir,
      platformClient: { clientID: 'demo-site', secret: 'a-secret-of-at-least-16-chars', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) },
    });
    try {
      const url = `${withBackend.origin}/api/sample-update`;
      const post = (headers) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
      const codeOf = async (response) => [response.status, (await response.json()).code];
      // Another site's page, or no origin at all: refused before anything is looked up.
      assert.deepEqual(await codeOf(await post({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })), [403, 'cross_site_request']);
      assert.deepEqual(await codeOf(await post({ origin: withBackend.origin, 'sec-fetch-site': 'same-site' })), [403, 'cross_site_request']);
      assert.deepEqual(await codeOf(await post({})), [403, 'cross_site_request']);
      // The site's own page without a session: nobody to send to.
      assert.deepEqual(await codeOf(await post({ origin: withBackend.origin, 'sec-fetch-site': 'same-origin' })), [401, 'login_required']);
      assert.deepEqual(await codeOf(await fetch(url)), [405, 'invalid_request']);
      assert.deepEqual(withBackend.notified, []);
    } finally {
      await withBackend.close();
    }
    assert.equal((await get('/api/sample-update', 'POST')).status, 405);
  });

  test('only GET and HEAD', async () => {
    const res = await get('/', 'POST');
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'GET, HEAD');
  });
});

/** What a verified signature looks like to the page (the SDK verified it; the page only shows it). */
const RESULT = {
  signature: Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 73 + 41) % 256)).toString('base64'),
  certificateChain: [SIGNING_ROOT, SIGNING_ROOT],
  algorithm: '1.2.840.113549.1.1.11',
  documentName: 'Sample tenancy agreement.pdf',
  signedAt: '2026-03-01T07:04:05.000Z',
  signer: 'CHAN Tai Man',
  certificate: {
    subject: 'CN=CHAN Tai Man, O=iAM Smart Sandbox, C=HK',
    issuer: 'CN=iAM Smart Sandbox Root CA, O=iAM Smart Sandbox, C=HK',
    serialNumber: '5f3a9c0177b4e0d2',
    notBefore: '2026-01-10T00:00:00.000Z',
    notAfter: '2028-01-10T00:00:00.000Z',
    fingerprintSha256: 'a3'.repeat(32),
  },
};

for (const engine of ENGINES) {
  describe(`the signing page in ${engine.name}`, () => {
    const suite = engineSuite(engine);
    /** The test's own folder: the visitor's files and the page's downloads. */
    let folder;
    afterEach(async () => {
      if (folder) await rm(folder, { recursive: true, force: true });
      folder = undefined;
    });

    /** A desktop page whose browser asks for `language` (Accept-Language), downloading into `folder`. */
    async function openSigningPage(language) {
      folder = await mkdtemp(join(tmpdir(), 'iams-sign-page-'));
      suite.context = await suite.browser.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: folder } });
      const recorded = await openRecordedPage(suite.context, engine.name);
      await recorded.page.setExtraHTTPHeaders({ 'Accept-Language': language });
      return recorded;
    }

    /** A file of the visitor's, saved under `name` (its type is the one its extension says). */
    async function visitorFile(name, bytes) {
      const path = join(folder, name);
      await writeFile(path, bytes);
      return path;
    }

    const FILE_LABEL = 'Or choose a file of your own (PDF or text)';
    const chooseFile = async (page, path) => (await byLabel(page, FILE_LABEL)).uploadFile(path);
    const field = (page, name) => textOf(page, `#signing-result [data-field="${name}"]`);

    /** The sign page with the sample handed to the dialog and then the verified result, in English. */
    async function showResult(page) {
      await page.goto(`${site.origin}/sign.html`);
      await page.waitForFunction(() => document.getElementById('sign-dialog').document instanceof Blob);
      const result = { ...RESULT, hash: createHash('sha256').update(samplePdf()).digest('base64') };
      await page.evaluate((detail) => {
        document.getElementById('sign-dialog').dispatchEvent(new CustomEvent('iams-signed', { detail, bubbles: true, composed: true }));
      }, result);
      await find(page, { css: '#signing-result h2', name: 'Signed and verified' });
      return result;
    }

    test('hands the dialog the sample or the visitor\'s file, shows the verified result in three languages, axe clean', async () => {
      const { page, problems } = await openSigningPage('en-GB');
      await page.goto(`${site.origin}/sign.html`);
      const dialogDocument = () => page.evaluate(async () => {
        const dialog = document.getElementById('sign-dialog');
        const blob = dialog.document;
        if (!(blob instanceof Blob)) return undefined;
        const hash = new Uint8Array(await window.crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
        return { name: dialog.getAttribute('document-name'), size: blob.size, hash: window.btoa(String.fromCharCode(...hash)) };
      });
      const text = (selector) => textOf(page, selector);

      // The sample, loaded and handed over before the visitor does anything.
      await page.waitForFunction(() => document.getElementById('sign-dialog').document instanceof Blob);
      const sample = samplePdf();
      const sampleHash = createHash('sha256').update(sample).digest('base64');
      assert.deepEqual(await dialogDocument(), { name: 'Sample tenancy agreement.pdf', size: sample.length, hash: sampleHash });
      assert.equal(await text('#document-name'), 'Sample tenancy agreement.pdf');
      assert.equal(await text('#document-size'), `${(sample.length / 1000).toFixed(1)} kB`);
      assert.equal(await isHidden(page, '#use-sample'), true, '"Sign the sample agreement instead" is not shown');
      assert.equal(await isHidden(page, '#signing-result'), true);

      // The visitor's own text file, chosen through the file input as a visitor does.
      const lease = Buffer.from('Lease of Flat C, 12/F, Block 3, Sandbox Garden\n');
      const leaseFile = await visitorFile('lease.txt', lease);
      await chooseFile(page, leaseFile);
      await page.waitForFunction(() => document.getElementById('sign-dialog').document?.name === 'lease.txt');
      assert.deepEqual(await dialogDocument(), {
        name: 'lease.txt', size: lease.length, hash: createHash('sha256').update(lease).digest('base64'),
      });
      assert.equal(await text('#document-name'), 'lease.txt');
      assert.equal(await text('#document-size'), `${lease.length} byte`);
      assert.equal(await text('#status'), `Document to sign: lease.txt, ${lease.length} byte.`);

      // A picture is refused with a message, and the text file stays the document.
      await chooseFile(page, await visitorFile('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47])));
      await find(page, { role: 'alert', text: /photo\.png is not a PDF or text file\. Choose a PDF or text file\./ });
      assert.equal((await dialogDocument())?.name, 'lease.txt');
      assert.equal(await text('#document-name'), 'lease.txt');

      // Back to the sample with one click; reading goes on from the document's heading.
      await (await byRole(page, 'button', 'Sign the sample agreement instead')).click();
      await page.waitForFunction(() => document.getElementById('sign-dialog').getAttribute('document-name') === 'Sample tenancy agreement.pdf');
      assert.equal((await dialogDocument())?.hash, sampleHash);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'document-title');
      assert.equal(await text('#document-error'), '');

      // The verified result, as the dialog reports it.
      const result = { ...RESULT, hash: sampleHash };
      await page.evaluate((detail) => {
        document.getElementById('sign-dialog').dispatchEvent(new CustomEvent('iams-signed', { detail, bubbles: true, composed: true }));
      }, result);
      const heading = (name) => find(page, { css: '#signing-result h2', name });
      await heading('Signed and verified');
      const value = (name) => field(page, name);
      assert.equal(await value('signer'), 'CHAN Tai Man');
      assert.equal(await value('signature'), result.signature);
      assert.equal(await value('hash'), sampleHash);
      assert.equal(await value('documentName'), 'Sample tenancy agreement.pdf');
      const fingerprint = Buffer.from(sampleHash, 'base64').subarray(0, 8).toString('hex').toUpperCase().match(/.{4}/g).join(' ');
      assert.equal(await value('fingerprint'), fingerprint);
      assert.equal(await value('algorithm'), 'SHA256withRSA (1.2.840.113549.1.1.11)');
      assert.equal(await value('subject'), result.certificate.subject);
      assert.equal(await value('issuer'), result.certificate.issuer);
      assert.equal(await value('serialNumber'), result.certificate.serialNumber);
      assert.equal(await value('certificateFingerprint'), result.certificate.fingerprintSha256);
      // 07:04:05 UTC is 15:04:05 in Hong Kong, whatever the machine's time zone.
      assert.equal(await value('signedAt'), 'March 1, 2026 at 3:04:05 PM (Hong Kong time)');
      assert.equal(await attributeOf(page, '#signing-result [data-field="signedAt"]', 'datetime'), result.signedAt);
      assert.equal(await value('notAfter'), 'January 10, 2028');
      assert.equal(await text('#status'), 'Signed and verified: Sample tenancy agreement.pdf. The details are on this page below the signing button.');
      const link = await byRole(page, 'link', 'Download the signature (JSON)', { within: '#signing-result' });
      assert.equal(await link.evaluate((element) => element.getAttribute('download')), 'Sample tenancy agreement.pdf.signature.json');
      assert.match(await link.evaluate((element) => element.getAttribute('href')), /^blob:/);
      // Downloaded as a visitor does (the page's CSP keeps scripts from fetching blob: URLs): the
      // file the browser saved, under the name the link suggests.
      await link.click();
      assert.deepEqual(JSON.parse((await downloaded(folder, 'Sample tenancy agreement.pdf.signature.json')).toString('utf8')), result);
      assert.deepEqual(await axeViolations(page), []);

      // The same result in 繁體 and 简体: labels, dates and sizes in the page's language.
      for (const [button, title, signedAt, navSign] of [
        ['繁體', '已簽署並核實', /^2026年3月1日 .*3:04:05（香港時間）$/, '簽署文件'],
        ['简体', '已签署并核实', /^2026年3月1日 15:04:05（香港时间）$/, '签署文件'],
      ]) {
        await (await byRole(page, 'button', button)).click();
        await heading(title);
        assert.match(await value('signedAt'), signedAt);
        assert.equal(await text('.site-nav a[aria-current="page"]'), navSign);
        assert.deepEqual(await axeViolations(page), [], button);
      }

      // Another document: the old result goes, and so does its download.
      await (await byRole(page, 'button', 'English')).click();
      await chooseFile(page, leaseFile);
      await until(() => isHidden(page, '#signing-result'), { what: 'the result hidden' });
      assert.equal(await attributeOf(page, '#download-signature', 'href'), null);
      assert.deepEqual(problems, []);
    });

    test(`the verified result at 320 px: no sideways scrolling${engine.name === 'WebKit' ? ' (skipped in WebKit: MiniBrowser\'s window is at least 447 px wide)' : ''}`, { skip: engine.name === 'WebKit' }, async () => {
      const { page, problems } = await openSigningPage('en-GB');
      await showResult(page);
      await page.setViewport({ width: 320, height: 640 });
      assert.equal(await page.evaluate(() => window.innerWidth), 320, 'the viewport is 320 px wide');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scrolling at 320 px');
      assert.deepEqual(problems, []);
    });

    test('a sample that cannot be loaded: an alert, and no document handed to the dialog', async () => {
      const { page, problems } = await openSigningPage('zh-HK');
      await abortRequests(page, `${site.origin}/assets/sample-tenancy-agreement.pdf`);
      await page.goto(`${site.origin}/sign.html`);
      await find(page, { role: 'alert', text: /未能載入租約範本。請重新載入頁面，或選擇你自己的檔案。/ });
      assert.equal(await textOf(page, '#document-size'), '–');
      assert.equal(await page.evaluate(() => customElements.whenDefined('iams-sign-dialog').then(() => document.getElementById('sign-dialog').document)), undefined);
      assert.deepEqual(await axeViolations(page), []);
      // Chromium reports the aborted request itself as a console error (the other engines do not); nothing else may appear.
      assert.deepEqual(engine.name === 'Chromium' ? problems.filter((problem) => !/Failed to load resource/.test(problem)) : problems, []);
    });
  });
}

/**
 * Sets a control's value as `<iams-eme-autofill>` does: through the prototype's setter (which a
 * framework's value tracking sees), then `input` and `change`, bubbling. Runs in the page.
 */
function fillLikeTheElement(values) {
  for (const [selector, value] of Object.entries(values)) {
    const control = document.querySelector(selector);
    const prototype = Object.getPrototypeOf(control);
    Object.getOwnPropertyDescriptor(prototype, typeof value === 'boolean' ? 'checked' : 'value').set.call(control, value);
    control.dispatchEvent(new Event('input', { bubbles: true }));
    control.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

/** A library card application filled as the element would fill it (the consent ticked, as the resident would). */
const LIBRARY_CARD = {
  '#en-family-name': 'CHAN', '#en-given-name': 'Tai Man', '#id-letters': 'K', '#id-digits': '543210', '#id-check': '3',
  '#birth-date': '1978-03-14', 'input[name="gender"][value="M"]': true, '#mobile-country': '852', '#mobile-number': '91234567',
  '#email': 'chan.taiman@example.com', '#address-1': 'Flat C, 12/F, Block 3, Sandbox Garden', 'input[name="consent"]': true,
};

/** The bank form's values, by input name, as the element fills them. */
const BANK = {
  '[name="fullName"]': 'CHAN Tai Man',
  '[name="hkid"]': 'K543210(3)',
  '[name="birthDay"]': '14',
  '[name="birthMonth"]': '03',
  '[name="birthYear"]': '1978',
  '[name="mobile"]': '+852 91234567',
  '[name="email"]': 'chan.taiman@example.com',
  '[name="address"]': 'Flat C, 12/F, Block 3\nSandbox Garden\n18 Tai Chung Kiu Road\nSha Tin, New Territories',
  '[name="employment"]': 'employed',
  '[name="propertyOwner"]': true,
  '[name="officePhone"]': '+852 28105678',
};

for (const engine of ENGINES) {
  describe(`the e-ME form pages in ${engine.name}`, () => {
    const suite = engineSuite(engine);

    /** A desktop-sized page (1280×900) that records console errors, uncaught exceptions and CSP violations. */
    async function newPage() {
      suite.context = await suite.browser.createBrowserContext();
      return openRecordedPage(suite.context, engine.name);
    }

    const activeElement = (page, attribute) => page.evaluate((name) => document.activeElement?.getAttribute(name) ?? null, attribute);
    const valueOf = async (page, label, within) => (await byLabel(page, label, { within })).evaluate((node) => node.value);
    const noSidewaysScrolling = (page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

    test('library card: a wrong check digit is refused, then the confirmation shows what was submitted, in three languages, axe clean', async () => {
      const { page, problems } = await newPage();
      await page.goto(`${site.origin}/library-card.html`);
      const field = (label) => byLabel(page, label, { within: '#library-card' });
      for (const [label, value] of [
        ['Surname', 'CHAN'], ['Given names', 'Tai Man'], ['Name in Chinese (if any)', '陳大文'], ['Letters', 'K'], ['Digits', '543210'],
        ['Check digit', '4'], ['Date of birth', '1978-03-14'], ['Country code', '852'], ['Number', '91234567'],
        ['Email address', 'chan.taiman@example.com'], ['Address line 1', 'Flat C, 12/F, Block 3, Sandbox Garden'],
        ['Address line 2', '18 Tai Chung Kiu Road, Sha Tin'], ['District', 'Sha Tin'], ['Region', 'New Territories'],
        ['Postal address, if different', 'PO Box 1234\nSha Tin Post Office'],
      ]) {
        await fill(await field(label), value);
      }
      await setChecked(await field('Male'));
      await setChecked(await field(/I agree to the library's rules/));
      const submit = await byRole(page, 'button', 'Submit application', { within: '#library-card' });
      const value = (name) => textOf(page, `#library-card-result [data-field="${name}"]`);

      // K543210 has check digit 3: 4 is refused with the reason, and nothing is confirmed.
      await submit.click();
      await byText(page, 'This identity card number does not add up: check the letters, digits and check digit.', { within: '[role="alert"]' });
      assert.equal(await isHidden(page, '#library-card-result'), true);
      assert.deepEqual(await axeViolations(page), []);

      // The consent is required: without it nothing is confirmed either.
      // From the keyboard: Chromium's validation bubble from the last submit takes the next click.
      await fill(await field('Check digit'), '3');
      const consent = await field(/I agree to the library's rules/);
      await consent.press(' ');
      assert.equal(await consent.evaluate((node) => node.checked), false);
      await submit.press('Enter');
      assert.equal(await (await find(page, { role: 'alert', visible: false })).evaluate((node) => node.textContent), '');
      assert.equal(await isHidden(page, '#library-card-result'), true);
      assert.equal(await activeElement(page, 'name'), 'consent');

      await consent.press(' ');
      await submit.press('Enter');
      await byRole(page, 'heading', 'Application received', { css: 'h2', within: '#library-card-result' });
      assert.equal(await activeElement(page, 'id'), 'result-title');
      assert.equal(await textOf(page, '#status'), 'Application received. The details are below the form.');
      const expected = {
        enFamilyName: 'CHAN', enGivenName: 'Tai Man', chName: '陳大文', idLetters: 'K', idDigits: '543210', idCheckDigit: '3',
        birthDate: '1978-03-14', gender: 'Male', mobileCountryCode: '852', mobileNumber: '91234567', email: 'chan.taiman@example.com',
        addressLine1: 'Flat C, 12/F, Block 3, Sandbox Garden', addressLine2: '18 Tai Chung Kiu Road, Sha Tin', addressLine3: 'Not given',
        district: 'Sha Tin', region: 'New Territories',
        homePhone: 'Not given', postalAddress: 'PO Box 1234\nSha Tin Post Office', consent: 'Agreed',
      };
      for (const [name, text] of Object.entries(expected)) assert.equal(await value(name), text, name);
      assert.equal(await attributeOf(page, '#library-card-result [data-field="gender"]', 'data-value'), 'M');
      assert.equal(await attributeOf(page, '#library-card-result [data-field="region"]', 'data-value'), 'New Territories');
      assert.deepEqual(await axeViolations(page), []);

      // Check digit A (10), and a number with two letters, count as the card prints them.
      for (const [letters, digits, check] of [['Z', '683365', 'a'], ['XA', '506172', '2']]) {
        await fill(await field('Letters'), letters);
        await fill(await field('Digits'), digits);
        await fill(await field('Check digit'), check);
        await submit.press('Enter');
        await byText(page, digits, { within: '#library-card-result [data-field="idDigits"]' });
        assert.equal(await value('idCheckDigit'), check);
        assert.equal(await textOf(page, '#form-error'), '');
      }

      for (const [button, heading, gender, region, notGiven, nav] of [
        ['繁體', '已收到申請', '男', '新界', '未有提供', '申請借書證'],
        ['简体', '已收到申请', '男', '新界', '未有提供', '申请借书证'],
      ]) {
        await (await byRole(page, 'button', button)).click();
        await byRole(page, 'heading', heading, { css: 'h2', within: '#library-card-result' });
        assert.equal(await value('gender'), gender);
        assert.equal(await value('region'), region);
        assert.equal(await value('homePhone'), notGiven);
        assert.equal(await textOf(page, '.site-nav a[aria-current="page"]'), nav);
        assert.deepEqual(await axeViolations(page), [], button);
      }
      assert.deepEqual(problems, []);
    });

    test('bank: the Preact form keeps values filled as the element fills them through re-renders, and its review shows them, axe clean', async () => {
      const { page, problems } = await newPage();
      await page.goto(`${site.origin}/bank.html`);
      await find(page, { css: '#bank-form' });
      const form = '#bank-form';
      // The app bundles the shared header's strings: they are all there.
      assert.equal(await textOf(page, '.site-nav a[aria-current="page"]'), 'Open a bank account');
      assert.deepEqual(await axeViolations(page), []);

      await page.evaluate(fillLikeTheElement, BANK);
      // Every render of the app sets each input from its state: a language change renders it all again.
      await (await byRole(page, 'button', '繁體')).click();
      await byLabel(page, '英文全名', { within: form });
      await (await byRole(page, 'button', 'English')).click();
      await byLabel(page, 'Full name in English', { within: form });
      assert.equal(await count(page, { label: 'Date of birth', within: form, visible: false }), 0, 'the date is three labelled selects');
      assert.equal(await valueOf(page, 'Month', form), '03');
      assert.equal(await valueOf(page, 'Hong Kong identity card number', form), 'K543210(3)');
      assert.equal(await (await byLabel(page, 'I own residential property in Hong Kong', { within: form })).evaluate((node) => node.checked), true);

      // The form really is controlled: a value written without telling the app goes at the next keystroke.
      await page.evaluate(() => {
        const input = document.querySelector('[name="fullName"]');
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, 'WRONG');
      });
      const email = await byLabel(page, 'Email address', { within: form });
      await email.press('End');
      await email.type('x');
      await email.press('Backspace');
      assert.equal(await valueOf(page, 'Full name in English', form), 'CHAN Tai Man');

      await (await byRole(page, 'button', 'Review', { within: form })).click();
      await byRole(page, 'heading', 'Review your details', { css: 'h2', within: '#bank-review' });
      assert.equal(await activeElement(page, 'id'), 'bank-review-title');
      assert.equal(await textOf(page, '#status'), 'Review your details: they are below the form.');
      const value = (name) => textOf(page, `#bank-review [data-field="${name}"]`);
      const expected = {
        fullName: 'CHAN Tai Man', hkid: 'K543210(3)', birthDate: '1978-03-14', mobile: '+852 91234567', email: 'chan.taiman@example.com',
        address: 'Flat C, 12/F, Block 3\nSandbox Garden\n18 Tai Chung Kiu Road\nSha Tin, New Territories',
        employment: 'Employed', propertyOwner: 'Yes', officePhone: '+852 28105678',
      };
      for (const [name, text] of Object.entries(expected)) assert.equal(await value(name), text, name);
      assert.equal(await attributeOf(page, '#bank-review [data-field="employment"]', 'data-value'), 'employed');
      assert.equal(await attributeOf(page, '#bank-review [data-field="propertyOwner"]', 'data-value'), 'true');
      assert.deepEqual(await axeViolations(page), []);

      for (const [button, employment, owner] of [['繁體', '受僱', '是'], ['简体', '受雇', '是']]) {
        await (await byRole(page, 'button', button)).click();
        await byText(page, employment, { within: '#bank-review [data-field="employment"]' });
        assert.equal(await value('propertyOwner'), owner);
        assert.equal(await value('fullName'), 'CHAN Tai Man');
        assert.deepEqual(await axeViolations(page), [], button);
      }
      await (await byRole(page, 'button', 'English')).click();

      // Back to the form from the keyboard, and the values are still there.
      await (await byRole(page, 'button', 'Change details', { within: '#bank-review' })).press('Enter');
      await page.waitForFunction(() => !document.getElementById('bank-review'));
      assert.equal(await activeElement(page, 'name'), 'fullName');
      assert.equal(await valueOf(page, 'Office phone number', form), '+852 28105678');
      await (await byRole(page, 'button', 'Review', { within: form })).click();
      await (await byRole(page, 'button', 'Open the account', { within: '#bank-review' })).click();
      await byText(page, 'Thank you. Your application is received. (A demo: nothing was sent anywhere.)', { within: '#bank-review' });
      assert.equal(await textOf(page, '#status'), 'Thank you. Your application is received. (A demo: nothing was sent anywhere.)');
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems, []);
    });

    test(
      'both forms: no sideways scrolling at 320 px with the confirmation shown (not in WebKit: MiniBrowser\'s window cannot be narrower than 447 px)',
      { skip: engine.name === 'WebKit' ? 'MiniBrowser\'s toolbar keeps its window at least 447 CSS px wide; WebDriver classic has no viewport emulation' : false },
      async () => {
        const { page, problems } = await newPage();
        await page.goto(`${site.origin}/library-card.html`);
        await page.evaluate(fillLikeTheElement, LIBRARY_CARD);
        await (await byRole(page, 'button', 'Submit application', { within: '#library-card' })).click();
        await byRole(page, 'heading', 'Application received', { css: 'h2', within: '#library-card-result' });
        await page.setViewport({ width: 320, height: 640 });
        assert.ok(await noSidewaysScrolling(page), 'library card: no sideways scrolling at 320 px');

        await page.setViewport({ width: 1280, height: 900 });
        await page.goto(`${site.origin}/bank.html`);
        await find(page, { css: '#bank-form' });
        await page.evaluate(fillLikeTheElement, BANK);
        await (await byRole(page, 'button', 'Review', { within: '#bank-form' })).click();
        await (await byRole(page, 'button', 'Open the account', { within: '#bank-review' })).click();
        await byText(page, 'Thank you. Your application is received. (A demo: nothing was sent anywhere.)', { within: '#bank-review' });
        await page.setViewport({ width: 320, height: 640 });
        assert.ok(await noSidewaysScrolling(page), 'bank: no sideways scrolling at 320 px');
        assert.deepEqual(problems, []);
      },
    );
  });
}
