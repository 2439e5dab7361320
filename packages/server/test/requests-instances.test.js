// Requests across two instances on one real Redis (decision 037): the page's stream is on A while
// the platform's push and the hosted tab's return land on B; a stream that drops and resumes with
// Last-Event-ID gets the final view exactly once; the same push delivered to both instances at once
// finishes the request once; and a stream whose instance misses the message still converges by
// re-reading the record.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createBrowser, SHARED_SECRET, instancesOnRedis, spyStore, startBed } from './support.js';
import { ALL_SCOPES, forgedPush, logInWithPhone, openEvents, postPush, requestOptions, startRequest, throughHosted, throughInbox } from './requests-support.js';

const FORM = { flow: 'eme', fields: ['enName', 'mobileNumber'], formName: 'Tenancy application', lang: 'en' };

let bed;
let instances;
let siteA;
let siteB;
let client;
let setup;
before(async () => {
  bed = await startBed({ sites: 2, scopes: ALL_SCOPES });
  setup = await requestOptions(bed);
  instances = await instancesOnRedis(bed, setup.options);
  ({ siteA, siteB, client } = instances);
});
after(async () => {
  await instances?.stop();
  await bed?.stop();
});

/** The stored record of a request, read from Redis as the server keys it. */
async function recordOf(id) {
  const key = `iams:request:${createHmac('sha256', SHARED_SECRET).update(`request\0${id}`).digest('base64url')}`;
  const raw = await client.get(key);
  return raw === null ? undefined : JSON.parse(raw);
}

describe('two instances on one real Redis', () => {
  test('the stream on A, the approval and the push on B: A\'s page sees hosted then done', async () => {
    const browser = createBrowser();
    await logInWithPhone(browser, siteA, bed.sandbox.issuer);
    const view = await (await startRequest(browser, siteA, FORM)).json();
    assert.equal(view.state, 'hosted');
    const stream = await openEvents(browser, `${siteA}/iamsmart/requests/${view.id}/events`);
    await stream.until((v) => v.state === 'hosted');
    const pushesBefore = setup.hooked.eme.length;
    const { landed, html } = await throughHosted(browser, siteA, bed.sandbox.issuer, view);
    assert.equal(landed.origin, siteB, 'the hosted tab comes back to B');
    assert.match(html, /You can close this tab/);
    const done = await stream.until((v) => v.state === 'done');
    await stream.ended;
    assert.deepEqual(stream.events.map((e) => [e.id, e.data.state]), [['1', 'hosted'], ['2', 'done']]);
    assert.deepEqual(done.data.result.data.enName, { lastName: 'CHAN', firstName: 'Tai Man' });
    assert.equal(setup.hooked.eme.length, pushesBefore + 1, 'the hook ran once (on B)');
    assert.equal((await recordOf(view.id)).state, 'done');
    assert.deepEqual(await (await browser.request(`${siteB}/iamsmart/requests/${view.id}`)).json(), done.data, 'B answers the same view');
  });

  test('a stream that drops and resumes (Last-Event-ID) on the other instance gets the final view exactly once', async () => {
    const browser = createBrowser();
    const phone = await logInWithPhone(browser, siteA, bed.sandbox.issuer, { receive: true });
    const view = await (await startRequest(browser, siteA, FORM)).json();
    assert.equal(view.state, 'awaiting-app');
    const first = await openEvents(browser, `${siteA}/iamsmart/requests/${view.id}/events`);
    const seen = await first.until(() => true);
    assert.equal(seen.id, '1');
    first.close();
    await first.ended;
    await throughInbox(phone, bed.sandbox.issuer, 'Approve');
    for (let i = 0; i < 50 && (await recordOf(view.id))?.state !== 'done'; i += 1) await new Promise((resolve) => { setTimeout(resolve, 100); });
    const resumed = await openEvents(browser, `${siteB}/iamsmart/requests/${view.id}/events`, { lastEventId: seen.id });
    await resumed.ended;
    assert.deepEqual(resumed.events.map((e) => [e.id, e.data.state]), [['2', 'done']]);
    const again = await openEvents(browser, `${siteA}/iamsmart/requests/${view.id}/events`, { lastEventId: '2' });
    await again.ended;
    assert.deepEqual(again.events, [], 'nothing newer than what the page has: the stream just ends');
  });

  test('the same push delivered to A and B at once finishes the request once, and the hook sees it once', async () => {
    const browser = createBrowser();
    const hooked = setup.hooked.eme.length;
    await logInWithPhone(browser, siteA, bed.sandbox.issuer);
    const view = await (await startRequest(browser, siteA, FORM)).json();
    const stream = await openEvents(browser, `${siteA}/iamsmart/requests/${view.id}/events`);
    const { businessID } = await recordOf(view.id);
    const push = forgedPush(bed.party.certificatePem, { businessID, content: { businessID, enName: { UnstructuredName: 'CHAN Tai Man' }, mobileNumber: { CountryCode: '852', SubscriberNumber: '91234567' } } });
    const answers = await Promise.all([postPush(siteA, push), postPush(siteB, push)]);
    const statuses = answers.map((r) => r.status).sort();
    assert.equal(statuses[0], 200);
    assert.ok(statuses[1] >= 400 && statuses[1] < 500, `the other delivery is refused (${statuses[1]})`);
    await stream.ended;
    assert.deepEqual(stream.events.map((e) => [e.id, e.data.state]), [['1', 'hosted'], ['2', 'done']]);
    assert.equal((await recordOf(view.id)).seq, 2);
    assert.equal(setup.hooked.eme.length, hooked + 1, 'one instance settled the result: one hook call');
  });
});

describe('a stream whose instance misses the message', () => {
  test('converges by re-reading the record (within about 5 s)', async () => {
    // A store that never delivers a published message: the stream's re-read is all that is left.
    const store = spyStore();
    const deaf = { ...store, publish: () => Promise.resolve() };
    const iams = bed.server(0, { ...setup.options, store: deaf });
    try {
      const browser = createBrowser();
      const view = await (await startRequest(browser, siteA, FORM)).json();
      const stream = await openEvents(browser, `${siteA}/iamsmart/requests/${view.id}/events`);
      await stream.until(() => true);
      const started = Date.now();
      await browser.request(`${siteA}/iamsmart/requests/${view.id}/cancel`, { method: 'POST', headers: { origin: siteA } });
      await stream.until((v) => v.state === 'cancelled', 8_000);
      assert.ok(Date.now() - started < 7_000);
    } finally {
      await iams.close();
    }
  });
});
