// End to end, backend mode: the demo site's home page (<iams-provider backend="/iamsmart">) logs a
// resident in through the site's own server (@iamsmart/server mounted by demo-site/server.js)
// against the sandbox's emulation of the real platform, in Chromium and in Firefox (Debian's, both
// driven by puppeteer-core: CDP for Chromium, WebDriver BiDi for Firefox) and in WebKit (WebKitGTK's
// MiniBrowser over WebDriver classic, behind the same API: e2e/webkit-page.js).
// - a desktop: "Login with iAM Smart" → the hosted getQR page → its QR read from a screenshot's
//   pixels and opened on a phone context (the simulator), the identification code matched,
//   Approve → back on the site, the resident's name shown;
// - a phone-sized context: the server sends it to getQR with brokerPage=true, "Open iAM Smart"
//   opens the app (a new tab), Approve → the page carries on to the site, logged in;
// - two server instances sharing one real Redis behind a proxy: the login starts on one and the
//   callback lands on the other, and the page is logged in.
// Each time: no token anywhere in the page — Web Storage, cookies a script can read, globals,
// the events the elements fire — and, with Redis, the session's real access token (read from the
// store) is searched for in all of them. No console error or uncaught exception on any page.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'redis';
import { startSandbox } from '@iamsmart/sandbox';
import { startDemoSite } from '../demo-site/server.js';
import { startRedis } from '../scripts/redis.js';
import {
  ENGINES, approveInApp, engineSuite, assertNoTokenIn, clickLogin, linkNamed, loginAcrossDevices, pageSecrets, recordedPage, waitForResident,
} from './backend-support.js';
import { assertBundleBuilt, freePort } from './harness.js';

/**
 * A load balancer in front of two instances of the site: /iamsmart/login always to `first`,
 * /iamsmart/callback always to `second`, everything else in turn — so a login starts on one
 * instance and finishes on the other, and the page's own requests reach both.
 */
async function startBalancer(port, first, second) {
  let turn = 0;
  const server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    const target = path.startsWith('/iamsmart/login') ? first : path.startsWith('/iamsmart/callback') ? second : [first, second][turn++ % 2];
    const forward = httpRequest({ host: 'localhost', port: target.port, method: incoming.method, path, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => {
      outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(forward);
  });
  await new Promise((resolve) => server.listen(port, 'localhost', resolve));
  return { close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

for (const engine of ENGINES) {
  describe(`backend mode in ${engine.name}: login through the site's own server`, () => {
    const suite = engineSuite(engine, { stack: true });
    test('a desktop: the hosted QR page, its QR read from pixels on a phone, Approve → logged in; no token in the page; logout', async () => {
      const { desktop, phone, close } = await loginAcrossDevices(suite.browser, engine.name, suite.stack.origin, (hosted) => {
        assert.equal(hosted.origin + hosted.pathname, `${suite.stack.issuer}/api/v1/auth/getQR`);
        assert.equal(hosted.searchParams.get('source'), 'PC_Browser');
        assert.equal(hosted.searchParams.has('brokerPage'), false, 'no app link on a desktop');
        assert.equal(hosted.searchParams.get('redirectURI'), `${suite.stack.origin}/iamsmart/callback`);
      });
      try {
        const landed = new URL(desktop.page.url());
        assert.equal(landed.pathname, '/');
        assert.equal(landed.search, '', 'the return marker is gone from the address bar');
        assertNoTokenIn(await pageSecrets(desktop.page));

        // A reload keeps the login (the HttpOnly session cookie); logout ends it on the server.
        await desktop.page.reload();
        await waitForResident(desktop.page);
        await desktop.page.locator('#logout').click();
        await desktop.page.waitForFunction(() => !document.getElementById('signed-out')?.hidden);
        const session = await desktop.page.evaluate(async () => (await fetch('/iamsmart/session')).json());
        assert.deepEqual(session, { loggedIn: false });
        assert.deepEqual([...desktop.problems, ...phone.problems], []);
      } finally {
        await close();
      }
    });

    test('a phone: brokerPage opens the app, Approve → the page carries on to the site, logged in; no token in the page', async () => {
      const phoneContext = await suite.browser.createBrowserContext();
      try {
        const phone = await recordedPage(phoneContext, engine.name, { phone: true });
        await phone.page.goto(`${suite.stack.origin}/`);
        await clickLogin(phone.page);
        await phone.page.waitForFunction(() => document.getElementById('user-code')?.textContent);
        const hosted = new URL(phone.page.url());
        assert.equal(hosted.searchParams.get('brokerPage'), 'true', 'the server asked for the app link on a phone');
        assert.equal(hosted.searchParams.get('source'), 'Android_Chrome');
        const userCode = (await phone.page.$eval('#user-code', (element) => element.textContent)).trim();

        const appOpened = phoneContext.waitForTarget((target) => target.url().includes('/app/'));
        await (await linkNamed(phone.page, 'Open iAM Smart')).click();
        const app = await (await appOpened).page();
        await approveInApp(app, userCode);
        await phone.page.bringToFront();
        await phone.page.waitForFunction((origin) => window.location.origin === origin, {}, suite.stack.origin);
        await waitForResident(phone.page);
        assertNoTokenIn(await pageSecrets(phone.page));
        assert.deepEqual(phone.problems, []);
      } finally {
        await phoneContext.close();
      }
    });
  });
}

for (const engine of ENGINES) {
  describe(`backend mode in ${engine.name}: two instances of the site sharing one Redis`, () => {
    /** @type {import('puppeteer-core').Browser} */
    let browser;
    let stack;

    before(async () => {
      assertBundleBuilt();
      const dataDir = await mkdtemp(join(tmpdir(), 'iams-redis-e2e-'));
      const redis = await startRedis();
      const publicPort = await freePort();
      const publicOrigin = `http://localhost:${publicPort}`;
      const sessionSecret = randomBytes(32).toString('base64url');
      const sandbox = await startSandbox({ port: 0, dataDir, demoOrigin: publicOrigin, quiet: true });
      const instance = () => startDemoSite({
        port: 0, sandboxIssuer: sandbox.issuer, signingRootPem: sandbox.signingRootPem, platformClient: sandbox.demoPlatformClient,
        publicOrigin, sharedStore: { redisUrl: redis.url, sessionSecret },
      });
      const [first, second] = await Promise.all([instance(), instance()]);
      const balancer = await startBalancer(publicPort, first, second);
      const reader = createClient({ url: redis.url });
      await reader.connect();
      stack = {
        issuer: sandbox.issuer,
        origin: publicOrigin,
        reader,
        close: async () => {
          await reader.quit().catch(() => {});
          await Promise.allSettled([balancer.close(), first.close(), second.close(), sandbox.close()]);
          await redis.stop();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
      browser = await engine.launch();
    });

    after(async () => {
      await browser?.close();
      await stack?.close();
    });

    test('the login starts on one instance and the callback lands on the other; the session\'s token (in Redis) is nowhere in the page', async () => {
      const { desktop, phone, close } = await loginAcrossDevices(browser, engine.name, stack.origin);
      try {
        const tokens = [];
        for await (const keys of stack.reader.scanIterator({ MATCH: '*', COUNT: 100 })) {
          for (const key of [keys].flat()) {
            const value = await stack.reader.get(key).catch(() => null);
            const token = value && /"accessToken":"([^"]+)"/.exec(value)?.[1];
            if (token) tokens.push(token);
          }
        }
        assert.equal(tokens.length, 1, 'one session, with its access token, is in Redis');
        assertNoTokenIn(await pageSecrets(desktop.page), tokens[0]);
        assert.deepEqual([...desktop.problems, ...phone.problems], []);
      } finally {
        await close();
      }
    });
  });
}
