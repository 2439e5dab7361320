// End to end, as an outside relying party that knows only the published protocol
// (../shared/design/PLATFORM.md): the developer runs `iamsmart-sandbox new-client` (the package's
// bin, as a child process) to get a client, writes it into an IAMS_SANDBOX_CLIENTS file and starts
// the sandbox and demo site as `npm start` does (scripts/start.js, on free ports, never the
// defaults). The relying party's backend is a local HTTP server that receives the platform's
// pushes; its API calls are signed (HMAC-SHA256) and encrypted by the independent client in
// packages/sandbox/test/platform-support.js (node:crypto and node-forge, nothing of the sandbox).
// The resident uses a browser, in each of the three engines in turn: Chromium and Firefox
// (Debian's, through puppeteer-core) and WebKit (WebKitGTK's MiniBrowser over WebDriver classic,
// e2e/webkit-page.js). The desktop is on the hosted getQR page, the QR read from its pixels and
// opened on a phone-sized page of the same engine (the simulator; e2e/devices.js), the
// identification code matched, Approve. Then: login → code + state → getToken → profiles; e-ME
// initiateRequest → getQR with the ticketID → push unwrapped with the client's own private key and
// decrypted here; signing initiateRequest → push decrypted → signature verified with node:crypto
// over the document, the certificate against the sandbox's root → ackResult SR001. No console
// error, uncaught exception or CSP violation on either device.
// The client, the sandbox and demo site, and the relying party's backend are set up once for the
// file and shared by the engines: each engine's resident makes its own login (its own getQR
// session, code and token) and its own requests (business IDs that name the engine), the engines
// run one after another (node:test runs a file's suites in order), and each push is checked
// against its own business ID; what the engines share is read only (the client's registration
// and content key, the resident's data).
/* global document -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ENGINES, approveInApp, engineSuite, scanHostedQr } from './backend-support.js';
import { openDesktopAndPhone, openOnPhone } from './devices.js';
import { assertAccessible, assertBundleBuilt, assertDevicesClean, freePort, IDENTIFICATION_CODE } from './harness.js';
import { byText, find, textOf, waitForUrl } from './locators.js';
import {
  callPlatform, decrypt, getKey, startRelyingPartySite, testPlatformClient, unwrapKey,
} from '../packages/sandbox/test/platform-support.js';

const ROOT = new URL('../', import.meta.url);
const SANDBOX_PACKAGE = new URL('packages/sandbox/', ROOT);
/** The command a developer runs, as the package declares it (package.json "bin"). */
const CLI = fileURLToPath(new URL(JSON.parse(readFileSync(new URL('package.json', SANDBOX_PACKAGE), 'utf8')).bin['iamsmart-sandbox'], SANDBOX_PACKAGE));
const START = fileURLToPath(new URL('scripts/start.js', ROOT));
const RESIDENT = 'CHAN Tai Man';
const CLIENT_ID = 'e2e-outside-rp';

/** The relying party's backend: records each POST (the platform's pushes). */
const rpSite = await startRelyingPartySite();
const LOGIN_REDIRECT = `${rpSite.origin}/login/callback`;
const EME_REDIRECT = `${rpSite.origin}/eme/result`;
const SIGN_REDIRECT = `${rpSite.origin}/sign/result`;

/**
 * `iamsmart-sandbox new-client` as a developer runs it; its printed entry and private key.
 * @returns {Promise<{ entry: Record<string, any>, privateKeyPem: string }>}
 */
async function newClientFromCli() {
  const { stdout } = await promisify(execFile)(process.execPath, [
    CLI, 'new-client', '--id', CLIENT_ID, '--name', 'Outside Test Bank',
    '--redirect', LOGIN_REDIRECT, '--redirect', EME_REDIRECT, '--redirect', SIGN_REDIRECT,
  ]);
  const json = /^\{[\s\S]*?^\}$/m.exec(stdout)?.[0];
  const privateKeyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(stdout)?.[0];
  assert.ok(json && privateKeyPem, `new-client printed an entry and a private key:\n${stdout}`);
  return { entry: JSON.parse(json), privateKeyPem };
}

/**
 * scripts/start.js (what `npm start` runs after building) with this clients file, on free ports;
 * resolves once it says it is running, with the sandbox's issuer.
 * @param {string} clientsFile @param {string} dataDir
 */
async function startLikeNpmStart(clientsFile, dataDir) {
  const sandboxPort = await freePort();
  let demoPort = await freePort();
  while (demoPort === sandboxPort) demoPort = await freePort();
  const child = spawn(process.execPath, [START], {
    cwd: fileURLToPath(ROOT),
    env: { ...process.env, SANDBOX_PORT: String(sandboxPort), DEMO_PORT: String(demoPort), IAMS_SANDBOX_CLIENTS: clientsFile, IAMS_SANDBOX_DATA: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const issuer = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`npm start's script did not say it was running within 60 s:\n${output}`));
    }, 60_000);
    const read = (/** @type {Buffer} */ chunk) => {
      output += chunk;
      const found = /Sandbox issuer\s+(\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`scripts/start.js exited (${code}) before it was running:\n${output}`));
    });
  });
  return {
    issuer: /** @type {string} */ (issuer),
    sandboxPort,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(undefined);
      child.once('exit', () => resolve(undefined));
      child.kill('SIGTERM');
    }),
  };
}

/** @type {string} */
let folder;
/** @type {Awaited<ReturnType<typeof startLikeNpmStart>>} */
let running;
/** @type {import('../packages/sandbox/test/platform-support.js').TestPlatformClient} */
let client;
/** @type {X509Certificate} */
let enciphermentCertificate;

before(async () => {
  assertBundleBuilt();
  folder = await mkdtemp(join(tmpdir(), 'iams-e2e-platform-'));
  const { entry, privateKeyPem } = await newClientFromCli();
  enciphermentCertificate = new X509Certificate(entry.encipherment_certificate);
  const clientsFile = join(folder, 'clients.json');
  await writeFile(clientsFile, JSON.stringify([entry]), { mode: 0o600 });
  running = await startLikeNpmStart(clientsFile, join(folder, 'data'));
  client = testPlatformClient({ clientID: entry.client_id, secret: entry.client_secret, privateKeyPem });
  await getKey(running.issuer, client);
});

after(async () => {
  await running?.stop();
  rpSite.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** @param {string} path @param {Record<string, unknown>} body */
const call = (path, body) => callPlatform(running.issuer, client, path, body);

/** @param {string} ticketID */
function getQrWithTicket(ticketID) {
  const url = new URL('/api/v1/auth/getQR', running.issuer);
  url.searchParams.set('clientID', client.clientID);
  url.searchParams.set('ticketID', ticketID);
  url.searchParams.set('lang', 'en-US');
  return url.href;
}

/** A text as a pattern that finds it inside an element's longer text (Playwright's getByText). */
const containing = (/** @type {string} */ text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/**
 * The push for `businessID`: the next POST to the backend whose decrypted content names it (an
 * earlier request's late push, if any, is passed over).
 * @param {string} businessID
 * @returns {Promise<{ push: { url: string, body: any }, content: any } | undefined>}
 */
async function pushFor(businessID, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const push = await rpSite.nextPush(Math.max(deadline - Date.now(), 0));
    if (!push) return undefined;
    const body = JSON.parse(push.body);
    let content;
    try {
      content = JSON.parse(decrypt(unwrapKey(client.privateKeyPem, body.secretKey), body.content));
    } catch {
      return { push: { url: push.url, body }, content }; // not ours to pass over: the assertions say what is wrong
    }
    if (content.businessID === businessID) return { push: { url: push.url, body }, content };
  }
}

describe('an outside relying party against `npm start`\'s sandbox', () => {
  test('the client new-client printed is registered: getKey wraps the content key to its own certificate (no browser)', () => {
    assert.equal(client.contentKey?.length, 32);
    assert.match(enciphermentCertificate.subject, new RegExp(CLIENT_ID));
  });
});

for (const engine of ENGINES) {
  describe(`an outside relying party against \`npm start\`'s sandbox: login, e-ME and signing in ${engine.name}`, () => {
    const suite = engineSuite(engine);
    /** @type {{ accessToken: string, openID: string }} */
    let session;

    async function openDevices() {
      suite.devices = await openDesktopAndPhone(suite.browser, engine.name);
      return suite.devices;
    }

    /**
     * The resident's part from a hosted page already open on the desktop: the QR read from the
     * page's pixels and opened on the phone (signed in as the resident), the identification code
     * the desktop shows matched on the phone, then `look` at the request screen, then Approve.
     * @param {(phone: any) => Promise<void>} [look]
     */
    async function approveFromHostedPage({ desktop, phone }, look) {
      const link = await scanHostedQr(desktop.page);
      assert.ok(link.startsWith(`${running.issuer}/app/`), `the QR opens the simulator: ${link}`);
      const userCode = (await textOf(desktop.page, '#user-code')).trim();
      assert.match(userCode, IDENTIFICATION_CODE);
      await openOnPhone(phone.page, link, RESIDENT);
      assert.equal(await textOf(phone.page, '.site-name'), 'Outside Test Bank');
      await look?.(phone.page);
      await approveInApp(phone.page, userCode);
    }

    /** The hosted page's first heading, once shown. */
    const heading = (/** @type {any} */ page, /** @type {string} */ name) => find(page, { css: 'h1', name: containing(name) });

    test('login: getQR, QR from pixels, code matched on the phone, Approve → redirectURI with code + state → getToken → profiles', async () => {
      const { desktop } = await openDevices();
      const url = new URL('/api/v1/auth/getQR', running.issuer);
      for (const [name, value] of Object.entries({
        clientID: client.clientID, responseType: 'code', source: 'PC_Browser', redirectURI: LOGIN_REDIRECT,
        scope: 'eidapi_auth eidapi_profiles eidapi_formFilling eidapi_sign', lang: 'en-US', state: `outside_rp-${engine.name}`,
      })) url.searchParams.set(name, value);
      await desktop.page.goto(url.href);
      await heading(desktop.page, 'Login with iAM Smart');
      assert.equal(await textOf(desktop.page, '#site-name'), 'Outside Test Bank');
      await assertAccessible(desktop.page, 'hosted login page');
      await approveFromHostedPage(suite.devices);
      const landed = await waitForUrl(desktop.page, (address) => address.href.startsWith(LOGIN_REDIRECT));
      assert.equal(await desktop.page.evaluate(() => document.title), 'Back at the bank', 'the relying party\'s own server answered the redirect');
      assert.equal(landed.searchParams.get('state'), `outside_rp-${engine.name}`);
      const code = landed.searchParams.get('code');
      assert.ok(code, 'the browser brought an authorization code');

      const token = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
      assert.equal(token.code, 'D00000', token.message);
      assert.equal(token.result.tokenType, 'Bearer');
      assert.equal(typeof token.result.openID, 'string');
      const again = await call('/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
      assert.notEqual(again.code, 'D00000', 'the code works once');
      session = { accessToken: token.result.accessToken, openID: token.result.openID };

      const profile = await call('/api/v1/profiles', { ...session, profileFields: ['idNo', 'enName', 'chName'] });
      assert.equal(profile.code, 'D00000', profile.message);
      assert.deepEqual(profile.result, {
        idNo: { Identification: 'K543210', CheckDigit: '3' }, enName: { UnstructuredName: RESIDENT }, chName: { ChineseName: '陳大文' },
      });
      assertDevicesClean(suite.devices);
    });

    test('e-ME: initiateRequest → getQR with the ticketID → the phone shows the form and values, Approve → the push decrypts with the client\'s own key', async (t) => {
      if (!session) return t.skip('the login did not finish');
      const { desktop } = await openDevices();
      const businessID = `eme-${engine.name}-${Date.now()}`;
      const initiated = await call('/api/v1/account/eme/initiateRequest', {
        businessID, ...session, source: 'PC_Browser', redirectURI: EME_REDIRECT, state: 'eme_outside-1', lang: 'en-US',
        formName: 'Savings account opening', formNum: 'SB-101', formDesc: 'Open a savings account with your e-ME details',
        eMEFields: ['enName', 'mobileNumber', 'emailAddress', 'residentialAddress'],
      });
      assert.equal(initiated.code, 'D00000', initiated.message);
      assert.equal(initiated.result.authByQR, true);

      const pushed = pushFor(businessID);
      await desktop.page.goto(getQrWithTicket(initiated.result.ticketID));
      await heading(desktop.page, 'Fill with iAM Smart');
      await approveFromHostedPage(suite.devices, async (phone) => {
        await byText(phone, containing('Savings account opening'));
        await byText(phone, containing('+852 9123 4567'));
      });
      const landed = await waitForUrl(desktop.page, (address) => address.href.startsWith(EME_REDIRECT));
      assert.deepEqual([...landed.searchParams], [['state', 'eme_outside-1']], 'the browser carries the state and nothing else');

      const result = await pushed;
      assert.ok(result, 'the result was pushed to the backend');
      const { push, content } = result;
      assert.equal(push.url, '/eme/result');
      assert.equal(push.body.code, 'D00000');
      assert.equal(typeof push.body.txID, 'string');
      assert.equal(unwrapKey(client.privateKeyPem, push.body.secretKey).length, 32);
      assert.equal(content.businessID, businessID);
      assert.equal(content.openID, session.openID);
      assert.deepEqual(content.enName, { UnstructuredName: RESIDENT });
      assert.deepEqual(content.mobileNumber, { CountryCode: '852', SubscriberNumber: '91234567' });
      assert.equal(content.emailAddress, 'chan.taiman@example.com');
      assert.equal(content.residentialAddress.EngPremisesAddress.Building, 'Sandbox Garden');
      assert.deepEqual(Object.keys(content).sort(), ['businessID', 'emailAddress', 'enName', 'mobileNumber', 'openID', 'residentialAddress']);
      assertDevicesClean(suite.devices);
    });

    test('signing: initiateRequest with the document\'s SHA-256 → getQR → Approve → the pushed signature verifies over the document, the certificate chains to the sandbox root → ackResult SR001', async (t) => {
      if (!session) return t.skip('the login did not finish');
      const { desktop } = await openDevices();
      const document = Buffer.from('Loan agreement no. 2026-0099 between Outside Test Bank and CHAN Tai Man.\n');
      const hashCode = createHash('sha256').update(document).digest('base64');
      const businessID = `sign-${engine.name}-${Date.now()}`;
      const initiated = await call('/api/v1/account/signing/initiateRequest', {
        businessID, ...session, source: 'PC_Browser', redirectURI: SIGN_REDIRECT, state: 'sign_outside-1', hashCode,
        HKICHash: createHash('sha256').update('K543210').digest('base64'),
        department: 'Loans Department', serviceName: 'Personal loan', documentName: 'Loan agreement 2026-0099', sigAlgo: 'SHA256withRSA',
      });
      assert.equal(initiated.code, 'D00000', initiated.message);

      const fingerprint = /** @type {string[]} */ (createHash('sha256').update(document).digest().subarray(0, 8).toString('hex').toUpperCase().match(/.{4}/g)).join(' ');
      const pushed = pushFor(businessID);
      await desktop.page.goto(getQrWithTicket(initiated.result.ticketID));
      await heading(desktop.page, 'Signing with iAM Smart');
      await approveFromHostedPage(suite.devices, async (phone) => {
        await byText(phone, containing('Loan agreement 2026-0099'));
        assert.equal((await textOf(phone, 'code.fingerprint')).trim(), fingerprint, 'the phone shows the document\'s own fingerprint');
      });
      const landed = await waitForUrl(desktop.page, (address) => address.href.startsWith(SIGN_REDIRECT));
      assert.deepEqual([...landed.searchParams], [['state', 'sign_outside-1']]);

      const result = await pushed;
      assert.ok(result, 'the result was pushed to the backend');
      const { push, content } = result;
      assert.equal(push.url, '/sign/result');
      assert.equal(push.body.code, 'D00000');
      assert.equal(content.businessID, businessID);
      assert.equal(content.hashCode, hashCode);
      const certificate = new X509Certificate(Buffer.from(content.cert, 'base64'));
      const signature = Buffer.from(content.signature, 'base64');
      assert.ok(verify('sha256', document, certificate.publicKey, signature), 'the signature verifies over the document');
      assert.ok(!verify('sha256', Buffer.concat([document, Buffer.from(' ')]), certificate.publicKey, signature), 'and not over another');
      const root = new X509Certificate(await (await fetch(new URL('/csc/v2/ca.pem', running.issuer))).text());
      assert.ok(certificate.checkIssued(root) && certificate.verify(root.publicKey), 'issued and signed by the sandbox root');
      assert.match(certificate.subject, /CHAN Tai Man/);

      const ack = await call('/api/v1/account/signing/ackResult', { businessID, signingResult: 'SR001' });
      assert.equal(ack.code, 'D00000', ack.message);
      assertDevicesClean(suite.devices);
    });
  });
}
