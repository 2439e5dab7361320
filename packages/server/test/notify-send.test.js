// notify() against the real sandbox (decision 059): a message the resident consented to lands in
// the simulator's inbox in the resident's language; every refusal has its code and delivers
// nothing — no consent, an undeclared topic, markup, a missing language, a link to another origin,
// over the size, over the rate limit, after stopping on the site, after stopping in the app (the
// push not yet arrived: the platform's D80002, and the copy re-read).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { READY, callsTo, messagesOf, optInFromInbox, residentAt, startNotifyBed, stopInApp, stopOnSite } from './notify-support.js';
// After the sandbox's test modules (through notify-support.js), as in every server test: dist/ (with @peculiar/x509) loaded
// first breaks the sandbox's own certificate code at load (tsyringe: "getOwnMetadataKeys is not a function").
import { IamSmartServerError, codeForPlatformCode, toNodeListener } from '../dist/index.js';

/** Sends a minute the platform allows in this bed: per resident at a client, and per client. */
const LIMITS = { client: 20, resident: 3 };

let t;
let resident;
before(async () => {
  t = await startNotifyBed({ notifyLimits: LIMITS });
  resident = await residentAt(t.origin, t.issuer);
});
after(() => t?.stop());

/** notify()'s refusal: its code, no send reached the platform (when `local`), and the inbox unchanged. */
async function refused(code, send, { local = true } = {}) {
  const { calls, issuer } = t;
  const { phone } = resident;
  const sends = callsTo(calls, 'send');
  const inbox = (await messagesOf(phone, issuer)).length;
  await assert.rejects(send(), (error) => error instanceof IamSmartServerError && error.code === code, code);
  if (local) assert.equal(callsTo(calls, 'send'), sends, `${code}: nothing sent to the platform`);
  assert.equal((await messagesOf(phone, issuer)).length, inbox, `${code}: nothing delivered`);
}

describe('notify()', () => {
  test('without consent: not_consented, nothing sent; after opting in the message lands in the simulator\'s inbox, newest first, in the resident\'s language, with its link', async () => {
    const { browser, phone, openID } = resident;
    const { origin, issuer, iams } = t;
    await refused('not_consented', () => iams.notify(openID, 'reservation-ready', READY));
    await optInFromInbox(browser, phone, origin, issuer, ['reservation-ready']);
    const sent = await iams.notify(openID, 'reservation-ready', READY, { link: `${origin}/account/loans` });
    assert.match(sent.messageID, /.+/);
    const [message, ...older] = await messagesOf(phone, issuer);
    assert.deepEqual(older, []);
    assert.equal(message.service, t.service);
    assert.equal(message.text, READY.en, 'in the app\'s language, English');
    assert.equal(message.link.href, `${origin}/account/loans`);
    assert.equal((await messagesOf(phone, issuer, 'zh-HK'))[0].text, READY['zh-HK'], 'the app in Traditional Chinese');
    assert.equal((await messagesOf(phone, issuer, 'zh-CN'))[0].text, READY['zh-CN'], 'the app in Simplified Chinese');
    await iams.notify(openID, 'reservation-ready', { ...READY, en: 'Second notice: Harbour Tales is waiting for you.' });
    const [newest, first] = await messagesOf(phone, issuer);
    assert.equal(newest.text, 'Second notice: Harbour Tales is waiting for you.', 'newest first');
    assert.equal(first.text, READY.en);
    assert.equal(newest.link, undefined, 'no link given, none shown');
  });

  test('each local refusal, nothing sent: undeclared topic, markup, a character reference, a missing or extra language, over the size, a link to another origin or not https', async () => {
    const { openID } = resident;
    const { origin, iams } = t;
    const cases = [
      ['topic_unknown', () => iams.notify(openID, 'book-sale', READY)],
      ['topic_unknown', () => iams.notify(openID, 'Reservation-Ready', READY)],
      ['message_invalid', () => iams.notify(openID, 'reservation-ready', { ...READY, en: 'Your book is <b>ready</b>' })],
      ['message_invalid', () => iams.notify(openID, 'reservation-ready', { ...READY, 'zh-HK': '&lt;script&gt;' })],
      ['message_invalid', () => iams.notify(openID, 'reservation-ready', { en: READY.en, 'zh-HK': READY['zh-HK'] })],
      ['message_invalid', () => iams.notify(openID, 'reservation-ready', { ...READY, fr: 'Votre livre est prêt.' })],
      ['message_invalid', () => iams.notify(openID, 'reservation-ready', { ...READY, 'zh-CN': '  ' })],
      ['message_invalid', () => iams.notify(openID, 'reservation-ready', 'Your book is ready')],
      ['message_too_large', () => iams.notify(openID, 'reservation-ready', { ...READY, 'zh-CN': '书'.repeat(501) })],
      ['link_invalid', () => iams.notify(openID, 'reservation-ready', READY, { link: 'https://evil.example/loans' })],
      ['link_invalid', () => iams.notify(openID, 'reservation-ready', READY, { link: `${origin.replace('localhost', '127.0.0.1')}/loans` })],
      ['link_invalid', () => iams.notify(openID, 'reservation-ready', READY, { link: '/account/loans' })],
      ['link_invalid', () => iams.notify(openID, 'reservation-ready', READY, { link: `${origin.replace('http://', 'http://user:pw@')}/loans` })],
      ['invalid_request', () => iams.notify('', 'reservation-ready', READY)],
    ];
    for (const [code, send] of cases) await refused(code, send);
    // 500 characters is the limit, not over it.
    await iams.notify(openID, 'reservation-ready', { ...READY, 'zh-CN': '书'.repeat(500) });
  });

  test('over the platform\'s rate limit: rate_limited, nothing delivered, sent again in the next minute; D80006 and D80007 both stand for rate_limited', async () => {
    const { openID } = resident;
    const { iams, bed } = t;
    bed.shift(61_000); // a fresh minute on the platform
    for (let i = 1; i <= LIMITS.resident; i += 1) await iams.notify(openID, 'reservation-ready', { ...READY, en: `Notice ${i} of ${LIMITS.resident}.` });
    await refused('rate_limited', () => iams.notify(openID, 'reservation-ready', READY), { local: false });
    await refused('rate_limited', () => iams.notify(openID, 'reservation-ready', READY), { local: false });
    bed.shift(61_000);
    await iams.notify(openID, 'reservation-ready', { ...READY, en: 'A new minute.' });
    assert.equal(codeForPlatformCode('D80006'), 'rate_limited');
    assert.equal(codeForPlatformCode('D80007'), 'rate_limited');
  });

  test('after stopping on the site: not_consented, nothing sent', async () => {
    const { browser, phone, openID } = resident;
    const { origin, issuer, iams } = t;
    await optInFromInbox(browser, phone, origin, issuer, ['overdue-reminder']);
    await iams.notify(openID, 'overdue-reminder', { en: 'A loan is overdue.', 'zh-HK': '有書籍逾期未還。', 'zh-CN': '有书籍逾期未还。' });
    assert.equal((await stopOnSite(browser, origin, { topics: ['overdue-reminder'] })).status, 200);
    await refused('not_consented', () => iams.notify(openID, 'overdue-reminder', { en: 'Again.', 'zh-HK': '再次。', 'zh-CN': '再次。' }));
  });

  test('after stopping in the app, before the push arrives: the platform refuses (D80002 → not_consented), nothing delivered, the copy re-read from getConsent', async () => {
    const { phone, openID } = resident;
    const { issuer, iams, calls, bed } = t;
    bed.shift(61_000);
    // The site's callback does not take the consent event for now (a push still on its way).
    const listener = toNodeListener(iams);
    bed.listeners[0].use((request, response) => {
      if (request.method === 'POST' && request.url === '/iamsmart/callback') {
        response.writeHead(503);
        response.end();
        return;
      }
      listener(request, response);
    });
    try {
      await iams.notify(openID, 'reservation-ready', { ...READY, en: 'Before stopping.' });
      await stopInApp(phone, issuer, t.service);
      assert.ok((await iams.consentOf(openID)).topics['reservation-ready'] !== undefined, 'the copy has not heard yet');
      const reads = callsTo(calls, 'getConsent');
      await refused('not_consented', () => iams.notify(openID, 'reservation-ready', READY), { local: false });
      assert.equal(callsTo(calls, 'getConsent'), reads + 1);
      assert.deepEqual((await iams.consentOf(openID)).topics, {}, 'the copy follows the platform');
      // The next send is refused locally.
      await refused('not_consented', () => iams.notify(openID, 'reservation-ready', READY));
    } finally {
      bed.listeners[0].use(listener);
    }
  });
});
