// Notifications' rate limits (decision 059) against the real bed.sandbox, lowered for the test with
// startSandbox({ notifyLimits }): sends a minute per client (all its residents) and per resident at
// a client. A send over either limit is refused with its code and nothing is delivered; a refused
// send counts toward neither; the window slides with the platform's clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBrowser, formFor, press } from './helpers.js';
import { platformTestBed } from './platform-bed.js';
import { approveNotifyConsent, logIn, newTestRelyingParty, notificationsOf, signedInPhone, startRelyingPartySite } from './platform-support.js';

const rpSite = await startRelyingPartySite();
const LOGIN_REDIRECT = `${rpSite.origin}/login/callback`;
const NOTIFY_REDIRECT = `${rpSite.origin}/notify/result`;
const rp = newTestRelyingParty({ clientID: 'rp-notify-limits', redirectUris: [LOGIN_REDIRECT, NOTIFY_REDIRECT], scopes: ['eidapi_auth'] });
const tools = { createBrowser, formFor, press };

/** How far the platform's clock is ahead (ms), to let a minute pass. */
let skew = 0;

const TOPIC = { topicID: 'reservation-ready', name: { 'en-US': 'Reservation ready', 'zh-HK': '預約已可領取', 'zh-CN': '预约已可领取' } };
const MESSAGE = { 'en-US': 'Your reserved book is ready.', 'zh-HK': '你預約的書已可領取。', 'zh-CN': '你预约的书已可领取。' };

/** Two residents' phones, each logged in and consenting to TOPIC. */
const residents = /** @type {{ phone: ReturnType<typeof createBrowser>, openID: string }[]} */ ([]);
const bed = platformTestBed({
  site: rpSite, prefix: 'iams-platform-notify-limits-', parties: [rp],
  sandboxOptions: { notifyLimits: { client: 3, resident: 2 }, platform: { now: () => Date.now() + skew } },
  async started({ issuer }) {
    for (const name of ['CHAN Tai Man', 'LEE Ka Yan']) {
      const phone = await signedInPhone(tools, issuer, name);
      const login = await logIn(tools, issuer, rp.client, LOGIN_REDIRECT, 'eidapi_auth', phone);
      await approveNotifyConsent(tools, issuer, rp.client, { login, redirectURI: NOTIFY_REDIRECT, topics: [TOPIC], phone });
      residents.push({ phone, openID: login.openID });
    }
  },
});

/** @param {{ openID: string }} resident */
const send = (resident) => bed.call('/api/v1/notification/send', { openID: resident.openID, topicID: TOPIC.topicID, message: MESSAGE });
/** @param {{ phone: ReturnType<typeof createBrowser> }} resident */
const delivered = async (resident) => (await notificationsOf(resident.phone, bed.sandbox.issuer)).messages.length;

test('per resident: the third send to one resident in a minute → D80007, nothing delivered; another resident still gets theirs', async () => {
  const [chan, lee] = residents;
  assert.equal((await send(chan)).code, 'D00000');
  assert.equal((await send(chan)).code, 'D00000');
  const refused = await send(chan);
  assert.equal(refused.code, 'D80007', refused.message);
  assert.equal(await delivered(chan), 2, 'nothing delivered over the limit');
  assert.equal((await send(lee)).code, 'D00000', 'the limit is per resident');
  assert.equal(await delivered(lee), 1);
});

test('per client: the fourth send in a minute to any resident → D80006, nothing delivered; a minute later sends go through again', async () => {
  const [chan, lee] = residents;
  // Three sends went through in the last minute (two to CHAN, one to LEE); the refused one did not count.
  const refused = await send(lee);
  assert.equal(refused.code, 'D80006', refused.message);
  assert.equal(await delivered(lee), 1, 'nothing delivered over the limit');
  skew += 61_000;
  assert.equal((await send(lee)).code, 'D00000');
  assert.equal((await send(chan)).code, 'D00000');
  assert.equal(await delivered(lee), 2);
  assert.equal(await delivered(chan), 3);
});
