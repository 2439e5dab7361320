// What the notification tests share (decision 059): the server configured with two topics against
// the bed's sandbox, the page's calls (GET /notifications, POST /notifications/stop, the consent
// request), and the resident's part in the phone simulator: the consent screen, the inbox of
// messages, and stopping a service in the settings.
import assert from 'node:assert/strict';
import { decideOn, inboxOf, notificationsOf as appNotificationsOf, stopUpdatesInApp, tickedOn } from '../../sandbox/test/platform-support.js';
import { logInWithPhone, openEvents, requestOptions, startRequest, tools } from './requests-support.js';
import { DEFAULT_SCOPE } from '../dist/index.js';
import { createBrowser, spyStore, startBed } from './support.js';

export const TOPICS = Object.freeze({
  'reservation-ready': { en: 'Reservation ready', 'zh-HK': '預約書籍可供領取', 'zh-CN': '预约书籍可供领取' },
  'overdue-reminder': { en: 'Overdue reminders', 'zh-HK': '逾期還書提示', 'zh-CN': '逾期还书提示' },
});

export const READY = Object.freeze({
  en: 'Your reserved book, Harbour Tales, is ready for collection.',
  'zh-HK': '你預約的書籍《海港故事》已可領取。',
  'zh-CN': '你预约的书籍《海港故事》已可领取。',
});

/**
 * Server options with the two topics and the platform calls recorded (requestOptions'), the
 * login's default scope (consent asks for none of its own: the bed registers no other).
 */
export function notifyOptions(bed, overrides = {}) {
  return requestOptions(bed, { scope: DEFAULT_SCOPE, notifications: { topics: TOPICS }, ...overrides });
}

/**
 * The bed (`bedOptions`: e.g. `notifyLimits`) and one server with the two topics, a spy store and
 * the platform calls recorded; `stop()` ends both.
 */
export async function startNotifyBed(bedOptions = {}) {
  const bed = await startBed(bedOptions);
  const store = spyStore();
  const setup = await notifyOptions(bed, { store });
  const iams = bed.server(0, setup.options);
  return {
    bed, store, iams, calls: setup.calls, origin: bed.listeners[0].origin, issuer: bed.sandbox.issuer,
    /** The service's name as the app shows it. */
    service: bed.party.entry.client_name,
    async stop() {
      await iams.close();
      await bed.stop();
    },
  };
}

/**
 * A resident (CHAN Tai Man) logged in at `origin` in a new browser, with a phone that stays signed
 * in and (`receive`) receives requests, so the consent screen comes to its inbox; their openID at
 * the site. Every test meets the same resident: whatever an earlier one agreed to is stopped first.
 */
export async function residentAt(origin, issuer, { receive = true } = {}) {
  const browser = createBrowser();
  const phone = await logInWithPhone(browser, origin, issuer, { receive });
  const openID = (await (await browser.request(`${origin}/iamsmart/session`)).json()).resident.openID;
  assert.deepEqual((await stopOnSite(browser, origin)).body, { consented: [] });
  return { browser, phone, openID };
}

/** The platform calls made to one path (e.g. send), from requestOptions' recorder. */
export const callsTo = (calls, name) => calls.filter((call) => call.path === `/api/v1/notification/${name}`).length;

/** GET {base}/notifications as the page asks it. */
export async function siteNotifications(browser, origin, lang = 'en') {
  const response = await browser.request(`${origin}/iamsmart/notifications?lang=${encodeURIComponent(lang)}`);
  return { status: response.status, body: await response.json(), response };
}

/** POST {base}/notifications/stop as the page sends it (same origin, JSON). */
export async function stopOnSite(browser, origin, body = {}, headers = {}) {
  const response = await browser.request(`${origin}/iamsmart/notifications/stop`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers }, body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * The consent request through the phone's request inbox (the phone receives requests): started,
 * `awaiting-app`, approved on the phone (`untick`: topics the resident unticks first), then the
 * stream's final view.
 */
export async function optInFromInbox(browser, phone, origin, issuer, topics, { untick = [], decision = 'Approve', look } = {}) {
  const started = await startRequest(browser, origin, { flow: 'notify', topics, lang: 'en' });
  assert.equal(started.status, 201);
  const view = await started.json();
  assert.equal(view.state, 'awaiting-app');
  const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
  await decide(phone, issuer, { untick, decision, look });
  const final = await stream.until((v) => ['done', 'denied', 'error', 'expired', 'cancelled'].includes(v.state));
  await stream.ended;
  return { view, final: final.data, stream };
}

/**
 * The phone opens the only request in its inbox and answers it, the topics' checkboxes as the
 * screen ticks them but `untick`; `look` sees the consent screen first.
 */
export async function decide(phone, issuer, { untick = [], decision = 'Approve', look } = {}) {
  const items = await inboxOf(phone, issuer);
  assert.equal(items.length, 1, 'one request in the inbox');
  const opened = await phone.follow(new URL(items[0].href, issuer), issuer);
  const page = await opened.response.text();
  look?.(page);
  const done = await decideOn(tools, phone, issuer, page, opened.location, decision, tickedOn(page).filter((topic) => !untick.includes(topic)));
  assert.equal(done.response.status, 200, decision);
}

/** The messages in the simulator's inbox (newest first) in the app's language `lang`, as the resident reads them. */
export async function messagesOf(phone, issuer, lang = 'en') {
  return (await appNotificationsOf(phone, issuer, lang)).messages;
}

/** "Stop updates from {service}" in the simulator's notification settings. */
export function stopInApp(phone, issuer, service) {
  return stopUpdatesInApp(tools, phone, issuer, service);
}
