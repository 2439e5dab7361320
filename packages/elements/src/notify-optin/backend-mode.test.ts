/// <reference types="mocha" />
// <iams-notify-optin> over the real backend client and the stand-in of the website's server
// (packages/sdk/test/fake-backend-middleware.js: the session cookie, decision 037's requests with a
// real event stream, /notifications and /notifications/stop), driven by the keyboard alone:
// choose → confirm → subscribed → change → stop.
import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { IamsNotifyDetail } from '../events.js';
import { messagesFor } from '../i18n/index.js';
import { sendKeys } from '../test-support/commands.js';
import { dialogOf, onPageIn, partOf, textOf } from '../test-support/elements.js';
import { reaches, statusOf } from '../test-support/notify.js';
import { deepActiveElement, tabBackIntoPage } from '../test-support/focus.js';
import { recordingBackendClient, registerBackend } from '../../../sdk/src/test-support/fake-backend.js';
import type { FakeBackend, FakeBackendOptions } from '../../../sdk/src/test-support/fake-backend.js';
import '../provider/define.js';
import './define.js';
import '../test-support/messages.js';

async function backendOptin(options: FakeBackendOptions = {}, loggedIn = true) {
  const fake: FakeBackend = await registerBackend(options);
  if (loggedIn) await fake.logIn();
  const { client } = recordingBackendClient({ backend: fake.backend }, 0.05);
  const root = await fixture(html`<div><iams-provider .client=${client}><iams-notify-optin></iams-notify-optin></iams-provider></div>`);
  const el = root.querySelector('iams-notify-optin');
  if (!el) throw new Error('no element');
  const events: IamsNotifyDetail[] = [];
  el.addEventListener('iams-notify', (event) => events.push(event.detail));
  await el.updateComplete;
  return { el, fake, events };
}

/** Tabs (at most `max` times) until `matches` holds for the focused element, looking through shadow roots. */
async function tabTo(what: string, matches: (active: Element | null) => boolean, max = 8): Promise<void> {
  for (let i = 0; i < max && !matches(deepActiveElement()); i++) await sendKeys({ press: 'Tab' });
  assert.isTrue(matches(deepActiveElement()), `Tab did not reach ${what}`);
}

const isPart = (name: string) => (active: Element | null) => active?.getAttribute('part') === name;

describe('<iams-notify-optin> in backend mode, keyboard only', () => {
  onPageIn('en');

  it('Space unticks a topic, Enter asks the app, the resident approves; Change topics, Space, Enter stops the unticked one; Stop updates stops all', async () => {
    const { el, fake, events } = await backendOptin();
    const text = messagesFor('en').notify;
    await reaches(el, 'choose');
    await tabBackIntoPage();
    await tabTo('the first topic', (active) => active instanceof HTMLInputElement);
    // Untick "Changes to opening hours": Tab to it, Space.
    await sendKeys({ press: 'Tab' });
    assert.strictEqual((deepActiveElement() as HTMLInputElement).value, 'opening-hours');
    await sendKeys({ press: ' ' });
    await tabTo('the button', isPart('trigger'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialogOf(el)?.open, 'Enter did not open the dialog');
    await waitUntil(async () => (await fake.log()).requests.length === 1, 'no request');
    assert.deepEqual((await fake.log()).requests, [{ flow: 'notify', topics: ['reservation-ready'], lang: 'en' }]);
    await waitUntil(async () => (await fake.log()).eventConnections.length === 1, 'no event stream');
    await expect(el).to.be.accessible();
    await fake.control({ action: 'approve', result: { consented: ['reservation-ready'] } });
    await reaches(el, 'subscribed');
    assert.isNull(dialogOf(el));
    assert.strictEqual(statusOf(el), text.started);
    assert.strictEqual(textOf(partOf(el, 'subscribed')), 'Reservation ready');
    assert.deepEqual(events, [{ consented: ['reservation-ready'] }]);

    // Change topics, swapping: untick the topic held and tick the other. The app confirms the one
    // added; the one unticked is stopped after, without the app.
    await tabTo('Change topics', isPart('change'));
    await sendKeys({ press: 'Enter' });
    await reaches(el, 'choose');
    assert.strictEqual((deepActiveElement() as HTMLInputElement).value, 'reservation-ready');
    await sendKeys({ press: ' ' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: ' ' });
    await tabTo('the button', isPart('trigger'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialogOf(el)?.open, 'Enter did not open the dialog');
    await waitUntil(async () => (await fake.log()).requests.length === 2, 'no second request');
    assert.deepEqual((await fake.log()).requests[1], { flow: 'notify', topics: ['opening-hours'], lang: 'en' });
    await waitUntil(async () => (await fake.log()).eventConnections.length === 2, 'no second event stream');
    await fake.control({ action: 'approve', result: { consented: ['reservation-ready', 'opening-hours'] } });
    // Approved with "opening hours", and "reservation ready" unticked: that one is stopped, without the app.
    await waitUntil(async () => (await fake.log()).stops.length === 1, 'the unticked topic was not stopped');
    await reaches(el, 'subscribed');
    await waitUntil(() => textOf(partOf(el, 'subscribed')) === 'Changes to opening hours', 'not only opening hours');
    assert.deepEqual((await fake.log()).stops, [{ topics: ['reservation-ready'] }]);
    assert.strictEqual(statusOf(el), text.updated);

    await tabTo('Stop updates', isPart('stop'));
    await sendKeys({ press: 'Enter' });
    await reaches(el, 'choose');
    assert.strictEqual(statusOf(el), text.stopped);
    assert.deepEqual((await fake.log()).stops.at(-1), {});
    assert.deepEqual(events.at(-1), { consented: [] });
    await expect(el).to.be.accessible();
  });

  it('not logged in on the website: login-required, nothing asked', async () => {
    const { el, fake } = await backendOptin({}, false);
    await reaches(el, 'login-required');
    assert.strictEqual(textOf(partOf(el, 'message')), messagesFor('en').notify.loginRequired);
    assert.deepEqual((await fake.log()).requests, []);
  });

  it('already subscribed: reads the choice the server holds', async () => {
    const { el } = await backendOptin({ notifications: { consented: ['opening-hours'] } });
    await reaches(el, 'subscribed');
    assert.strictEqual(textOf(partOf(el, 'subscribed')), 'Changes to opening hours');
  });
});
