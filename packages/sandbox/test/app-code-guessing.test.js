// Guessing identification codes in the simulator (decision 026, superseding 009): codes that
// match no request are limited per phone (five a minute), on the typing form and on
// verification_uri_complete links alike, so one phone guessing does not lock out the other
// phones at its address (a NAT, a school, a mobile carrier); and per address (fifty a minute) as
// a backstop against a guesser who drops its cookie to be a new phone each time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createBrowser, startTestSandbox } from './helpers.js';
import { heading, startQrSession } from './app-support.js';
import { WRONG_CODES } from '../src/app/state.js';

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;

before(async () => {
  sandbox = await startTestSandbox({ crossDevice: { rateLimit: { max: 1000, windowSeconds: 60 } } });
});
after(() => sandbox.stop());

/** A phone (its own device cookie) on the code page, and a way to submit codes there. @param {string} issuer */
async function phoneOnCodePage(issuer) {
  const browser = createBrowser();
  const { response: form } = await browser.follow(new URL('/app/code', issuer), issuer);
  const csrf = String(/name="csrf" value="([^"]+)"/.exec(await form.text())?.[1]);
  return {
    browser,
    /** @param {string} code @param {string} [accept] */
    submit: (code, accept = 'text/html') => browser.request(new URL('/app/code', issuer), {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept }, body: new URLSearchParams({ csrf, code }),
    }),
  };
}

test('after five codes that match nothing on one phone, even the right code waits on that phone, with Retry-After and a clear screen', async () => {
  const session = await startQrSession(sandbox.issuer);
  const { browser, submit } = await phoneOnCodePage(sandbox.issuer);

  // A malformed entry is a typing slip, not a guess: it does not count.
  assert.equal((await submit('1234')).status, 400);
  for (const guess of ['0000-0001', '0000-0002', '0000-0003', '0000-0004']) assert.equal((await submit(guess)).status, 404, guess);
  const link = await browser.request(new URL('/app/code?user_code=0000-0005', sandbox.issuer));
  assert.equal(link.status, 404, 'a link with an unknown code counts as well');

  const blocked = await submit(session.user_code);
  assert.equal(blocked.status, 429, 'the right code waits too on this phone, or guessing would go on');
  const seconds = Number(blocked.headers.get('retry-after'));
  assert.ok(seconds >= 1 && seconds <= 60, `Retry-After ${seconds}`);
  const page = await blocked.text();
  assert.equal(heading(page), 'Too many codes tried');
  assert.match(page, new RegExp(`tried on this phone\\. For your safety, wait ${seconds} seconds`));
  const api = await submit(session.user_code, 'application/json');
  assert.equal(api.status, 429);
  assert.equal((await api.json()).error, 'too_many_codes');
  const viaLink = await browser.request(new URL(`/app/code?user_code=${session.user_code}`, sandbox.issuer), { headers: { 'accept-language': 'zh-HK' } });
  assert.equal(viaLink.status, 429);
  const zhHK = await viaLink.text();
  assert.equal(heading(zhHK), '嘗試的識別碼過多');
  assert.match(zhHK, /這部手機嘗試了太多/);
});

test('another phone at the same address is not locked out by the first phone\'s wrong codes: its right code opens the request', async () => {
  const session = await startQrSession(sandbox.issuer);
  const guesser = await phoneOnCodePage(sandbox.issuer);
  for (let i = 1; i <= WRONG_CODES.perDevice.max + 2; i += 1) await guesser.submit(`1111-000${i}`);
  assert.equal((await guesser.submit('1111-0099')).status, 429, 'the guessing phone waits');

  const resident = await phoneOnCodePage(sandbox.issuer);
  const opened = await resident.submit(session.user_code);
  assert.equal(opened.status, 303, 'the resident\'s right code is not blocked by another phone at the same address');
  assert.match(String(opened.headers.get('location')), /^\/app\/request\//);
});

test('the address backstop: a guesser that drops its cookie (a new phone each time) is stopped after fifty codes a minute', async () => {
  const own = await startTestSandbox({ crossDevice: { rateLimit: { max: 1000, windowSeconds: 60 } } });
  try {
    const session = await startQrSession(own.issuer);
    let tried = 0;
    while (tried < WRONG_CODES.perAddress.max) {
      // Each fresh phone tries fewer than its own limit.
      const fresh = await phoneOnCodePage(own.issuer);
      for (let i = 0; i < WRONG_CODES.perDevice.max - 1 && tried < WRONG_CODES.perAddress.max; i += 1, tried += 1) {
        assert.equal((await fresh.submit(`2222-${String(tried).padStart(4, '0')}`)).status, 404);
      }
    }
    const anyone = await phoneOnCodePage(own.issuer);
    const blocked = await anyone.submit(session.user_code);
    assert.equal(blocked.status, 429);
    assert.match(await blocked.text(), /tried from this network/);
    const viaLink = await fetch(new URL(`/app/code?user_code=${session.user_code}`, own.issuer), { headers: { 'accept-language': 'zh-CN' } });
    assert.equal(viaLink.status, 429);
    assert.match(await viaLink.text(), /此网络尝试了太多/);
  } finally {
    await own.stop();
  }
});
