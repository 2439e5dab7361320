// The demo site's server on its own: security headers, MIME types, template filling, and no way
// out of the site folder. Raw HTTP requests, so paths reach the server exactly as written (fetch
// would normalise `..` away before sending).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDemoSite } from '../demo-site/server.js';

const ISSUER = 'http://localhost:1';

let site;
let bundleDir;

before(async () => {
  // A stand-in bundle folder, so this test needs no build.
  bundleDir = await mkdtemp(join(tmpdir(), 'iams-bundle-'));
  await writeFile(join(bundleDir, 'iamsmart.js'), 'export {};\n');
  await writeFile(join(bundleDir, 'iamsmart.js.map'), '{"version":3}\n');
  site = await startDemoSite({ port: 0, sandboxIssuer: ISSUER, bundleDir });
});

after(async () => {
  await site?.close();
  await rm(bundleDir, { recursive: true, force: true });
});

function get(path, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request({ host: 'localhost', port: site.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('demo site server', () => {
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

  test('the pages name the configured issuer and this server as the redirect target', async () => {
    const home = await get('/');
    assert.match(home.body, new RegExp(`<iams-provider id="iams" issuer="${ISSUER}" client-id="demo-site" redirect-uri="${site.origin}/">`));
    assert.doesNotMatch(home.body, /\{\{/);
    assert.doesNotMatch(home.body, /<script>|style=/, 'no inline scripts or styles');
    const popup = await get('/popup-callback.html');
    assert.match(popup.body, new RegExp(`redirect-uri="${site.origin}/popup-callback.html"`));
    // The popup arrives from the provider's page; a COOP here would cut it off from its opener.
    assert.equal(popup.headers['cross-origin-opener-policy'], undefined);
    assert.ok(popup.headers['content-security-policy']);
  });

  test('files are served with their MIME types', async () => {
    const expected = {
      '/app.js': 'text/javascript; charset=utf-8',
      '/assets/site.css': 'text/css; charset=utf-8',
      '/assets/logo.svg': 'image/svg+xml',
      '/iamsmart.js': 'text/javascript; charset=utf-8',
      '/iamsmart.js.map': 'application/json; charset=utf-8',
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
    ];
    for (const path of attempts) {
      const res = await get(path);
      assert.equal(res.status, 404, `${path} → ${res.status}`);
      assert.doesNotMatch(res.body, /"workspaces"|root:|startDemoSite/, path);
    }
    assert.equal((await get('/%E0%A4%A')).status, 400, 'malformed escape');
  });

  test('only GET and HEAD', async () => {
    const res = await get('/', 'POST');
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'GET, HEAD');
  });
});
