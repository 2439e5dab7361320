// Notification consent through the backend (decision 059) against the real sandbox: the consent
// request from the phone's request inbox and through the hosted page, GET /notifications before
// and after, stopping on the site and in the app, and what is refused: no session, undeclared or
// malformed topics, cross-site POSTs, a forged consent push.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createBrowser } from './support.js';
import { countOpens, forgedPush, logInWithPhone, openEvents, postPush, startRequest, storedRequest, throughHosted, wait } from './requests-support.js';
import { callsTo, siteNotifications, optInFromInbox, residentAt, startNotifyBed, stopInApp, stopOnSite } from './notify-support.js';

let t;
before(async () => { t = await startNotifyBed(); });
after(() => t?.stop());

/** The stored copy of a resident's consent (`notify-consent:{openID}`). */
const storedConsent = async (openID) => {
  const raw = await t.store.get(`notify-consent:${openID}`);
  return raw === undefined ? undefined : JSON.parse(raw);
};

describe('notification consent through the backend', () => {
  test('GET /notifications: without a session loggedIn false, the topics and no consent; logged in, the declared topics named in the asked language and nothing consented', async () => {
    const { origin, issuer } = t;
    const stranger = createBrowser();
    const anonymous = await siteNotifications(stranger, origin, 'en');
    assert.equal(anonymous.status, 200);
    assert.deepEqual(anonymous.body, {
      loggedIn: false, topics: [{ id: 'reservation-ready', name: 'Reservation ready' }, { id: 'overdue-reminder', name: 'Overdue reminders' }], consented: [],
    });
    assert.equal(anonymous.response.headers.get('cache-control'), 'no-store');

    const browser = createBrowser();
    await logInWithPhone(browser, origin, issuer);
    const before = await siteNotifications(browser, origin, 'zh-HK');
    assert.equal(before.status, 200);
    assert.deepEqual(before.body.topics, [{ id: 'reservation-ready', name: '預約書籍可供領取' }, { id: 'overdue-reminder', name: '逾期還書提示' }]);
    assert.deepEqual(before.body.consented, []);
    assert.deepEqual((await siteNotifications(browser, origin, 'zh-CN')).body.topics.map((t) => t.name), ['预约书籍可供领取', '逾期还书提示']);
    assert.equal((await siteNotifications(browser, origin, 'fr')).status, 400, 'a language outside the three');
  });

  test('from the phone\'s request inbox (authByQR false): awaiting-app, the app lists the topics, one unticked; done with what the resident consents to, stored and read back', async () => {
    const { origin, issuer, iams, store } = t;
    const { browser, phone, openID } = await residentAt(origin, issuer);
    let screen = '';
    const { view, final, stream } = await optInFromInbox(browser, phone, origin, issuer, ['reservation-ready', 'overdue-reminder'], {
      untick: ['overdue-reminder'], look: (page) => { screen = page; },
    });
    assert.match(screen, /Reservation ready/);
    assert.match(screen, /Overdue reminders/);
    assert.equal(view.flow, 'notify');
    assert.equal(final.state, 'done');
    assert.deepEqual(final.result, { consented: ['reservation-ready'] });
    assert.deepEqual(stream.events.map((e) => e.data.state), ['awaiting-app', 'done']);
    assert.doesNotMatch(JSON.stringify(stream.events), /businessID|ticketID|platformState|accessToken|openID/);

    const after = await siteNotifications(browser, origin);
    assert.deepEqual(after.body.consented, ['reservation-ready']);
    assert.equal(typeof after.body.updatedAt, 'number');
    const copy = await storedConsent(openID);
    assert.deepEqual(Object.keys(copy.topics), ['reservation-ready']);
    assert.deepEqual(Object.keys((await iams.consentOf(openID)).topics), ['reservation-ready']);
    assert.equal((await storedRequest(store, view.id)).state, 'done');

    // A second request adds the other topic and keeps the first.
    const again = await optInFromInbox(browser, phone, origin, issuer, ['overdue-reminder']);
    assert.deepEqual(again.final.result, { consented: ['reservation-ready', 'overdue-reminder'] });
    assert.equal((await storedConsent(openID)).topics['reservation-ready'], copy.topics['reservation-ready'], 'the first consent keeps its since');
  });

  test('through the hosted page (authByQR true): hosted view, getQR with the ticket, the close-tab page, done', async () => {
    const { origin, issuer } = t;
    const { browser, phone } = await residentAt(origin, issuer, { receive: false });
    const started = await startRequest(browser, origin, { flow: 'notify', topics: ['overdue-reminder'], lang: 'zh-HK' });
    assert.equal(started.status, 201);
    const view = await started.json();
    assert.equal(view.state, 'hosted');
    assert.equal(view.hostedUrl, `/iamsmart/requests/${view.id}/hosted`);
    const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
    const { html } = await throughHosted(browser, origin, issuer, view, 'Approve', phone);
    assert.match(html, /你可以關閉此分頁/);
    const done = await stream.until((v) => v.state === 'done');
    assert.deepEqual(done.data.result, { consented: ['overdue-reminder'] });
    assert.deepEqual((await siteNotifications(browser, origin)).body.consented, ['overdue-reminder']);
  });

  test('declined in the app: denied access_denied, nothing consented', async () => {
    const { origin, issuer, iams } = t;
    const { browser, phone, openID } = await residentAt(origin, issuer);
    const { final } = await optInFromInbox(browser, phone, origin, issuer, ['reservation-ready'], { decision: 'Decline' });
    assert.equal(final.state, 'denied');
    assert.equal(final.error.code, 'access_denied');
    assert.deepEqual(Object.keys((await iams.consentOf(openID)).topics), []);
  });

  test('POST /requests flow notify refused: no session (401 login_required), undeclared topic (topic_unknown), malformed topics, anonymous, cross-site; nothing stored, nothing asked of the platform', async () => {
    const { origin, issuer, store, calls } = t;
    const initiated = () => calls.filter((call) => call.path === '/api/v1/account/notification/initiateRequest').length;
    const before = initiated();
    const storedBefore = (await store.keys('request:')).length;
    const stranger = createBrowser();
    const none = await startRequest(stranger, origin, { flow: 'notify', topics: ['reservation-ready'] });
    assert.equal(none.status, 401);
    assert.equal((await none.json()).error.code, 'login_required');

    const browser = createBrowser();
    await logInWithPhone(browser, origin, issuer);
    const cases = [
      [{ topics: ['reservation-ready', 'book-sale'] }, 400, 'topic_unknown'],
      [{ topics: [] }, 400, 'invalid_request'],
      [{ topics: 'reservation-ready' }, 400, 'invalid_request'],
      [{ topics: ['reservation-ready', 'reservation-ready'] }, 400, 'invalid_request'],
      [{ topics: Array.from({ length: 11 }, (_, i) => `topic-${i}`) }, 400, 'invalid_request'],
      [{ topics: [7] }, 400, 'invalid_request'],
      [{ topics: ['reservation-ready'], anonymous: true }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const response = await startRequest(browser, origin, { flow: 'notify', lang: 'en', ...body });
      assert.equal(response.status, status, JSON.stringify(body));
      assert.equal((await response.json()).error.code, code, JSON.stringify(body));
    }
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': undefined, origin: 'https://evil.example' }]) {
      const response = await browser.request(`${origin}/iamsmart/requests`, {
        method: 'POST', headers: Object.fromEntries(Object.entries({ 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers }).filter(([, v]) => v !== undefined)),
        body: JSON.stringify({ flow: 'notify', topics: ['reservation-ready'] }),
      });
      assert.equal(response.status, 403);
      assert.equal((await response.json()).error.code, 'cross_site_request');
    }
    assert.equal(initiated(), before, 'the platform was asked nothing');
    assert.equal((await store.keys('request:')).length, storedBefore, 'no request stored');
  });

  test('stopping on the site: the platform withdraws first, the copy follows; one topic, then all; cross-site, no session and undeclared topics refused', async () => {
    const { origin, issuer, calls } = t;
    const { browser, phone, openID } = await residentAt(origin, issuer);
    await optInFromInbox(browser, phone, origin, issuer, ['reservation-ready', 'overdue-reminder']);
    const withdrawn = () => callsTo(calls, 'withdraw');
    const before = withdrawn();

    const refusals = [
      [createBrowser(), {}, {}, 401, 'login_required'],
      [browser, {}, { 'sec-fetch-site': 'cross-site' }, 403, 'cross_site_request'],
      [browser, { topics: ['book-sale'] }, {}, 400, 'topic_unknown'],
      [browser, { topics: [] }, {}, 400, 'invalid_request'],
    ];
    for (const [who, body, headers, status, code] of refusals) {
      const refused = await stopOnSite(who, origin, body, headers);
      assert.equal(refused.status, status, code);
      assert.equal(refused.body.error.code, code);
    }
    assert.equal(withdrawn(), before, 'nothing withdrawn by a refused stop');
    assert.deepEqual((await siteNotifications(browser, origin)).body.consented, ['reservation-ready', 'overdue-reminder']);

    const one = await stopOnSite(browser, origin, { topics: ['overdue-reminder'] });
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, { consented: ['reservation-ready'] });
    assert.deepEqual(Object.keys((await storedConsent(openID)).topics), ['reservation-ready']);
    const all = await stopOnSite(browser, origin);
    assert.deepEqual(all.body, { consented: [] });
    assert.deepEqual((await siteNotifications(browser, origin)).body.consented, []);
    assert.equal(withdrawn(), before + 2);
  });

  test('stopping in the app: the pushed event makes the server re-read getConsent; the page then shows nothing consented', async () => {
    const { origin, issuer, calls } = t;
    const { browser, phone, openID } = await residentAt(origin, issuer);
    await optInFromInbox(browser, phone, origin, issuer, ['reservation-ready']);
    const reads = callsTo(calls, 'getConsent');
    await stopInApp(phone, issuer, t.service);
    for (let i = 0; i < 50 && Object.keys((await storedConsent(openID)).topics).length > 0; i += 1) await wait(100);
    assert.deepEqual((await storedConsent(openID)).topics, {});
    assert.ok(callsTo(calls, 'getConsent') > reads, 'the copy came from getConsent');
    assert.deepEqual((await siteNotifications(browser, origin)).body.consented, []);
  });

  test('a forged consent push changes nothing the platform did not say: its content is only a hint to re-read getConsent', async () => {
    const { origin, issuer, iams, calls } = t;
    const { browser, phone, openID } = await residentAt(origin, issuer);
    await optInFromInbox(browser, phone, origin, issuer, ['reservation-ready']);
    const certificate = t.bed.party.certificatePem;
    // Anyone with the site's certificate can seal this; it claims the resident stopped everything.
    const sealed = forgedPush(certificate, { content: { openID, topics: [] } });
    delete sealed.businessID;
    const taken = await postPush(origin, { ...sealed, event: 'notificationConsent' });
    assert.equal(taken.status, 200);
    assert.deepEqual(Object.keys((await storedConsent(openID)).topics), ['reservation-ready'], 'still what getConsent says');
    assert.deepEqual((await siteNotifications(browser, origin)).body.consented, ['reservation-ready']);

    // A stranger's openID: no copy here, nothing stored for it, getConsent not even asked.
    const reads = callsTo(calls, 'getConsent');
    const stranger = forgedPush(certificate, { content: { openID: 'not-a-resident-here', topics: [] } });
    assert.equal((await postPush(origin, { ...stranger, event: 'notificationConsent' })).status, 200);
    assert.equal(await storedConsent('not-a-resident-here'), undefined);
    assert.equal(callsTo(calls, 'getConsent'), reads);

    // Sealed to another key, tampered, or not a success: refused.
    const opens = countOpens(iams);
    assert.equal((await postPush(origin, { ...forgedPush(certificate, { content: { openID }, tamper: 'tag' }), event: 'notificationConsent' })).status, 400);
    assert.equal((await postPush(origin, { ...forgedPush(certificate, { content: { openID }, code: 'D40000' }), event: 'notificationConsent' })).status, 400);
    assert.equal(opens.count, 1, 'a push that is not a success is not decrypted');
    assert.deepEqual(Object.keys((await storedConsent(openID)).topics), ['reservation-ready']);
  });
});
