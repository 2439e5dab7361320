// End to end, notifications (decision 059) in Chromium, Firefox and WebKit: a resident logged in
// on the demo library's home page (backend mode) opts in to "Reservation ready" with
// <iams-notify-optin>, confirms on iAM Smart's hosted page with the phone, and the library's server
// sends a sample update (POST /api/sample-update → @iamsmart/server notify() → the sandbox's
// platform). The update is in the phone simulator's inbox, in the app's language; the resident
// stops the library's updates in the app's settings, and the next send is refused with nothing
// delivered. Before the opt-in a send is refused too.
/* global document, window -- the functions given to page.evaluate run in the browser */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ENGINES, buttonNamed, byText, engineSuite, linkNamed, loginAcrossDevices, throughHostedTab } from './backend-support.js';

/** The sandbox's name for the demo site's client, in English and Traditional Chinese. */
const SERVICE = { en: 'Demo Partner Site (sandbox)', 'zh-HK': '示範合作網站（沙盒）' };
/** What the demo's server sends (demo-site/server.js SAMPLE_UPDATE), in part. */
const SAMPLE = { en: 'is ready to collect at Harbourside Central Library', 'zh-HK': '已可於海濱中央圖書館領取' };

/** Presses "Send a sample update" and answers the code the page shows (`sent` when there is none). */
async function sendSample(page) {
  await page.evaluate(() => {
    const status = document.getElementById('sample-status');
    status.textContent = '';
    delete status.dataset.code;
  });
  await (await buttonNamed(page, 'Send a sample update')).click();
  const handle = await page.waitForFunction(() => {
    const status = document.getElementById('sample-status');
    if (!status.textContent || status.textContent === 'Sending…') return undefined;
    return { code: status.dataset.code ?? 'sent', text: status.textContent };
  });
  return handle.jsonValue();
}

/** The messages on the phone's inbox page, as the resident reads them: each article's text. */
const articlesOn = (phone) => phone.evaluate(() => Array.from(document.querySelectorAll('main article'), (article) => article.textContent.replace(/\s+/g, ' ').trim()));

/** The phone's inbox opened in `lang`, its messages read. */
async function inbox(phone, issuer, lang) {
  await phone.goto(`${issuer}/app/notifications?lang=${lang}`);
  await phone.waitForSelector('h1');
  return articlesOn(phone);
}

for (const engine of ENGINES) {
  describe(`notifications in ${engine.name}: opt in on the site, approve in the app, read the update, stop in the app`, () => {
    const suite = engineSuite(engine, { stack: true });

    test('refused before the opt-in; after it the update is in the app\'s inbox in its language; after stopping in the app the next one is refused', async () => {
      const { desktop, phone, close } = await loginAcrossDevices(suite.browser, engine.name, suite.stack.origin);
      try {
        const { page } = desktop;
        const { issuer, origin } = suite.stack;
        const sentBefore = suite.stack.notified.length;

        // Not asked yet: the server refuses, nothing is delivered.
        assert.deepEqual(await sendSample(page), {
          code: 'not_consented', text: 'Not sent: you have not chosen to get this update in iAM Smart, or you have stopped it.',
        });
        assert.equal(suite.stack.notified.length, sentBefore);

        // The opt-in offers the library's one topic on this page, ticked.
        const box = await page.waitForSelector('iams-notify-optin >>> input[type="checkbox"]', { visible: true });
        assert.equal(await box.evaluate((input) => input.checked), true);
        assert.equal(await page.evaluate(() => document.querySelector('iams-notify-optin').shadowRoot.querySelectorAll('input[type="checkbox"]').length), 1, 'topics="reservation-ready" narrows the list');
        await byText(page, 'label', 'Reservation ready');
        await (await byText(page, 'button', 'Get updates in iAM Smart')).click();
        await throughHostedTab({ context: page.browserContext(), page, phone, host: 'iams-notify-optin', origin, issuer });
        await page.waitForFunction(() => window.__iamsEvents.some((event) => event.startsWith('iams-notify ')));
        const notifyEvents = (await page.evaluate(() => window.__iamsEvents)).filter((event) => event.startsWith('iams-notify '));
        assert.deepEqual(JSON.parse(notifyEvents.at(-1).slice('iams-notify '.length)), { consented: ['reservation-ready'] });
        // The element now shows the choice and how to stop it.
        await byText(page, 'button', 'Stop updates');

        // The library's server sends; the update arrives in the app.
        assert.deepEqual(await sendSample(page), { code: 'sent', text: 'Sent. Open the iAM Smart app to read it.' });
        assert.equal(suite.stack.notified.length, sentBefore + 1);

        await phone.page.goto(`${issuer}/app?lang=en`);
        await (await linkNamed(phone.page, 'Notifications (1 unread)')).click();
        await phone.page.waitForFunction(() => document.querySelector('h1')?.textContent.trim() === 'Notifications');
        const english = await articlesOn(phone.page);
        assert.equal(english.length, 1, `one update: ${english.join(' | ')}`);
        assert.ok(english[0].includes(SERVICE.en) && english[0].includes(SAMPLE.en), english[0]);
        // Read now: the home's link has no unread count.
        await phone.page.goto(`${issuer}/app?lang=en`);
        await linkNamed(phone.page, 'Notifications');
        // The same update in Traditional Chinese when that is the app's language.
        const chinese = await inbox(phone.page, issuer, 'zh-HK');
        assert.equal(chinese.length, 1);
        assert.ok(chinese[0].includes(SERVICE['zh-HK']) && chinese[0].includes(SAMPLE['zh-HK']), chinese[0]);
        assert.equal(chinese[0].includes(SAMPLE.en), false, 'only the app\'s language');
        const link = await phone.page.$eval('main article a[href]', (anchor) => anchor.href);
        assert.equal(link, `${origin}/`, 'the update links to the library\'s own site');

        // The resident stops the library's updates in the app.
        await phone.page.goto(`${issuer}/app/notifications/settings?lang=en`);
        await (await buttonNamed(phone.page, `Stop updates from ${SERVICE.en}`)).click();
        await phone.page.waitForFunction((service) => document.querySelector('[role="status"]')?.textContent.includes(service), {}, SERVICE.en);

        // The next send is refused at once, and nothing more reaches the app.
        assert.deepEqual(await sendSample(page), {
          code: 'not_consented', text: 'Not sent: you have not chosen to get this update in iAM Smart, or you have stopped it.',
        });
        assert.equal(suite.stack.notified.length, sentBefore + 1);
        assert.equal((await inbox(phone.page, issuer, 'en')).length, 1, 'still the one update');
        // The refused sends are the page's own 409s, which Chromium logs as failed loads; nothing else.
        assert.deepEqual([...desktop.problems.filter((problem) => !/status of 409/.test(problem)), ...phone.problems], []);
      } finally {
        await close();
      }
    });
  });
}
