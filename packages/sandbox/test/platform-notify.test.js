// Notifications (decision 059, the kit's design) against the real bed.sandbox, as a relying party
// does it: log in through getQR, ask for consent with POST /api/v1/account/notification/initiateRequest
// (getQR with the ticket, or the login phone's inbox), the resident ticks topics and approves in the
// phone simulator, the ticked topics are POSTed to the redirectURI and this test (the relying party's
// backend) unwraps and decrypts them with its own key. Then getConsent, withdraw and send: a message
// sent appears in the resident's inbox at /app/notifications in the page's language, and every
// refusal leaves the inbox as it was. Stopping a service in the app's settings removes its consent
// at once and pushes event "notificationConsent". In Chromium, in en, zh-HK and zh-CN: the consent
// screen, the inbox (signed out, empty, with a message), the settings and the stopped state pass axe
// and reflow at 320 px, and are used by keyboard alone.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { CHROMIUM_BIN } from '../../../scripts/chromium.js';
import { assertReflows, axeViolations, checkScreen, chromiumForBlock, openPhone } from './browser-support.js';
import { createBrowser, formFor, press } from './helpers.js';
import { platformTestBed } from './platform-bed.js';
import {
  approveNotifyConsent, decideOn, decrypt, getQrWithTicket as getQrAt, inboxOf, logIn as logInAs, newTestRelyingParty, notificationsOf, signedInPhone,
  signedPost, startRelyingPartySite, stopUpdatesInApp, textOf, throughHostedPage, unwrapKey,
} from './platform-support.js';

const rpSite = await startRelyingPartySite();
const { received, nextPush } = rpSite;
const RP_ORIGIN = rpSite.origin;
const LOGIN_REDIRECT = `${RP_ORIGIN}/login/callback`;
const NOTIFY_REDIRECT = `${RP_ORIGIN}/notify/result`;

const rp = newTestRelyingParty({ clientID: 'rp-notify', redirectUris: [LOGIN_REDIRECT, NOTIFY_REDIRECT], scopes: ['eidapi_auth'] });
Object.assign(rp.entry, { client_name: 'Sandbox Test Library', 'client_name#zh-HK': '沙盒測試圖書館', 'client_name#zh-CN': '沙盒测试图书馆' });
const other = newTestRelyingParty({ clientID: 'rp-notify-other', redirectUris: [`${RP_ORIGIN}/other/callback`], scopes: ['eidapi_auth'] });
const tools = { createBrowser, formFor, press };

const bed = platformTestBed({ site: rpSite, prefix: 'iams-platform-notify-', parties: [rp, other] });
const { call } = bed;

const READY = { topicID: 'reservation-ready', name: { 'en-US': 'Reservation ready', 'zh-HK': '預約已可領取', 'zh-CN': '预约已可领取' } };
const DUE = { topicID: 'loan-due', name: { 'en-US': 'Loan due soon', 'zh-HK': '借閱即將到期', 'zh-CN': '借阅即将到期' } };
const MESSAGE = {
  'en-US': 'Your reserved book is ready.\nCollect it by Friday.',
  'zh-HK': '你預約的書已可領取。\n請於星期五前領取。',
  'zh-CN': '你预约的书已可领取。\n请于星期五前领取。',
};

/** @param {ReturnType<typeof createBrowser>} [phone] */
const logIn = (phone) => logInAs(tools, bed.sandbox.issuer, rp.client, LOGIN_REDIRECT, 'eidapi_auth', phone);

/** @param {{ accessToken: string, openID: string }} login @param {Record<string, unknown>} [overrides] */
function consentRequest(login, overrides = {}) {
  return {
    businessID: `notify-${Math.random().toString(36).slice(2, 10)}`, accessToken: login.accessToken, openID: login.openID,
    source: 'PC_Browser', redirectURI: NOTIFY_REDIRECT, state: 'notify_state-1', lang: 'en-US', topics: [READY, DUE], ...overrides,
  };
}

/** @param {string} ticketID */
const getQrWithTicket = (ticketID) => getQrAt(bed.sandbox.issuer, rp.client.clientID, ticketID);

/**
 * A phone that logs in (before the block's tests) and receives requests from websites, so consent
 * requests go to its inbox.
 */
function receivingPhone() {
  const held = { phone: createBrowser(), login: /** @type {{ accessToken: string, openID: string }} */ (/** @type {unknown} */ (undefined)) };
  before(async () => {
    held.login = await logIn(held.phone);
    const url = new URL('/app', bed.sandbox.issuer);
    await press(held.phone, bed.sandbox.issuer, await (await held.phone.request(url)).text(), url, 'Turn on');
  });
  return held;
}

/** The push, parsed, and its content decrypted with the relying party's key. @param {Promise<{ url: string, body: string } | undefined>} pushed */
async function pushOf(pushed) {
  const push = await pushed;
  assert.ok(push, 'pushed to the redirectURI');
  assert.equal(push.url, '/notify/result');
  const body = JSON.parse(push.body);
  const content = body.content ? JSON.parse(decrypt(unwrapKey(rp.client.privateKeyPem, body.secretKey), body.content)) : undefined;
  return { body, content };
}

/** @param {string} openID @param {Record<string, unknown>} [overrides] */
const sendBody = (openID, overrides = {}) => ({ openID, topicID: READY.topicID, message: MESSAGE, link: `${RP_ORIGIN}/reservations/42`, ...overrides });

/** Opens the only request in the phone's inbox. @param {ReturnType<typeof createBrowser>} phone */
async function openFromInbox(phone) {
  const items = await inboxOf(phone, bed.sandbox.issuer);
  assert.equal(items.length, 1, 'one request in the inbox');
  const opened = await phone.follow(new URL(items[0].href, bed.sandbox.issuer), bed.sandbox.issuer);
  return { page: await opened.response.text(), location: opened.location, text: items[0].text };
}

describe('consent through getQR', () => {
  /** @type {{ accessToken: string, openID: string }} */
  let login;
  before(async () => {
    login = await logIn();
  });

  test('approved: the phone names the site, its origin and each topic, ticked; the push decrypts to the ticked topics; getConsent has them', async () => {
    const request = consentRequest(login);
    const answer = await call('/api/v1/account/notification/initiateRequest', request);
    assert.equal(answer.code, 'D00000', answer.message);
    assert.equal(answer.result.authByQR, true);
    const pushed = nextPush(5000);
    const landed = await throughHostedPage(tools, bed.sandbox.issuer, getQrWithTicket(answer.result.ticketID), 'Approve', (page) => {
      assert.match(page, /<h1[^>]*>Get updates in iAM Smart<\/h1>/);
      assert.ok(page.includes(RP_ORIGIN));
      assert.match(page, /Sandbox Test Library wants to send you updates in iAM Smart about:/);
      assert.match(page, /<input type="checkbox" id="topic-reservation-ready" name="keep" value="reservation-ready" form="decide-form" checked>/);
      assert.match(page, /<label for="topic-loan-due" class="field-label">Loan due soon<\/label>/);
    });
    assert.equal(landed.origin + landed.pathname, NOTIFY_REDIRECT);
    assert.deepEqual([...landed.searchParams.keys()], ['state'], 'nothing but state in the URL');
    const { body, content } = await pushOf(pushed);
    assert.deepEqual([body.code, body.businessID], ['D00000', request.businessID]);
    assert.deepEqual(content, { businessID: request.businessID, openID: login.openID, topics: ['reservation-ready', 'loan-due'] });
    const consent = await call('/api/v1/notification/getConsent', { openID: login.openID });
    assert.equal(consent.code, 'D00000', consent.message);
    assert.equal(consent.result.openID, login.openID);
    assert.deepEqual(consent.result.topics.map((/** @type {{ topicID: string }} */ topic) => topic.topicID), ['reservation-ready', 'loan-due']);
    for (const { since } of consent.result.topics) assert.ok(Math.abs(since - Date.now()) < 60_000, 'since: ms since the epoch, now');
  });

  test('the hosted page and the phone speak the request\'s language: zh-HK topic names', async () => {
    const answer = await call('/api/v1/account/notification/initiateRequest', consentRequest(login, { lang: 'zh-HK' }));
    const hosted = await (await fetch(getQrWithTicket(answer.result.ticketID))).text();
    assert.match(hosted, /<h1[^>]*>在智方便接收通知<\/h1>/);
  });

  test('declined: D40001, no content; the consent is as it was', async () => {
    const request = consentRequest(login);
    const answer = await call('/api/v1/account/notification/initiateRequest', request);
    const pushed = nextPush(5000);
    await throughHostedPage(tools, bed.sandbox.issuer, getQrWithTicket(answer.result.ticketID), 'Decline');
    const { body } = await pushOf(pushed);
    assert.deepEqual([body.code, body.businessID, body.content, body.secretKey], ['D40001', request.businessID, undefined, undefined]);
    assert.equal((await call('/api/v1/notification/getConsent', { openID: login.openID })).result.topics.length, 2);
  });
});

describe('consent from the inbox of the login\'s phone, then send, the inbox and stopping in the app', () => {
  const held = receivingPhone();
  const { phone } = held;

  test('Approve with no topic ticked: the screen says so (400), nothing is pushed, the request waits; then one topic ticked → only it is pushed', async () => {
    const request = consentRequest(held.login);
    const answer = await call('/api/v1/account/notification/initiateRequest', request);
    assert.deepEqual(answer.result, { authByQR: false });
    const { page, location, text } = await openFromInbox(phone);
    assert.equal(text, 'Get updates: Sandbox Test Library');
    const before = received.length;
    const none = await decideOn(tools, phone, bed.sandbox.issuer, page, location, 'Approve', []);
    assert.equal(none.response.status, 400);
    const again = await none.response.text();
    assert.match(again, /<p class="field-error" id="topics-error" role="alert">Tick at least one topic, or decline\.<\/p>/);
    await new Promise((resolve) => { setTimeout(resolve, 100); });
    assert.equal(received.length, before, 'nothing pushed');
    assert.equal((await inboxOf(phone, bed.sandbox.issuer)).length, 1, 'the request still waits');
    const pushed = nextPush(5000);
    const done = await decideOn(tools, phone, bed.sandbox.issuer, page, location, 'Approve', ['loan-due']);
    assert.match(await done.response.text(), /Updates turned on/);
    const { content } = await pushOf(pushed);
    assert.deepEqual(content, { businessID: request.businessID, openID: held.login.openID, topics: ['loan-due'] });
  });

  test('a form naming a topic not asked about is refused; nothing pushed', async () => {
    await call('/api/v1/account/notification/initiateRequest', consentRequest(held.login, { topics: [DUE] }));
    const { page, location } = await openFromInbox(phone);
    const before = received.length;
    const refused = await decideOn(tools, phone, bed.sandbox.issuer, page, location, 'Approve', ['reservation-ready']);
    assert.equal(refused.response.status, 400);
    await new Promise((resolve) => { setTimeout(resolve, 100); });
    assert.equal(received.length, before);
    await decideOn(tools, phone, bed.sandbox.issuer, page, location, 'Decline');
  });

  test('approving adds the ticked topics and keeps the others', async () => {
    await approveNotifyConsent(tools, bed.sandbox.issuer, rp.client, { login: held.login, redirectURI: NOTIFY_REDIRECT, topics: [READY], phone });
    const consent = await call('/api/v1/notification/getConsent', { openID: held.login.openID });
    assert.deepEqual(consent.result.topics.map((/** @type {{ topicID: string }} */ topic) => topic.topicID).sort(), ['loan-due', 'reservation-ready']);
  });

  test('send: the message is in the resident\'s inbox, newest first, with the service, time, text and link; opening it marks it read', async () => {
    const first = await call('/api/v1/notification/send', sendBody(held.login.openID, { link: undefined, topicID: DUE.topicID,
      message: { 'en-US': 'Your loan is due on Monday.', 'zh-HK': '你的借閱將於星期一到期。', 'zh-CN': '你的借阅将于星期一到期。' } }));
    assert.equal(first.code, 'D00000', first.message);
    const second = await call('/api/v1/notification/send', sendBody(held.login.openID));
    assert.equal(second.code, 'D00000', second.message);
    assert.equal(typeof second.result.messageID, 'string');
    assert.notEqual(second.result.messageID, first.result.messageID);

    const seen = await notificationsOf(phone, bed.sandbox.issuer);
    assert.equal(seen.link, 'Notifications (2 unread)');
    assert.match(seen.page, /<h1[^>]*>Notifications<\/h1>/);
    assert.deepEqual(seen.messages.map(({ service, text }) => [service, text]), [
      ['Sandbox Test Library', 'Your reserved book is ready.\nCollect it by Friday.'],
      ['Sandbox Test Library', 'Your loan is due on Monday.'],
    ]);
    const [newest, older] = seen.messages;
    assert.ok(Math.abs(Date.parse(newest.datetime) - Date.now()) < 60_000, 'datetime: when it was sent');
    assert.ok(Date.parse(newest.datetime) >= Date.parse(older.datetime));
    assert.deepEqual(newest.link, { href: `${RP_ORIGIN}/reservations/42`, rel: 'noopener noreferrer', text: 'Open in Sandbox Test Library' });
    assert.equal(older.link, undefined);

    const zh = await notificationsOf(phone, bed.sandbox.issuer, 'zh-HK');
    assert.equal(zh.link, '通知', 'read once the list was opened');
    assert.deepEqual(zh.messages.map(({ service, text }) => [service, text])[0], ['沙盒測試圖書館', '你預約的書已可領取。\n請於星期五前領取。']);
    const hkTime = new Intl.DateTimeFormat('zh-HK', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Hong_Kong' }).format(Date.parse(zh.messages[0].datetime));
    assert.equal(zh.messages[0].time, hkTime, 'the time in Hong Kong, in the page\'s language');
    assert.equal((await notificationsOf(phone, bed.sandbox.issuer, 'zh-CN')).messages[0].text, '你预约的书已可领取。\n请于星期五前领取。');
  });

  /**
   * A send that must be refused with `code`, leaving the resident's inbox as it was.
   * @param {Record<string, unknown>} body @param {string} code @param {import('./platform-support.js').TestPlatformClient} [client]
   */
  async function refusedSend(body, code, client) {
    const before = (await notificationsOf(phone, bed.sandbox.issuer)).messages.length;
    const answer = await call('/api/v1/notification/send', body, client);
    assert.equal(answer.code, code, answer.message);
    assert.equal(answer.content, undefined);
    const after = await notificationsOf(phone, bed.sandbox.issuer);
    assert.equal(after.messages.length, before, 'nothing delivered');
    assert.equal(after.link, 'Notifications', 'no unread message');
  }

  /** @type {[string, () => Record<string, unknown>, string][]} */
  const refusals = [
    ['a topicID of the wrong shape', () => sendBody(held.login.openID, { topicID: 'Reservation Ready' }), 'D80001'],
    ['a message that is not an object', () => sendBody(held.login.openID, { message: 'Your book is ready.' }), 'D80001'],
    ['a topic never consented to', () => sendBody(held.login.openID, { topicID: 'fines-owed' }), 'D80002'],
    ['markup in a language', () => sendBody(held.login.openID, { message: { ...MESSAGE, 'en-US': 'Your book is <b>ready</b>.' } }), 'D80003'],
    ['a character reference', () => sendBody(held.login.openID, { message: { ...MESSAGE, 'zh-CN': '你的书&amp;光盘已可领取。' } }), 'D80003'],
    ['a language missing', () => sendBody(held.login.openID, { message: { 'en-US': MESSAGE['en-US'], 'zh-HK': MESSAGE['zh-HK'] } }), 'D80003'],
    ['a language the platform does not use ("en")', () => sendBody(held.login.openID, { message: { ...MESSAGE, en: 'Hello' } }), 'D80003'],
    ['a control character', () => sendBody(held.login.openID, { message: { ...MESSAGE, 'en-US': 'Ready\u0007' } }), 'D80003'],
    ['a bidirectional override', () => sendBody(held.login.openID, { message: { ...MESSAGE, 'en-US': 'Ready \u202Egnp.exe' } }), 'D80003'],

    ['a link to another origin', () => sendBody(held.login.openID, { link: 'https://evil.example/reservations/42' }), 'D80004'],
    ['a link on the registered host but another port', () => sendBody(held.login.openID, { link: `${RP_ORIGIN.replace(/:\d+$/, ':1')}/x` }), 'D80004'],
    ['an http: link off the loopback', () => sendBody(held.login.openID, { link: 'http://library.example/reservations/42' }), 'D80004'],
    ['a link with credentials', () => sendBody(held.login.openID, { link: RP_ORIGIN.replace('http://', 'http://user:pass@') }), 'D80004'],
    ['a javascript: link', () => sendBody(held.login.openID, { link: 'javascript:alert(1)' }), 'D80004'],
    ['a text over 500 characters', () => sendBody(held.login.openID, { message: { ...MESSAGE, 'zh-HK': '書'.repeat(501) } }), 'D80005'],
    ['an unknown openID', () => sendBody(`${held.login.openID}x`), 'D80008'],
  ];
  for (const [name, body, code] of refusals) {
    test(`send refused: ${name} → ${code}; nothing delivered`, () => refusedSend(body(), code));
  }

  test('send refused: another client\'s openID for this resident → D80008; that client, with its own openID, has no consent → D80002', async () => {
    const theirs = await logInAs(tools, bed.sandbox.issuer, other.client, `${RP_ORIGIN}/other/callback`, 'eidapi_auth', phone);
    assert.notEqual(theirs.openID, held.login.openID, 'openIDs are per client');
    await refusedSend(sendBody(theirs.openID), 'D80008');
    await refusedSend(sendBody(theirs.openID), 'D80002', other.client);
    const consent = await call('/api/v1/notification/getConsent', { openID: held.login.openID }, other.client);
    assert.equal(consent.code, 'D80008');
  });

  test('send refused: a bad signature → D29004; nothing delivered', async () => {
    const before = (await notificationsOf(phone, bed.sandbox.issuer)).messages.length;
    const { json } = await signedPost(bed.sandbox.issuer, '/api/v1/notification/send', rp.client, sendBody(held.login.openID), { encrypt: true, tamper: 'signature' });
    assert.equal(json.code, 'D29004');
    assert.equal((await notificationsOf(phone, bed.sandbox.issuer)).messages.length, before);
  });

  test('withdrawn by the site: withdraw answers what is left; the next send of that topic → D80002, nothing delivered', async () => {
    const answer = await call('/api/v1/notification/withdraw', { openID: held.login.openID, topics: ['loan-due'] });
    assert.equal(answer.code, 'D00000', answer.message);
    assert.deepEqual(answer.result, { openID: held.login.openID, topics: ['reservation-ready'] });
    await refusedSend(sendBody(held.login.openID, { topicID: 'loan-due' }), 'D80002');
    assert.equal((await call('/api/v1/notification/withdraw', { openID: held.login.openID, topics: 'loan-due' })).code, 'D80001');
  });

  test('stopped in the app: the settings list the service and its topics; stopping says so, removes it, pushes notificationConsent; the next send → D80002', async () => {
    const url = new URL('/app/notifications/settings', bed.sandbox.issuer);
    const settings = await (await phone.request(url)).text();
    assert.match(settings, /<h1[^>]*>Notification settings<\/h1>/);
    assert.match(settings, /<h2 id="service-0">Sandbox Test Library<\/h2>/);
    assert.match(settings, /<li>Reservation ready<\/li>/);
    assert.doesNotMatch(settings, /Loan due soon/, 'the topic the site withdrew is gone');
    const post = (/** @type {Record<string, string>} */ fields) => phone.request(url, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
    });
    const csrf = /name="csrf" value="([^"]+)"/.exec(settings)?.[1] ?? '';
    assert.equal((await post({ csrf: 'forged', service: rp.client.clientID })).status, 403, 'no CSRF token of this phone');
    assert.equal((await post({ csrf, service: other.client.clientID })).status, 400, 'a service with no consent');
    assert.match(await (await phone.request(url)).text(), /Stop updates from Sandbox Test Library/, 'still there');
    const pushed = nextPush(5000);
    const after = await stopUpdatesInApp(tools, phone, bed.sandbox.issuer, 'Sandbox Test Library');
    assert.match(after, /<p class="notice success" role="status" id="stopped-status">Updates from Sandbox Test Library have stopped\.<\/p>/);
    assert.doesNotMatch(after, /Stop updates from Sandbox Test Library/);
    assert.match(after, /No service can send you updates\./);
    // The withdrawal holds for the very next send, before the relying party reads the push.
    await refusedSend(sendBody(held.login.openID), 'D80002');
    const { body, content } = await pushOf(pushed);
    assert.deepEqual([body.code, body.event, typeof body.txID], ['D00000', 'notificationConsent', 'string']);
    assert.deepEqual(content, { openID: held.login.openID, topics: [] });
    assert.deepEqual((await call('/api/v1/notification/getConsent', { openID: held.login.openID })).result.topics, []);
  });
});

describe('consent request refusals: nothing in the inbox, no ticket, nothing pushed', () => {
  const held = receivingPhone();
  const { phone } = held;
  const topic = (/** @type {number} */ index) => ({ topicID: `topic-${index}`, name: { 'en-US': `Topic ${index}`, 'zh-HK': `類別 ${index}`, 'zh-CN': `类别 ${index}` } });
  /** @type {[string, () => Record<string, unknown>, string][]} */
  const refusals = [
    ['no topics', () => consentRequest(held.login, { topics: [] }), 'D80001'],
    ['eleven topics', () => consentRequest(held.login, { topics: Array.from({ length: 11 }, (_, index) => topic(index)) }), 'D80001'],
    ['a topic twice', () => consentRequest(held.login, { topics: [READY, READY] }), 'D80001'],
    ['a topicID of the wrong shape', () => consentRequest(held.login, { topics: [{ ...READY, topicID: '-ready' }] }), 'D80001'],
    ['a topic name with markup', () => consentRequest(held.login, { topics: [{ ...READY, name: { ...READY.name, 'en-US': '<i>Ready</i>' } }] }), 'D80001'],
    ['a topic name missing a language', () => consentRequest(held.login, { topics: [{ ...READY, name: { 'en-US': 'Ready' } }] }), 'D80001'],
    ['an unknown source', () => consentRequest(held.login, { source: 'Fax' }), 'D80001'],
    ['a bad state', () => consentRequest(held.login, { state: 'a b' }), 'D80001'],
    ['an unknown lang', () => consentRequest(held.login, { lang: 'fr-FR' }), 'D80001'],
    ['an unregistered redirectURI', () => consentRequest(held.login, { redirectURI: `${RP_ORIGIN}/elsewhere` }), 'D20008'],
    ['an unknown access token', () => consentRequest(held.login, { accessToken: 'not-a-token' }), 'D29023'],
    ['no access token', () => consentRequest(held.login, { accessToken: undefined }), 'D20009'],
    ['an openID that is not the token\'s resident', () => consentRequest(held.login, { openID: `${held.login.openID}x` }), 'D50001'],
  ];
  for (const [name, body, code] of refusals) {
    test(`refused: ${name} → ${code}`, async () => {
      const before = received.length;
      const answer = await call('/api/v1/account/notification/initiateRequest', body());
      assert.equal(answer.code, code, answer.message);
      assert.equal(answer.content, undefined);
      assert.deepEqual(await inboxOf(phone, bed.sandbox.issuer), []);
      await new Promise((resolve) => { setTimeout(resolve, 100); });
      assert.equal(received.length, before);
    });
  }

  test('getConsent and withdraw: an unknown openID → D80008', async () => {
    assert.equal((await call('/api/v1/notification/getConsent', { openID: 'nobody' })).code, 'D80008');
    assert.equal((await call('/api/v1/notification/withdraw', { openID: 'nobody' })).code, 'D80008');
    assert.equal((await call('/api/v1/notification/getConsent', {})).code, 'D80001');
  });
});

describe('the simulator\'s notification pages without a resident', () => {
  test('the inbox says to sign in, with the link; the settings page asks to sign in', async () => {
    const phone = createBrowser();
    const inbox = await (await phone.request(new URL('/app/notifications', bed.sandbox.issuer))).text();
    assert.match(inbox, /No resident is signed in to the app on this phone\. Sign in to see your notifications\./);
    assert.match(inbox, /<a class="action" href="\/app\/resident\?next=%2Fapp%2Fnotifications">Sign in to the app<\/a>/);
    const settings = await phone.follow(new URL('/app/notifications/settings', bed.sandbox.issuer), bed.sandbox.issuer);
    assert.match(await settings.response.text(), /name="resident"/);
  });
});

const skip = existsSync(CHROMIUM_BIN) ? false : `${CHROMIUM_BIN} is not installed`;

describe('the notification screens in Chromium, in three languages', { skip }, () => {
  const chromium = chromiumForBlock();

  const WORDS = {
    en: {
      resident: 'PATEL Anika', codeLabel: 'Identification code (8 digits)', continue: 'Continue', title: 'Get updates in iAM Smart',
      topic: 'Loan due soon', noTopic: 'Tick at least one topic, or decline.', approve: 'Approve', approved: 'Updates turned on', inbox: 'Notifications', unread: 'Notifications (1 unread)',
      empty: 'You have no notifications.', service: 'Sandbox Test Library', open: 'Open in Sandbox Test Library', settings: 'Notification settings',
      stop: 'Stop updates from Sandbox Test Library', stopped: 'Updates from Sandbox Test Library have stopped.', signedOut: 'Sign in to the app',
    },
    'zh-HK': {
      resident: 'HO Kam Wah', codeLabel: '識別碼（8 位數字）', continue: '繼續', title: '在智方便接收通知',
      topic: '借閱即將到期', noTopic: '請最少勾選一類通知，或選擇拒絕。', approve: '批准', approved: '已開啟通知', inbox: '通知', unread: '通知（1 項未讀）',
      empty: '你沒有任何通知。', service: '沙盒測試圖書館', open: '在「沙盒測試圖書館」開啟', settings: '通知設定',
      stop: '停止接收「沙盒測試圖書館」的通知', stopped: '已停止接收「沙盒測試圖書館」的通知。', signedOut: '登入應用程式',
    },
    'zh-CN': {
      resident: 'ZHANG Wei', codeLabel: '识别码（8 位数字）', continue: '继续', title: '在智方便接收通知',
      topic: '借阅即将到期', noTopic: '请最少勾选一类通知，或选择拒绝。', approve: '批准', approved: '已开启通知', inbox: '通知', unread: '通知（1 项未读）',
      empty: '你没有任何通知。', service: '沙盒测试图书馆', open: '在「沙盒测试图书馆」打开', settings: '通知设置',
      stop: '停止接收「沙盒测试图书馆」的通知', stopped: '已停止接收「沙盒测试图书馆」的通知。', signedOut: '登录应用程序',
    },
  };

  for (const [lang, words] of /** @type {[keyof typeof WORDS, (typeof WORDS)['en']][]} */ (Object.entries(WORDS))) {
    test(`${lang}: the consent screen, the inbox (empty, with a message), the settings and stopping pass axe and reflow, by keyboard`, async () => {
      const issuer = bed.sandbox.issuer;
      const at = (/** @type {string} */ path) => new URL(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, issuer).href;
      const phone = await openPhone(chromium.browser);
      try {
        // Signed out: the inbox says to sign in, with the link.
        await phone.page.goto(at('/app/notifications'));
        await phone.page.getByRole('link', { name: words.signedOut }).waitFor();
        await checkScreen(phone.page, `notify-signed-out-${lang}`);
        await phone.page.goto(at('/app/resident'));
        await phone.page.getByRole('button', { name: words.resident, exact: true }).click();
        await phone.page.goto(at('/app/notifications'));
        await phone.page.getByText(words.empty).waitFor();
        await checkScreen(phone.page, `notify-inbox-empty-${lang}`);

        // Consent through getQR: the code typed on the phone, one topic unticked by keyboard.
        const login = await logInAs(tools, issuer, rp.client, LOGIN_REDIRECT, 'eidapi_auth', await signedInPhone(tools, issuer, words.resident));
        const platformLang = lang === 'en' ? 'en-US' : lang;
        const answer = await call('/api/v1/account/notification/initiateRequest', consentRequest(login, { lang: platformLang }));
        const hosted = await (await fetch(getQrWithTicket(answer.result.ticketID))).text();
        await phone.page.goto(at('/app/code'));
        await phone.page.getByLabel(words.codeLabel).fill(/** @type {string} */ (textOf(hosted, 'user-code')));
        await phone.page.getByRole('button', { name: words.continue }).click();
        await phone.page.getByRole('heading', { level: 1, name: words.title }).waitFor();
        const due = phone.page.getByRole('checkbox', { name: words.topic });
        assert.equal(await due.isChecked(), true);
        assert.deepEqual(await axeViolations(phone.page), [], `${lang}: the consent screen`);
        await assertReflows(phone.page, `notify-consent-${lang}`);
        // Both unticked: Approve shows the error, focus on the first topic; Space ticks it again.
        for (const checkbox of [due, phone.page.getByRole('checkbox', { name: READY.name[platformLang] })]) {
          await checkbox.focus();
          await phone.page.keyboard.press('Space');
          assert.equal(await checkbox.isChecked(), false);
        }
        await phone.page.getByRole('button', { name: words.approve, exact: true }).focus();
        await phone.page.keyboard.press('Enter');
        await phone.page.getByRole('alert').filter({ hasText: words.noTopic }).waitFor();
        assert.deepEqual(await axeViolations(phone.page), [], `${lang}: no topic ticked`);
        assert.equal(await phone.page.evaluate(() => globalThis.document.activeElement?.id), 'topic-reservation-ready');
        await phone.page.keyboard.press('Space');
        const pushed = nextPush(5000);
        await phone.page.getByRole('button', { name: words.approve, exact: true }).focus();
        await phone.page.keyboard.press('Enter');
        await phone.page.getByRole('heading', { level: 1, name: words.approved }).waitFor();
        assert.deepEqual((await pushOf(pushed)).content.topics, ['reservation-ready']);

        // A message, then the inbox from the home's link, then the settings, all by keyboard.
        const sent = await call('/api/v1/notification/send', sendBody(login.openID));
        assert.equal(sent.code, 'D00000', sent.message);
        await phone.page.goto(at('/app'));
        await phone.page.getByRole('link', { name: words.unread, exact: true }).focus();
        await phone.page.keyboard.press('Enter');
        await phone.page.getByRole('heading', { level: 2, name: words.service }).waitFor();
        await checkScreen(phone.page, `notify-inbox-${lang}`);
        assert.equal(await phone.page.locator('.notification-text').evaluate((element) => element.ownerDocument.defaultView?.getComputedStyle(element).whiteSpace), 'pre-line');
        const open = phone.page.getByRole('link', { name: words.open });
        assert.equal(await open.getAttribute('href'), `${RP_ORIGIN}/reservations/42`);
        assert.equal(await open.getAttribute('rel'), 'noopener noreferrer');
        await phone.page.getByRole('link', { name: words.settings, exact: true }).focus();
        await phone.page.keyboard.press('Enter');
        await phone.page.getByRole('heading', { level: 1, name: words.settings }).waitFor();
        await checkScreen(phone.page, `notify-settings-${lang}`);
        await phone.page.getByRole('button', { name: words.stop, exact: true }).focus();
        const withdrawn = nextPush(5000);
        await phone.page.keyboard.press('Enter');
        await phone.page.getByRole('status').filter({ hasText: words.stopped }).waitFor();
        assert.equal(await phone.page.getByRole('button', { name: words.stop }).count(), 0);
        await checkScreen(phone.page, `notify-stopped-${lang}`);
        assert.equal((await pushOf(withdrawn)).body.event, 'notificationConsent');
        await phone.page.goto(at('/app'));
        await phone.page.getByRole('link', { name: words.inbox, exact: true }).waitFor();
        assert.deepEqual(phone.problems, []);
      } finally {
        await phone.context.close();
      }
    });
  }
});
