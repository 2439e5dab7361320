// Guessing identification codes in the simulator: codes that match no request are limited per
// address (five a minute), on the typing form and on verification_uri_complete links alike.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createBrowser, startTestSandbox } from './helpers.js';
import { heading, startQrSession } from './app-support.js';

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;

before(async () => {
  sandbox = await startTestSandbox({ crossDevice: { rateLimit: { max: 1000, windowSeconds: 60 } } });
});
after(() => sandbox.stop());

test('after five codes that match nothing, even the right code waits, with Retry-After and a clear screen', async () => {
  const session = await startQrSession(sandbox.issuer);
  const browser = createBrowser();
  const { response: form } = await browser.follow(new URL('/app/code', sandbox.issuer), sandbox.issuer);
  const csrf = String(/name="csrf" value="([^"]+)"/.exec(await form.text())?.[1]);
  /** @param {string} code @param {string} [accept] */
  const submit = (code, accept = 'text/html') => browser.request(new URL('/app/code', sandbox.issuer), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept }, body: new URLSearchParams({ csrf, code }),
  });

  // A malformed entry is a typing slip, not a guess: it does not count.
  assert.equal((await submit('1234')).status, 400);
  for (const guess of ['0000-0001', '0000-0002', '0000-0003', '0000-0004']) assert.equal((await submit(guess)).status, 404, guess);
  const link = await fetch(new URL('/app/code?user_code=0000-0005', sandbox.issuer));
  assert.equal(link.status, 404, 'a link with an unknown code counts as well');

  const blocked = await submit(session.user_code);
  assert.equal(blocked.status, 429, 'the right code waits too, or guessing would go on');
  const seconds = Number(blocked.headers.get('retry-after'));
  assert.ok(seconds >= 1 && seconds <= 60, `Retry-After ${seconds}`);
  const page = await blocked.text();
  assert.equal(heading(page), 'Too many codes tried');
  assert.match(page, new RegExp(`wait ${seconds} seconds`));
  const api = await submit(session.user_code, 'application/json');
  assert.equal(api.status, 429);
  assert.equal((await api.json()).error, 'too_many_codes');
  const viaLink = await fetch(new URL(`/app/code?user_code=${session.user_code}`, sandbox.issuer), { headers: { 'accept-language': 'zh-HK' } });
  assert.equal(viaLink.status, 429);
  assert.equal(heading(await viaLink.text()), '嘗試的識別碼過多');
});
