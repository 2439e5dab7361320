// The WebKit adapter (e2e/webkit-page.js) checked against what the backend-mode and CDN tests rely
// on: a script given to evaluateOnNewDocument runs before the page's own first script, in every
// document (after a navigation too), under a strict CSP, and leaves no element behind; console
// errors, uncaught exceptions, unhandled rejections and CSP violations reach page.on(); `>>>`
// finds elements in shadow roots; a page's new tab is found by waitForTarget; goto and reload
// return the document's response status.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchWebKit } from './webkit-page.js';

const PAGE_JS = `
window.__initSeenByPage = window.__init === true;
console.error('from the page', 42);
setTimeout(() => { throw new Error('thrown later'); }, 0);
Promise.reject(new Error('not handled'));
document.addEventListener('DOMContentLoaded', () => {
  const image = document.createElement('img');
  image.src = 'http://127.0.0.2:9/blocked.png';
  document.body.append(image);
  const host = document.getElementById('host');
  const button = document.createElement('button');
  button.textContent = 'Deep';
  host.attachShadow({ mode: 'open' }).append(button);
});
`;

describe('WebKit adapter (WebDriver classic behind puppeteer\'s Page API)', () => {
  let server;
  let origin;
  let browser;

  before(async () => {
    server = createServer((request, response) => {
      const csp = { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; require-trusted-types-for 'script'" };
      if (request.url === '/page.js') return void response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(PAGE_JS);
      if (request.url === '/') {
        return void response.writeHead(200, { 'Content-Type': 'text/html', ...csp })
          .end('<!doctype html><html><head><script src="/page.js"></script></head><body><div id="host"></div><a href="/second" target="_blank">second</a></body></html>');
      }
      if (request.url === '/second') {
        return void response.writeHead(200, { 'Content-Type': 'text/html', ...csp }).end('<!doctype html><title>second</title><p>second</p>');
      }
      response.writeHead(404).end();
    });
    await new Promise((resolve) => server.listen(0, 'localhost', resolve));
    origin = `http://localhost:${server.address().port}`;
    browser = await launchWebKit();
  });

  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('init script first in every document; console errors, uncaught errors, rejections and CSP violations reported; >>> and new tabs work', async () => {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems = [];
      page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      await page.evaluateOnNewDocument(() => {
        Object.defineProperty(window, '__init', { value: true });
      });
      const response = await page.goto(`${origin}/`);
      assert.equal(response?.status(), 200, 'goto returns the document\'s response');
      assert.equal(await page.evaluate(() => window.__initSeenByPage), true, 'the init script ran before the page\'s first script');
      assert.equal(await page.evaluate(() => document.querySelectorAll('script').length), 1, 'only the page\'s own script element is in the DOM');
      const deep = await page.waitForSelector('#host >>> button', { visible: true });
      assert.equal(await deep.evaluate((element) => element.textContent), 'Deep');
      for (let waited = 0; problems.length < 4 && waited < 5000; waited += 100) await sleep(100);
      assert.ok(problems.some((line) => line === 'console: from the page 42'), problems.join(' | '));
      assert.ok(problems.some((line) => line.startsWith('uncaught:') && line.includes('thrown later')), problems.join(' | '));
      assert.ok(problems.some((line) => line.startsWith('uncaught:') && line.includes('not handled')), problems.join(' | '));
      assert.ok(problems.some((line) => line.startsWith('console: Refused by the Content Security Policy: img-src')), problems.join(' | '));

      assert.equal((await page.reload())?.status(), 200, 'reload returns the document\'s response');
      assert.equal(await page.evaluate(() => window.__initSeenByPage), true, 'again after a reload');
      const opened = context.waitForTarget((target) => target.url().endsWith('/second'));
      await (await page.$('a')).click();
      const tab = await (await opened).page();
      assert.equal(await tab.evaluate(() => window.__init), true, 'in the new tab too');
      await tab.close();
      assert.equal(new URL(page.url()).pathname, '/');
      const missing = await page.goto(`${origin}/missing`);
      assert.equal(missing?.status(), 404, 'an error status is the navigation\'s, not a failure of goto');
      assert.equal(missing.url(), `${origin}/missing`);
    } finally {
      await context.close();
    }
  });
});
