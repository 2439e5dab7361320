// Notifications across two instances of one site on one real Redis (decision 059): the consent
// request's stream on A while its result is pushed to B; B's copy is A's (the store's key
// `notify-consent:{openID}`), so A sends; the resident stops in the app, the event lands on B, and
// A's very next send is refused without asking the platform.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { instancesOnRedis, startBed } from './support.js';
import { wait } from './requests-support.js';
import { READY, callsTo, messagesOf, notifyOptions, optInFromInbox, residentAt, stopInApp } from './notify-support.js';
// After the sandbox's modules, as in notify-send.test.js.
import { IamSmartServerError } from '../dist/index.js';

let bed;
let setup;
let instances;
before(async () => {
  bed = await startBed({ sites: 2 });
  setup = await notifyOptions(bed);
  instances = await instancesOnRedis(bed, setup.options);
});
after(async () => {
  await instances?.stop();
  await bed?.stop();
});

describe('notifications on two instances sharing Redis', () => {
  test('opted in on A (pushed to B), sent from A, stopped in the app (pushed to B): A\'s next send is refused before the platform', async () => {
    const { a, b, siteA, client } = instances;
    const { browser, phone, openID } = await residentAt(siteA, bed.sandbox.issuer);
    const { final } = await optInFromInbox(browser, phone, siteA, bed.sandbox.issuer, ['reservation-ready']);
    assert.deepEqual(final.result, { consented: ['reservation-ready'] });
    assert.deepEqual(Object.keys(JSON.parse(await client.get(`iams:notify-consent:${openID}`)).topics), ['reservation-ready']);

    await a.notify(openID, 'reservation-ready', READY);
    assert.equal((await messagesOf(phone, bed.sandbox.issuer)).length, 1);

    await stopInApp(phone, bed.sandbox.issuer, bed.party.entry.client_name);
    for (let i = 0; i < 50 && Object.keys((await b.consentOf(openID)).topics).length > 0; i += 1) await wait(100);
    const sends = callsTo(setup.calls, 'send');
    await assert.rejects(a.notify(openID, 'reservation-ready', READY), (error) => error instanceof IamSmartServerError && error.code === 'not_consented');
    assert.equal(callsTo(setup.calls, 'send'), sends, 'refused from the shared copy, nothing sent');
    assert.equal((await messagesOf(phone, bed.sandbox.issuer)).length, 1);
  });
});
