/// <reference types="mocha" />
// <iams-notify-optin> (decision 059) on the scripted client: every state in the three languages,
// checked with axe; the choice, the confirmation in the shared dialog, change and stop, what is
// announced, the events, the `topics` attribute and the failures, each where it happens.
import type { NotificationSettings, NotifyConsent } from '@iamsmart/sdk';
import { IamSmartError } from '@iamsmart/sdk';
import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { IamsErrorDetail, IamsNotifyDetail, IamsStateDetail } from '../events.js';
import { messagesFor } from '../i18n/index.js';
import { deferred, FAKE_NOTIFY_TOPICS, FakeClient, type FakeClientScript } from '../test-support/fake-client.js';
import { FAKE_NOW, FakeNotifySession } from '../test-support/fake-session.js';
import { dialogOf, onPageIn, partOf, textOf, triggerOf } from '../test-support/elements.js';
import { reaches, statusOf } from '../test-support/notify.js';
import '../provider/define.js';
import './define.js';
import type { IamsNotifyOptin } from './notify-optin.js';
import '../test-support/messages.js';

const LANGS = ['en', 'zh-HK', 'zh-CN'] as const;

interface Options {
  lang?: string;
  topics?: string;
  client?: FakeClient | null;
}

/** An opt-in inside a provider whose client is `script`'s (backend mode unless it says otherwise), with a stopped clock. */
/** Listeners on the window, taken down after each test. */
const listening: (() => void)[] = [];
afterEach(() => {
  for (const stop of listening.splice(0)) stop();
});

function listen<K extends 'iams-notify' | 'iams-error' | 'iams-state'>(type: K, record: (event: GlobalEventHandlersEventMap[K]) => void): void {
  window.addEventListener(type, record);
  listening.push(() => {
    window.removeEventListener(type, record);
  });
}

async function optin(script: FakeClientScript = {}, { lang = 'en', topics, client }: Options = {}) {
  const fake = client === undefined ? new FakeClient({ backend: true, ...script }) : client;
  // From before the element exists: its first read may fail at once.
  const events: IamsNotifyDetail[] = [];
  const errors: IamsErrorDetail[] = [];
  const states: IamsStateDetail['state'][] = [];
  listen('iams-notify', (event) => events.push(event.detail));
  listen('iams-error', (event) => errors.push(event.detail));
  listen('iams-state', (event) => states.push(event.detail.state));
  const root = await fixture(html`<div>
    <iams-provider .client=${fake ?? undefined}>
      <iams-notify-optin lang=${lang} topics=${topics ?? ''} .now=${() => FAKE_NOW}></iams-notify-optin>
    </iams-provider>
  </div>`);
  const el = root.querySelector('iams-notify-optin');
  if (!el) throw new Error('no element');
  await el.updateComplete;
  // Without a client (null), one the element never saw, so that the tests read the same shape.
  return { el, client: fake ?? new FakeClient(), events, errors, states };
}

/** The topics listed as subscribed. */
function subscribedTo(el: IamsNotifyOptin): string[] {
  return Array.from(partOf(el, 'subscribed')?.querySelectorAll('li') ?? [], textOf);
}

function boxes(el: IamsNotifyOptin): HTMLInputElement[] {
  return Array.from(el.shadowRoot?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]') ?? []);
}

/** The topics as the resident reads them: name and whether ticked. */
function choice(el: IamsNotifyOptin): [string, boolean][] {
  return boxes(el).map((box) => [textOf(box.closest('label')), box.checked]);
}

async function settled(el: IamsNotifyOptin): Promise<void> {
  await el.updateComplete;
  await dialogOf(el)?.querySelector('iams-qr-login')?.updateComplete;
}

/** A consent session the test moves, handed out by the client. */
function scripted(result: NotifyConsent = { consented: ['reservation-ready', 'opening-hours'] }) {
  const session = new FakeNotifySession({ channel: 'app', noCode: true, result });
  return { session, startNotify: () => session };
}

describe('<iams-notify-optin>', () => {
  onPageIn('en');

  describe('states, in the three languages, each accessible', () => {
    for (const lang of LANGS) {
      const text = messagesFor(lang).notify;

      it(`loading, then choose: every topic ticked, “${text.label}” (${lang})`, async () => {
        const read = deferred<NotificationSettings>();
        const { el, client } = await optin({ notifications: () => read.promise }, { lang });
        assert.strictEqual(el.state, 'loading');
        assert.strictEqual(textOf(partOf(el, 'progress')), text.loading);
        await expect(el).to.be.accessible();
        read.resolve({ topics: FAKE_NOTIFY_TOPICS.map(({ id, name }) => ({ id, name: name[lang] })), consented: [] });
        await reaches(el, 'choose');
        assert.deepEqual(client.notificationsCalls, [{ lang }]);
        assert.strictEqual(textOf(partOf(el, 'topics')?.querySelector('legend')), text.choose);
        assert.deepEqual(choice(el), FAKE_NOTIFY_TOPICS.map(({ name }) => [name[lang], true]));
        assert.strictEqual(textOf(triggerOf(el)), text.label);
        await expect(el).to.be.accessible();
      });

      it(`subscribed: the topics the resident gets, Change topics and Stop updates (${lang})`, async () => {
        const { el } = await optin({ consented: ['opening-hours'] }, { lang });
        await reaches(el, 'subscribed');
        assert.strictEqual(subscribedTo(el).join(', '), FAKE_NOTIFY_TOPICS[1].name[lang]);
        assert.strictEqual(textOf(partOf(el, 'change')), text.change);
        assert.strictEqual(textOf(partOf(el, 'stop')), text.stop);
        await expect(el).to.be.accessible();
      });

      it(`unavailable in OpenID Connect mode: why, and no control (${lang})`, async () => {
        const { el, client } = await optin({}, { lang, client: new FakeClient() });
        await reaches(el, 'unavailable');
        assert.strictEqual(textOf(partOf(el, 'message')), text.unavailable);
        assert.isEmpty(el.shadowRoot?.querySelectorAll('button, input') ?? []);
        assert.deepEqual(client.notificationsCalls, []);
        await expect(el).to.be.accessible();
      });

      it(`login-required: says to log in with iAM Smart first (${lang})`, async () => {
        const { el, errors } = await optin({ notifications: () => Promise.reject(new IamSmartError('login_required', 'no session')) }, { lang });
        await reaches(el, 'login-required');
        assert.strictEqual(textOf(partOf(el, 'message')), text.loginRequired);
        assert.isEmpty(el.shadowRoot?.querySelectorAll('button, input') ?? []);
        assert.deepEqual(errors, []);
        await expect(el).to.be.accessible();
      });

      it(`failed: the reading failure told, with Try again (${lang})`, async () => {
        let fail = true;
        const { el, errors } = await optin(
          { notifications: async (options) => (fail ? Promise.reject(new IamSmartError('backend_unavailable', '503')) : new FakeClient({ backend: true }).notifications(options)) },
          { lang },
        );
        await reaches(el, 'failed');
        assert.strictEqual(textOf(partOf(el, 'error')), text.errors.backend_unavailable);
        assert.strictEqual(partOf(el, 'error')?.getAttribute('role'), 'alert');
        assert.deepEqual(errors.map(({ code }) => code), ['backend_unavailable']);
        await expect(el).to.be.accessible();
        fail = false;
        partOf(el, 'retry')?.click();
        await reaches(el, 'choose');
        assert.strictEqual(textOf(partOf(el, 'error')), '');
      });

      it(`the confirmation in the shared dialog, request waiting in the app (${lang})`, async () => {
        const { session, startNotify } = scripted();
        const { el } = await optin({ startNotify }, { lang });
        await reaches(el, 'choose');
        triggerOf(el).click();
        await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
        session.to('awaiting-scan');
        await settled(el);
        const qr = dialogOf(el)?.querySelector('iams-qr-login');
        assert.strictEqual(qr?.getAttribute('flow'), 'notify');
        await waitUntil(() => qr?.shadowRoot?.querySelector('[part="stage"]'), 'no stage');
        assert.include(textOf(qr?.shadowRoot?.querySelector('[part="stage"]')), messagesFor(lang).qr.appTitle);
        assert.strictEqual(textOf(dialogOf(el)?.querySelector('h2')), text.label);
        await expect(el).to.be.accessible();
        session.to('denied');
        await settled(el);
        assert.include(textOf(qr?.shadowRoot?.querySelector('[part="stage"]')), text.qr.denied);
        await expect(el).to.be.accessible();
      });
    }

    it('no topic offered: says so, no control', async () => {
      const { el } = await optin({ notifications: () => Promise.resolve({ topics: [], consented: [] }) });
      await reaches(el, 'choose');
      assert.strictEqual(textOf(partOf(el, 'message')), messagesFor('en').notify.noTopics);
      assert.isNull(partOf(el, 'trigger'));
      await expect(el).to.be.accessible();
    });

    it('no client at all: not available here', async () => {
      const { el } = await optin({}, { client: null });
      await reaches(el, 'unavailable');
      assert.strictEqual(textOf(partOf(el, 'message')), messagesFor('en').notify.notConfigured);
    });
  });

  describe('choosing and confirming', () => {
    it('asks for the ticked topics in the element’s language; approved: subscribed, announced, iams-notify, focus on the title', async () => {
      const { session, startNotify } = scripted({ consented: ['opening-hours'] });
      const { el, client, events, states } = await optin({ startNotify }, { lang: 'zh-HK' });
      await reaches(el, 'choose');
      boxes(el)[0]?.click();
      await el.updateComplete;
      assert.deepEqual(choice(el), [['預約館藏可取', false], ['開放時間變更', true]]);
      triggerOf(el).click();
      await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
      assert.deepEqual(client.notifyCalls, [{ topics: ['opening-hours'], lang: 'zh-HK' }]);
      session.to('awaiting-scan');
      session.to('approved');
      session.to('done');
      await reaches(el, 'subscribed');
      await settled(el);
      assert.isNull(dialogOf(el));
      assert.strictEqual(subscribedTo(el).join(', '), '開放時間變更');
      assert.strictEqual(statusOf(el), messagesFor('zh-HK').notify.started);
      assert.deepEqual(events, [{ consented: ['opening-hours'] }]);
      assert.deepEqual(states, ['starting', 'awaiting-scan', 'approved', 'done']);
      assert.strictEqual(el.shadowRoot?.activeElement, partOf(el, 'title'));
    });

    it('none ticked: the button is disabled, with the reason tied to it; ticking one enables it', async () => {
      const { el, client } = await optin();
      await reaches(el, 'choose');
      for (const box of boxes(el)) box.click();
      await el.updateComplete;
      const button = triggerOf(el);
      assert.isTrue(button.disabled);
      assert.strictEqual(button.getAttribute('aria-describedby'), 'notify-reason');
      assert.strictEqual(textOf(partOf(el, 'reason')), messagesFor('en').notify.noneChosen);
      button.click();
      await el.updateComplete;
      assert.deepEqual(client.notifyCalls, []);
      await expect(el).to.be.accessible();
      boxes(el)[1]?.click();
      await el.updateComplete;
      assert.isFalse((triggerOf(el)).disabled);
      assert.isNull(partOf(el, 'reason'));
    });

    it('`topics` narrows the backend’s list: only those offered and asked for', async () => {
      const { session, startNotify } = scripted({ consented: ['reservation-ready'] });
      const { el, client } = await optin({ startNotify }, { topics: ' reservation-ready  unknown-topic ' });
      await reaches(el, 'choose');
      assert.deepEqual(choice(el), [['Reservation ready', true]]);
      triggerOf(el).click();
      await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
      assert.deepEqual(client.notifyCalls[0]?.topics, ['reservation-ready']);
      session.cancel();
    });

    it('declined in the app: iams-error access_denied from the element, still choose; Close returns focus to the button', async () => {
      const { session, startNotify } = scripted();
      const { el, errors, events } = await optin({ startNotify });
      await reaches(el, 'choose');
      triggerOf(el).click();
      await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
      session.to('awaiting-scan');
      session.to('denied');
      await settled(el);
      assert.deepEqual(errors.map(({ code, message }) => [code, message]), [['access_denied', messagesFor('en').notify.errors.access_denied]]);
      partOf(el, 'dialog-close')?.click();
      await el.updateComplete;
      assert.isNull(dialogOf(el));
      assert.strictEqual(el.state, 'choose');
      assert.deepEqual(events, []);
      assert.strictEqual(el.shadowRoot?.activeElement, triggerOf(el));
    });

    it('refused before anything is sent (invalid_config, a final code): the dialog says so with Close only', async () => {
      const session = new FakeNotifySession({ state: 'error', ending: 'invalid_config' });
      const { el, errors } = await optin({ startNotify: () => session });
      await reaches(el, 'choose');
      triggerOf(el).click();
      await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
      await settled(el);
      assert.deepEqual(errors.map(({ code }) => code), ['invalid_config']);
      assert.include(textOf(partOf(el, 'failure') ?? dialogOf(el)?.querySelector('[part="failure"]')), messagesFor('en').notify.errors.invalid_config);
      await expect(el).to.be.accessible();
    });
  });

  describe('changing and stopping', () => {
    it('Change topics: back to choose with the current ones ticked; adding one asks the app for it only', async () => {
      const { session, startNotify } = scripted({ consented: ['reservation-ready', 'opening-hours'] });
      const { el, client, events } = await optin({ consented: ['reservation-ready'], startNotify });
      await reaches(el, 'subscribed');
      partOf(el, 'change')?.click();
      await reaches(el, 'choose');
      assert.deepEqual(choice(el), [['Reservation ready', true], ['Changes to opening hours', false]]);
      assert.strictEqual(el.shadowRoot?.activeElement, boxes(el)[0]);
      assert.isNotNull(partOf(el, 'cancel'));
      boxes(el)[1]?.click();
      await el.updateComplete;
      triggerOf(el).click();
      await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
      assert.deepEqual(client.notifyCalls, [{ topics: ['opening-hours'], lang: 'en' }]);
      session.to('done');
      await reaches(el, 'subscribed');
      assert.strictEqual(subscribedTo(el).join(', '), 'Reservation ready, Changes to opening hours');
      assert.deepEqual(events, [{ consented: ['reservation-ready', 'opening-hours'] }]);
      assert.deepEqual(client.stopCalls, []);
    });

    it('Change topics, removing only: stopNotifications(removed), no app confirmation, “updated” announced', async () => {
      const { el, client, events } = await optin({ consented: ['reservation-ready', 'opening-hours'] });
      await reaches(el, 'subscribed');
      partOf(el, 'change')?.click();
      await reaches(el, 'choose');
      boxes(el)[0]?.click();
      await el.updateComplete;
      assert.notStrictEqual(triggerOf(el).getAttribute('aria-haspopup'), 'dialog');
      triggerOf(el).click();
      await reaches(el, 'subscribed');
      assert.deepEqual(client.stopCalls, [['reservation-ready']]);
      assert.deepEqual(client.notifyCalls, []);
      assert.strictEqual(subscribedTo(el).join(', '), 'Changes to opening hours');
      assert.strictEqual(statusOf(el), messagesFor('en').notify.updated);
      assert.deepEqual(events, [{ consented: ['opening-hours'] }]);
    });

    it('Cancel leaves the choice as it was and returns focus to Change topics', async () => {
      const { el, client } = await optin({ consented: ['opening-hours'] });
      await reaches(el, 'subscribed');
      partOf(el, 'change')?.click();
      await reaches(el, 'choose');
      boxes(el)[0]?.click();
      partOf(el, 'cancel')?.click();
      await reaches(el, 'subscribed');
      assert.strictEqual(subscribedTo(el).join(', '), 'Changes to opening hours');
      assert.strictEqual(el.shadowRoot?.activeElement, partOf(el, 'change'));
      assert.deepEqual(client.stopCalls, []);
    });

    it('Stop updates: stopNotifications() for all, back to choose with every topic ticked, “stopped” announced, iams-notify { consented: [] }', async () => {
      const { el, client, events } = await optin({ consented: ['reservation-ready'] }, { lang: 'zh-CN' });
      await reaches(el, 'subscribed');
      partOf(el, 'stop')?.click();
      await reaches(el, 'choose');
      assert.deepEqual(client.stopCalls, [undefined]);
      assert.strictEqual(statusOf(el), messagesFor('zh-CN').notify.stopped);
      assert.deepEqual(events, [{ consented: [] }]);
      assert.deepEqual(choice(el), [['预约馆藏可取', true], ['开放时间变更', true]]);
      assert.strictEqual(el.shadowRoot?.activeElement, partOf(el, 'title'));
      await expect(el).to.be.accessible();
    });

    it('a stop that fails leaves subscribed as it was, the message under it, no spinner left', async () => {
      const stop = deferred<NotifyConsent>();
      const { el, errors, events } = await optin({ consented: ['reservation-ready'], stopNotifications: () => stop.promise });
      await reaches(el, 'subscribed');
      partOf(el, 'stop')?.click();
      await el.updateComplete;
      assert.strictEqual(partOf(el, 'stop')?.getAttribute('aria-busy'), 'true');
      stop.reject(new IamSmartError('backend_unavailable', '503'));
      await waitUntil(() => errors.length === 1, 'no iams-error');
      await el.updateComplete;
      assert.strictEqual(el.state, 'subscribed');
      assert.strictEqual(subscribedTo(el).join(', '), 'Reservation ready');
      assert.strictEqual(textOf(partOf(el, 'error')), messagesFor('en').notify.errors.backend_unavailable);
      assert.isNull(partOf(el, 'stop')?.getAttribute('aria-busy') ?? null);
      assert.deepEqual(events, []);
      await expect(el).to.be.accessible();
    });

    it('a listener calling preventDefault() on iams-error keeps the message off the element', async () => {
      const { el } = await optin({ consented: ['reservation-ready'], stopNotifications: () => Promise.reject(new IamSmartError('cross_site_request', '403')) });
      el.addEventListener('iams-error', (event) => { event.preventDefault(); });
      await reaches(el, 'subscribed');
      partOf(el, 'stop')?.click();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await el.updateComplete;
      assert.strictEqual(el.state, 'subscribed');
      assert.strictEqual(textOf(partOf(el, 'error')), '');
    });

    it('the names follow a language switch (read again in the new language)', async () => {
      const { el, client } = await optin({ consented: ['reservation-ready'] });
      await reaches(el, 'subscribed');
      el.lang = 'zh-HK';
      await waitUntil(() => subscribedTo(el).join(', ') === '預約館藏可取', 'names not in zh-HK');
      assert.deepEqual(client.notificationsCalls.map((call) => call?.lang), ['en', 'zh-HK']);
    });
  });
});
