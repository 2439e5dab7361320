/// <reference types="mocha" />
import { IamSmartError, type SessionState } from '@iamsmart/sdk';
import { assert, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { IamsErrorEvent, IamsLoginEvent, IamsStateDetail, IamsStateEvent } from '../events.js';
import { messagesFor } from '../i18n/index.js';
import { FakeClient } from '../test-support/fake-client.js';
import { FAKE_LIFETIME_MS, FAKE_NOW, FAKE_USER_CODE, FakeQrLoginSession, FakeSignSession, fakePayload } from '../test-support/fake-session.js';
import { decodeRenderedQr } from '../test-support/decode-qr.js';
import { onPageIn } from '../test-support/elements.js';
import '../provider/define.js';
import './define.js';
import type { IamsProvider } from '../provider/provider.js';
import type { IamsQrLogin } from './qr-login.js';
import '../test-support/messages.js';

/** A controllable clock: the element reads `clock.now`; `advance` moves it and makes the element look. */
interface Clock {
  now: number;
}

function advance(el: IamsQrLogin, clock: Clock, seconds: number): Promise<boolean> {
  clock.now += seconds * 1000;
  // A new function is a changed property: the element re-reads the clock as its ticker would.
  el.now = () => clock.now;
  return el.updateComplete;
}

/** An element showing `session` (set directly, as stories do), with a fixed clock. */
async function showing(session: FakeQrLoginSession, lang = 'en'): Promise<{ el: IamsQrLogin; clock: Clock }> {
  const clock = { now: FAKE_NOW };
  const el = await fixture<IamsQrLogin>(html`<iams-qr-login lang=${lang} .now=${() => clock.now} .session=${session}></iams-qr-login>`);
  await waitUntil(() => el.shadowRoot?.querySelector('[part="stage"]') && elQr(el) !== undefined, 'the QR encoder did not load');
  return { el, clock };
}

/** True once the QR encoder has loaded (the stage renders the QR as soon as it has one and a payload). */
function elQr(el: IamsQrLogin): unknown {
  return (el as unknown as { qr?: unknown }).qr;
}

/** An element inside a provider whose client hands out `session`. */
async function inProvider(session: FakeQrLoginSession, template = html`<iams-qr-login></iams-qr-login>`) {
  const client = new FakeClient({ startQrLogin: () => session });
  const provider = await fixture(html`<iams-provider .client=${client}>${template}</iams-provider>`);
  const el = provider.querySelector('iams-qr-login');
  if (!el) throw new Error('no element');
  await el.updateComplete;
  return { el, client, provider };
}

function part(el: IamsQrLogin, name: string): HTMLElement | null {
  return el.shadowRoot?.querySelector<HTMLElement>(`[part="${name}"]`) ?? null;
}

function text(el: IamsQrLogin, name: string): string {
  return part(el, name)?.textContent.replace(/\s+/g, ' ').trim() ?? '';
}

function status(el: IamsQrLogin): string {
  return el.shadowRoot?.querySelector('[role="status"]')?.textContent.trim() ?? '';
}

function qr(el: IamsQrLogin): SVGSVGElement | null {
  return el.shadowRoot?.querySelector<SVGSVGElement>('svg[part="qr"]') ?? null;
}

function newCodeButton(el: IamsQrLogin): HTMLButtonElement {
  const button = part(el, 'new-code');
  if (!(button instanceof HTMLButtonElement)) throw new Error('no new-code button');
  return button;
}

/** Records every iams-state detail the element fires. */
function stateLog(el: IamsQrLogin): IamsStateDetail[] {
  const log: IamsStateDetail[] = [];
  el.addEventListener('iams-state', (event: IamsStateEvent) => log.push(event.detail));
  return log;
}

async function settled(el: IamsQrLogin): Promise<void> {
  await el.updateComplete;
}

describe('<iams-qr-login>', () => {
  onPageIn('en');

  describe('sessions', () => {
    it('starts a session from the provider’s client when connected, in its language', async () => {
      const session = new FakeQrLoginSession();
      const { el, client } = await inProvider(session, html`<iams-qr-login lang="zh-HK"></iams-qr-login>`);
      assert.deepEqual(client.qrLoginCalls, [{ lang: 'zh-HK' }]);
      assert.strictEqual(el.session, session);
      assert.strictEqual(session.listenerCount, 1);
    });

    it('starts once the provider has a client, not before', async () => {
      const provider = await fixture<IamsProvider>(html`<iams-provider><iams-qr-login></iams-qr-login></iams-provider>`);
      const el = provider.querySelector('iams-qr-login');
      if (!el) throw new Error('no element');
      await el.updateComplete;
      assert.strictEqual(el.session, undefined);
      assert.include(text(el, 'stage'), 'Login with iAM Smart is not available on this page yet.');
      const session = new FakeQrLoginSession();
      const client = new FakeClient({ startQrLogin: () => session });
      provider.client = client;
      await waitUntil(() => el.session === session, 'no session started');
      assert.lengthOf(client.qrLoginCalls, 1);
    });

    it('manual: starts nothing until start()', async () => {
      const session = new FakeQrLoginSession();
      const { el, client } = await inProvider(session, html`<iams-qr-login manual></iams-qr-login>`);
      assert.lengthOf(client.qrLoginCalls, 0);
      assert.strictEqual(el.session, undefined);
      await expect(el).to.be.accessible();
      el.start();
      assert.lengthOf(client.qrLoginCalls, 1);
      assert.strictEqual(el.session, session);
    });

    it('never runs two sessions: start() cancels the one shown, and refresh() renews the same session', async () => {
      const first = new FakeQrLoginSession();
      const second = new FakeQrLoginSession();
      const sessions = [first, second];
      const client = new FakeClient({
        startQrLogin: () => {
          const next = sessions.shift();
          if (!next) throw new Error('no more sessions');
          return next;
        },
      });
      const provider = await fixture(html`<iams-provider .client=${client}><iams-qr-login></iams-qr-login></iams-provider>`);
      const el = provider.querySelector('iams-qr-login');
      if (!el) throw new Error('no element');
      await el.updateComplete;
      first.to('awaiting-scan');
      el.refresh();
      assert.strictEqual(first.refreshCalls, 1);
      assert.lengthOf(client.qrLoginCalls, 1, 'refresh() starts no second session');
      assert.strictEqual(first.cancelCalls, 0);
      el.start();
      assert.strictEqual(first.cancelCalls, 1);
      assert.strictEqual(first.state, 'cancelled');
      assert.strictEqual(first.listenerCount, 0);
      assert.strictEqual(el.session, second);
      assert.lengthOf(client.qrLoginCalls, 2);
    });

    it('cancels its session and stops listening when removed; starts afresh when put back', async () => {
      const first = new FakeQrLoginSession();
      const { el, client, provider } = await inProvider(first);
      first.to('awaiting-scan');
      el.remove();
      assert.strictEqual(first.cancelCalls, 1);
      assert.strictEqual(first.state, 'cancelled');
      assert.strictEqual(first.listenerCount, 0);
      assert.strictEqual(el.session, undefined);
      const second = new FakeQrLoginSession();
      (client as unknown as { startQrLogin: () => FakeQrLoginSession }).startQrLogin = () => second;
      provider.append(el);
      await el.updateComplete;
      assert.strictEqual(el.session, second);
    });

    it('cancels a session set from outside when another replaces it', async () => {
      const first = new FakeQrLoginSession();
      const { el } = await showing(first);
      const second = new FakeQrLoginSession();
      el.session = second;
      assert.strictEqual(first.cancelCalls, 1);
      assert.strictEqual(first.listenerCount, 0);
      assert.strictEqual(second.listenerCount, 1);
    });

    it('without a client: says login is not available, and start() fires iams-error invalid_config', async () => {
      const el = await fixture<IamsQrLogin>(html`<iams-qr-login lang="zh-CN" manual></iams-qr-login>`);
      const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
      el.start();
      const { detail } = await event;
      assert.strictEqual(detail.code, 'invalid_config');
      assert.strictEqual(detail.message, '此页面暂时未能使用智方便登入，请稍后再试。');
      await settled(el);
      assert.include(text(el, 'stage'), '此页面暂时未能使用智方便登入');
      await expect(el).to.be.accessible();
    });
  });

  describe('awaiting a scan', () => {
    it('shows the steps, the QR code named for screen readers, the identification code, the countdown and the non-scanning paths', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      session.to('awaiting-scan');
      await settled(el);
      const steps = el.shadowRoot?.querySelectorAll('[part="steps"] li') ?? [];
      assert.deepEqual(
        [...steps].map((li) => li.textContent),
        [
          'Open the iAM Smart app on your phone.',
          'Tap “Scan” and point your camera at the QR code.',
          'Check that iAM Smart shows the identification code below, tap it, then approve.',
        ],
      );
      const svgElement = qr(el);
      assert.strictEqual(
        svgElement?.getAttribute('aria-label'),
        'QR code for logging in with iAM Smart. Scan it with the iAM Smart app, or use the identification code 4 8 2 1, 0 9 3 7.',
      );
      assert.strictEqual(svgElement?.getAttribute('role'), 'img');
      assert.strictEqual(svgElement?.getAttribute('shape-rendering'), 'crispEdges');
      assert.lengthOf(svgElement?.querySelectorAll('path') ?? [], 1);
      const code = part(el, 'code');
      assert.strictEqual(code?.querySelector('.code-label')?.textContent, 'Identification code');
      assert.strictEqual(code?.querySelector('.code-value')?.textContent, FAKE_USER_CODE);
      assert.strictEqual(code?.querySelector('.code-value')?.getAttribute('aria-hidden'), 'true');
      assert.strictEqual(code?.querySelector('.visually-hidden')?.textContent, '4 8 2 1, 0 9 3 7');
      assert.strictEqual(text(el, 'countdown'), 'Expires in 3:00');
      assert.strictEqual(newCodeButton(el).textContent.trim(), 'Get a new QR code');
      const link = part(el, 'app-link') as HTMLAnchorElement;
      assert.strictEqual(link.textContent, 'Open iAM Smart on this device');
      assert.strictEqual(link.href, session.appLink);
      assert.strictEqual(
        text(el, 'type-code'),
        'Cannot scan? On your phone, go to http://localhost:8787/app/code and enter the identification code 4821-0937.',
      );
      assert.strictEqual(status(el), 'Your QR code is ready. Scan it with the iAM Smart app.');
      await expect(el).to.be.accessible();
    });

    it('is a QR code of the current payload, black on white, 232 px by default, that a decoder reads back', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      session.to('awaiting-scan');
      await settled(el);
      const svgElement = qr(el);
      if (!svgElement) throw new Error('no QR code');
      const box = svgElement.getBoundingClientRect();
      assert.strictEqual(box.width, 232);
      assert.strictEqual(box.height, 232);
      assert.strictEqual(getComputedStyle(svgElement.querySelector('path') as Element).fill, 'rgb(0, 0, 0)');
      assert.strictEqual(getComputedStyle(svgElement.querySelector('rect') as Element).fill, 'rgb(255, 255, 255)');
      assert.strictEqual(await decodeRenderedQr(svgElement), fakePayload(0));
    });

    it('follows the payload as it rotates, without moving anything or announcing it', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      session.to('awaiting-scan');
      await settled(el);
      const log = stateLog(el);
      const stage = part(el, 'stage');
      const before = { stage: stage?.getBoundingClientRect().toJSON() as unknown, host: el.getBoundingClientRect().toJSON() as unknown, status: status(el) };
      for (const t of [1, 9, 10]) {
        session.rotate(t);
        await settled(el);
        const svgElement = qr(el);
        if (!svgElement) throw new Error('no QR code');
        assert.strictEqual(await decodeRenderedQr(svgElement), fakePayload(t));
        assert.deepEqual(part(el, 'stage')?.getBoundingClientRect().toJSON(), before.stage);
        assert.deepEqual(el.getBoundingClientRect().toJSON(), before.host);
        assert.strictEqual(status(el), before.status);
      }
      assert.lengthOf(log, 0, 'no iams-state for a rotation');
    });

    it('takes its size and colours from custom properties', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      el.style.setProperty('--iams-qr-size', '300px');
      el.style.setProperty('--iams-qr-color', '#1a4841');
      el.style.setProperty('--iams-qr-background', '#fffbe6');
      session.to('awaiting-scan');
      await settled(el);
      const svgElement = qr(el);
      if (!svgElement) throw new Error('no QR code');
      assert.strictEqual(svgElement.getBoundingClientRect().width, 300);
      assert.strictEqual(getComputedStyle(svgElement.querySelector('path') as Element).fill, 'rgb(26, 72, 65)');
      assert.strictEqual(getComputedStyle(svgElement.querySelector('rect') as Element).fill, 'rgb(255, 251, 230)');
      assert.strictEqual(await decodeRenderedQr(svgElement), fakePayload(0));
    });

    it('renders no app link that is not a web address', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      session.to('awaiting-scan', { appLink: 'javascript:alert(1)' });
      await settled(el);
      assert.strictEqual(part(el, 'app-link'), null);
      assert.notStrictEqual(qr(el), null);
    });
  });

  describe('countdown', () => {
    it('shows the time left as text and as a ring, and announces it at one minute and at 20 seconds only', async () => {
      const session = new FakeQrLoginSession();
      const { el, clock } = await showing(session);
      session.to('awaiting-scan');
      await settled(el);
      const ring = () => Number(el.shadowRoot?.querySelector('.ring-left')?.getAttribute('stroke-dashoffset'));
      assert.strictEqual(text(el, 'countdown'), 'Expires in 3:00');
      assert.strictEqual(ring(), 0);
      const ready = status(el);
      await advance(el, clock, 15);
      assert.strictEqual(text(el, 'countdown'), 'Expires in 2:45');
      assert.strictEqual(status(el), ready);
      await advance(el, clock, 104); // 61 s left
      assert.strictEqual(text(el, 'countdown'), 'Expires in 1:01');
      assert.strictEqual(status(el), ready);
      await advance(el, clock, 1); // 60 s left
      assert.strictEqual(status(el), 'The QR code expires in 1 minute.');
      assert.closeTo(ring(), (120 / 180) * 100, 0.001);
      await advance(el, clock, 39); // 21 s
      assert.strictEqual(text(el, 'countdown'), 'Expires in 0:21');
      assert.strictEqual(status(el), 'The QR code expires in 1 minute.');
      await advance(el, clock, 1); // 20 s
      assert.strictEqual(status(el), 'The QR code expires in 20 seconds. For more time, choose “Get a new QR code”.');
      await advance(el, clock, 1); // 19 s: nothing new
      assert.strictEqual(status(el), 'The QR code expires in 20 seconds. For more time, choose “Get a new QR code”.');
      await advance(el, clock, 30); // past the end, before the session says so
      assert.strictEqual(text(el, 'countdown'), 'Expires in 0:00');
      session.to('expired');
      await settled(el);
      assert.strictEqual(part(el, 'countdown'), null);
      assert.strictEqual(status(el), 'QR code expired The QR code has expired. Please get a new QR code and scan it.');
    });

    it('counts down on its own clock, one second at a time, and a second that passes leaves the QR code alone', async () => {
      const session = new FakeQrLoginSession({ now: () => Date.now() });
      const el = await fixture<IamsQrLogin>(html`<iams-qr-login lang="en" .session=${session}></iams-qr-login>`);
      await waitUntil(() => elQr(el) !== undefined, 'the QR encoder did not load');
      session.to('awaiting-scan', { expiresAt: Date.now() + 90_500 });
      await settled(el);
      const svgElement = qr(el);
      if (!svgElement) throw new Error('no QR code');
      const touched: Node[] = [];
      const observer = new MutationObserver((records) => touched.push(...records.map((record) => record.target)));
      const root = el.shadowRoot;
      if (!root) throw new Error('no shadow root');
      observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      const shown = text(el, 'countdown');
      assert.match(shown, /^Expires in 1:3[01]$/);
      await waitUntil(() => text(el, 'countdown') !== shown, 'the countdown did not move by itself', { timeout: 4000 });
      observer.disconnect();
      const [minutes, seconds] = shown.replace('Expires in ', '').split(':').map(Number) as [number, number];
      const next = text(el, 'countdown').replace('Expires in ', '').split(':').map(Number) as [number, number];
      assert.strictEqual(next[0] * 60 + next[1], minutes * 60 + seconds - 1, 'one second at a time');
      assert.isNotEmpty(touched);
      assert.isTrue(
        touched.every((node) => !svgElement.contains(node)),
        'a tick of the countdown changes nothing of the QR code',
      );
      assert.strictEqual(qr(el), svgElement);
    });

    it('keeps counting while the resident confirms on the phone', async () => {
      const session = new FakeQrLoginSession();
      const { el, clock } = await showing(session);
      session.to('awaiting-scan');
      await advance(el, clock, 100);
      session.to('scanned');
      await settled(el);
      assert.strictEqual(text(el, 'countdown'), 'Expires in 1:20');
      await advance(el, clock, 20);
      assert.strictEqual(status(el), 'The QR code expires in 1 minute.');
    });

    it('does not announce a moment a new code starts past, and counts a new code from its own start', async () => {
      const session = new FakeQrLoginSession();
      const { el, clock } = await showing(session);
      session.to('awaiting-scan', { expiresAt: FAKE_NOW + 45_000 });
      await settled(el);
      const ready = status(el);
      await advance(el, clock, 10); // 35 s left: the one-minute moment was never reached
      assert.strictEqual(status(el), ready);
      await advance(el, clock, 15); // 20 s
      assert.strictEqual(status(el), 'The QR code expires in 20 seconds. For more time, choose “Get a new QR code”.');
      newCodeButton(el).click();
      session.to('awaiting-scan', { expiresAt: clock.now + FAKE_LIFETIME_MS });
      await settled(el);
      assert.strictEqual(text(el, 'countdown'), 'Expires in 3:00');
      await advance(el, clock, 120);
      assert.strictEqual(status(el), 'The QR code expires in 1 minute.');
    });

    it('says minutes and seconds in Chinese without plural forms', async () => {
      const session = new FakeQrLoginSession();
      const { el, clock } = await showing(session, 'zh-HK');
      session.to('awaiting-scan');
      await settled(el);
      assert.strictEqual(text(el, 'countdown'), '剩餘時間 3:00');
      await advance(el, clock, 120);
      assert.strictEqual(status(el), '二維碼將於 1 分鐘後失效。');
      await advance(el, clock, 40);
      assert.strictEqual(status(el), '二維碼將於 20 秒後失效。如需更多時間，請選擇「取得新的二維碼」。');
    });
  });

  describe('states', () => {
    const LANG_CASES = ['en', 'zh-HK', 'zh-CN'] as const;

    it('starting: a progress message in the QR code’s place, announced', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      assert.include(text(el, 'stage'), 'Preparing your QR code…');
      assert.strictEqual(qr(el), null);
      assert.strictEqual(status(el), 'Preparing your QR code…');
      await expect(el).to.be.accessible();
    });

    it('scanned: hides the QR code, asks to confirm on the phone, keeps the identification code', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      session.to('awaiting-scan');
      await settled(el);
      const height = part(el, 'stage')?.getBoundingClientRect().height;
      session.to('scanned');
      await settled(el);
      assert.strictEqual(qr(el), null);
      assert.strictEqual(text(el, 'stage'), 'Confirm on your phone In iAM Smart, tap the identification code shown here, then approve.');
      assert.strictEqual(part(el, 'code')?.querySelector('.code-value')?.textContent, FAKE_USER_CODE);
      assert.strictEqual(part(el, 'app-link'), null);
      assert.strictEqual(part(el, 'stage')?.getBoundingClientRect().height, height);
      assert.strictEqual(status(el), 'Confirm on your phone. In iAM Smart, tap the identification code shown here, then approve.');
      await expect(el).to.be.accessible();
    });

    it('approved, then done: says so, and fires iams-login once with the claims', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      const logins: IamsLoginEvent[] = [];
      const listener = (event: IamsLoginEvent) => logins.push(event);
      document.addEventListener('iams-login', listener);
      try {
        session.to('approved');
        await settled(el);
        assert.strictEqual(text(el, 'stage'), 'Approved — logging you in…');
        assert.strictEqual(status(el), 'Approved — logging you in…');
        assert.strictEqual(part(el, 'new-code'), null);
        await expect(el).to.be.accessible();
        session.to('done');
        session.set({ ...session.snapshot }); // a repeated snapshot is no new transition
        await settled(el);
        assert.strictEqual(text(el, 'stage'), 'You are logged in.');
        assert.strictEqual(status(el), 'You are logged in.');
        assert.lengthOf(logins, 1);
        assert.deepEqual(logins[0]?.detail, session.user?.claims);
        assert.isTrue(logins[0]?.bubbles && logins[0].composed);
        await expect(el).to.be.accessible();
      } finally {
        document.removeEventListener('iams-login', listener);
      }
    });

    const denials = [
      { reason: 'declined', error: new IamSmartError('access_denied', 'declined'), message: 'The login was not approved in iAM Smart. Please try again if you want to log in.' },
      {
        reason: 'code_mismatch',
        error: new IamSmartError('code_mismatch', 'wrong code'),
        message: 'The identification code chosen in iAM Smart did not match, so the login was stopped for your safety. Please try again.',
      },
      {
        reason: 'scanned_elsewhere',
        error: new IamSmartError('scanned_elsewhere', 'a second phone'),
        message:
          'This QR code was scanned on more than one phone, so the login was stopped for your safety. Someone else may have seen your QR code. Please start again and scan the new QR code with your own phone only.',
      },
    ];
    for (const { reason, error, message } of denials) {
      it(`denied (${reason}): says why, fires iams-error ${error.code}, offers Try again`, async () => {
        const session = new FakeQrLoginSession();
        const { el } = await showing(session);
        session.to('awaiting-scan');
        await settled(el);
        const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
        session.to('denied', { error });
        const { detail } = await event;
        assert.deepEqual({ code: detail.code, message: detail.message }, { code: error.code, message });
        assert.strictEqual(detail.cause, error);
        await settled(el);
        assert.strictEqual(text(el, 'stage'), `Login not approved ${message}`);
        assert.strictEqual(status(el), `Login not approved ${message}`);
        assert.strictEqual(qr(el), null);
        assert.strictEqual(newCodeButton(el).textContent.trim(), 'Try again');
        await expect(el).to.be.accessible();
        newCodeButton(el).click();
        assert.strictEqual(session.refreshCalls, 1);
      });
    }

    it('expired: says so, and "Get a new QR code" still works (WCAG 2.2.1)', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      session.to('awaiting-scan');
      const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
      session.to('expired');
      assert.strictEqual((await event).detail.code, 'session_expired');
      await settled(el);
      assert.strictEqual(text(el, 'stage'), 'QR code expired The QR code has expired. Please get a new QR code and scan it.');
      assert.strictEqual(part(el, 'code'), null);
      await expect(el).to.be.accessible();
      const button = newCodeButton(el);
      assert.strictEqual(button.textContent.trim(), 'Get a new QR code');
      button.focus();
      button.click();
      assert.strictEqual(session.refreshCalls, 1);
      await settled(el);
      assert.strictEqual(session.state, 'starting');
      assert.strictEqual(status(el), 'Preparing your QR code…');
      // The same button stays, with focus, while the new code comes.
      assert.strictEqual(el.shadowRoot?.activeElement, button);
      session.to('awaiting-scan');
      await settled(el);
      assert.notStrictEqual(qr(el), null);
    });

    it('error: the message for its code and Try again', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
      session.to('error');
      assert.strictEqual((await event).detail.code, 'network_error');
      await settled(el);
      assert.strictEqual(
        text(el, 'stage'),
        'Login could not continue The connection to iAM Smart was lost. Please check your internet connection and try again.',
      );
      assert.strictEqual(newCodeButton(el).textContent.trim(), 'Try again');
      await expect(el).to.be.accessible();
      newCodeButton(el).click();
      assert.strictEqual(session.refreshCalls, 1);
    });

    it('error without a known code reads as unknown', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      const event = oneEvent<IamsErrorEvent>(el, 'iams-error');
      session.to('error', { error: undefined });
      assert.strictEqual((await event).detail.code, 'unknown');
    });

    it('leaves the message to a listener that calls preventDefault() on iams-error', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      el.addEventListener('iams-error', (event) => {
        event.preventDefault();
      });
      session.to('denied');
      await settled(el);
      assert.strictEqual(text(el, 'stage'), 'Login not approved');
      assert.strictEqual(part(el, 'message'), null);
      await expect(el).to.be.accessible();
    });

    it('reconnecting: says so while the SDK retries, announced once', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      session.to('awaiting-scan');
      session.to('awaiting-scan', { reconnecting: true });
      await settled(el);
      assert.strictEqual(text(el, 'notice'), 'Reconnecting to iAM Smart…');
      assert.strictEqual(status(el), 'Reconnecting to iAM Smart…');
      await expect(el).to.be.accessible();
      session.to('awaiting-scan');
      await settled(el);
      assert.strictEqual(part(el, 'notice'), null);
    });

    it('cancelled: says so and offers a new code', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      session.to('awaiting-scan');
      el.cancel();
      await settled(el);
      assert.strictEqual(session.cancelCalls, 1);
      assert.strictEqual(text(el, 'stage'), 'The login was cancelled. Please try again if you want to log in.');
      assert.strictEqual(newCodeButton(el).textContent.trim(), 'Get a new QR code');
      await expect(el).to.be.accessible();
    });

    const everyState: SessionState[] = ['starting', 'awaiting-scan', 'scanned', 'approved', 'done', 'denied', 'expired', 'error', 'cancelled'];
    for (const lang of LANG_CASES) {
      it(`is accessible in every state in ${lang}, dark page too`, async () => {
        const session = new FakeQrLoginSession();
        const wrapper = await fixture(html`<div style="color-scheme: dark; background: #121212">
          <iams-qr-login lang=${lang} .now=${() => FAKE_NOW} .session=${session}></iams-qr-login>
        </div>`);
        const el = wrapper.querySelector('iams-qr-login');
        if (!el) throw new Error('no element');
        el.addEventListener('iams-error', () => undefined);
        await waitUntil(() => elQr(el) !== undefined);
        for (const state of everyState) {
          session.to(state, state === 'denied' && lang === 'zh-CN' ? { error: new IamSmartError('code_mismatch', 'wrong code') } : {});
          await settled(el);
          await expect(wrapper).to.be.accessible();
        }
        session.to('awaiting-scan', { reconnecting: true });
        await settled(el);
        await expect(wrapper).to.be.accessible();
      });
    }

    it('speaks zh-HK and zh-CN in iAM Smart’s wording', async () => {
      const hk = new FakeQrLoginSession();
      const { el: hkEl } = await showing(hk, 'zh-HK');
      hk.to('awaiting-scan');
      await settled(hkEl);
      assert.strictEqual(part(hkEl, 'code')?.querySelector('.code-label')?.textContent, '識別碼');
      assert.strictEqual(newCodeButton(hkEl).textContent.trim(), '取得新的二維碼');
      assert.strictEqual(part(hkEl, 'app-link')?.textContent, '在此裝置開啟「智方便」');
      assert.strictEqual(qr(hkEl)?.getAttribute('aria-label'), '用於智方便登入的二維碼。請以「智方便」應用程式掃描，或使用識別碼 4 8 2 1, 0 9 3 7。');
      assert.include(text(hkEl, 'steps'), '點按「掃描」');
      const cn = new FakeQrLoginSession();
      const { el: cnEl } = await showing(cn, 'zh-CN');
      cn.to('denied', { error: new IamSmartError('code_mismatch', 'wrong code') });
      await settled(cnEl);
      assert.strictEqual(text(cnEl, 'stage'), '登录未获批准 你在「智方便」选择的识别码不符，为保障你的安全，登录已停止。请再试一次。');
      assert.strictEqual(newCodeButton(cnEl).textContent.trim(), '再试一次');
    });

    it('scanned on another phone: says so in zh-HK and zh-CN, announced, with a way to start again', async () => {
      const expected = {
        'zh-HK': ['登入未獲批准 此二維碼已在多於一部手機上掃描，為保障你的安全，登入已停止。', '再試一次', '請在手機上確認。請在「智方便」點按此處顯示的識別碼，然後批准。'],
        'zh-CN': ['登录未获批准 此二维码已在多于一部手机上扫描，为保障你的安全，登录已停止。', '再试一次', '请在手机上确认。请在「智方便」点按此处显示的识别码，然后批准。'],
      } as const;
      for (const [lang, [stage, retry, scanned]] of Object.entries(expected)) {
        const session = new FakeQrLoginSession();
        const { el } = await showing(session, lang);
        session.to('scanned');
        await settled(el);
        // Two sentences with the Chinese full stop, not an English one (the accessibility snapshots found ". ").
        assert.strictEqual(status(el), scanned, `${lang}: scanned announced`);
        session.to('denied', { error: new IamSmartError('scanned_elsewhere', 'a second phone') });
        await settled(el);
        assert.include(text(el, 'stage'), stage, lang);
        assert.include(status(el), stage, `${lang}: announced`);
        assert.strictEqual(newCodeButton(el).textContent.trim(), retry);
        await expect(el).to.be.accessible();
      }
    });
  });

  describe('flow="sign"', () => {
    /** An element showing a signing session, with the signing's wording. */
    async function signing(lang = 'en') {
      const session = new FakeSignSession();
      const el = await fixture<IamsQrLogin>(html`<iams-qr-login flow="sign" manual lang=${lang} .now=${() => FAKE_NOW} .session=${session}></iams-qr-login>`);
      await waitUntil(() => elQr(el) !== undefined, 'the QR encoder did not load');
      return { el, session };
    }

    it('scanned on another phone: says nothing was signed', async () => {
      const { el, session } = await signing();
      session.to('denied', { error: new IamSmartError('scanned_elsewhere', 'a second phone') });
      await settled(el);
      assert.include(text(el, 'stage'), 'This QR code was scanned on more than one phone, so the signing was stopped for your safety. Nothing was signed.');
    });

    it('names the QR code and the steps for signing', async () => {
      const { el, session } = await signing();
      session.to('awaiting-scan');
      await settled(el);
      assert.strictEqual(
        qr(el)?.getAttribute('aria-label'),
        'QR code for signing with iAM Smart. Scan it with the iAM Smart app, or use the identification code 4 8 2 1, 0 9 3 7.',
      );
      assert.include(text(el, 'steps'), 'Check that iAM Smart shows the same document fingerprint, tap the identification code shown below');
      assert.strictEqual(newCodeButton(el).textContent.trim(), 'Get a new QR code');
      await expect(el).to.be.accessible();
    });

    it('says approved and done in signing words, and fires no iams-login', async () => {
      const { el, session } = await signing();
      let logins = 0;
      el.addEventListener('iams-login', () => (logins += 1));
      session.to('approved');
      await settled(el);
      assert.strictEqual(text(el, 'stage'), 'Approved — signing…');
      assert.strictEqual(status(el), 'Approved — signing…');
      session.to('done');
      await settled(el);
      assert.strictEqual(text(el, 'stage'), 'Signed.');
      assert.strictEqual(logins, 0);
    });

    const outcomes: { state: SessionState; error?: IamSmartError; stage: string }[] = [
      { state: 'denied', stage: 'Signing not approved The signing was not approved in iAM Smart. Nothing was signed. Please try again if you want to sign.' },
      {
        state: 'denied',
        error: new IamSmartError('code_mismatch', 'wrong code'),
        stage: 'Signing not approved The identification code chosen in iAM Smart did not match, so the signing was stopped for your safety. Nothing was signed. Please try again.',
      },
      { state: 'error', error: new IamSmartError('rate_limited', '429'), stage: 'Signing could not continue Too many signing requests. Please wait a moment and try again.' },
      { state: 'error', error: new IamSmartError('signing_failed', 'refused'), stage: 'Signing could not continue iAM Smart could not sign the document. Please try again.' },
      { state: 'cancelled', stage: 'The signing was cancelled. Nothing was signed. Please try again if you want to sign.' },
    ];
    for (const { state, error, stage } of outcomes) {
      it(`${state}${error ? ` (${error.code})` : ''}: says the signing, never the login, failed; iams-error in the same words`, async () => {
        const { el, session } = await signing();
        const messages: string[] = [];
        el.addEventListener('iams-error', (event) => messages.push(event.detail.message));
        session.to(state, error ? { error } : {});
        await settled(el);
        assert.strictEqual(text(el, 'stage'), stage);
        assert.notMatch(el.shadowRoot?.textContent ?? '', /log ?in/i);
        for (const message of messages) assert.include(stage, message);
      });
    }

    it('speaks of 數碼簽署 / 数码签署, never 登入 / 登录, in Chinese', async () => {
      for (const lang of ['zh-HK', 'zh-CN'] as const) {
        const { el, session } = await signing(lang);
        session.to('awaiting-scan');
        await settled(el);
        assert.include(qr(el)?.getAttribute('aria-label'), messagesFor(lang).sign.label.slice(3), lang);
        session.to('denied');
        await settled(el);
        assert.strictEqual(text(el, 'stage'), `${messagesFor(lang).sign.qr.denied} ${messagesFor(lang).sign.errors.access_denied}`);
        assert.notMatch(el.shadowRoot?.textContent ?? '', /登入|登录/, lang);
      }
    });

    it('reads any other flow as a login', async () => {
      const session = new FakeQrLoginSession();
      const el = await fixture<IamsQrLogin>(html`<iams-qr-login flow="something" .now=${() => FAKE_NOW} .session=${session}></iams-qr-login>`);
      session.to('denied');
      await settled(el);
      assert.strictEqual(text(el, 'stage'), 'Login not approved The login was not approved in iAM Smart. Please try again if you want to log in.');
    });
  });

  describe('iams-state', () => {
    it('fires on each transition only, with the state, the identification code and the expiry', async () => {
      const session = new FakeQrLoginSession();
      const clock = { now: FAKE_NOW };
      const el = document.createElement('iams-qr-login');
      el.now = () => clock.now;
      const log = stateLog(el);
      el.session = session;
      document.body.append(el);
      try {
        await el.updateComplete;
        session.to('awaiting-scan');
        session.rotate(1);
        session.rotate(2);
        session.to('awaiting-scan', { reconnecting: true });
        session.to('awaiting-scan');
        session.to('scanned');
        session.to('approved');
        session.to('done');
        const expiresAt = FAKE_NOW + FAKE_LIFETIME_MS;
        assert.deepEqual(log, [
          { state: 'starting', userCode: undefined, expiresAt: undefined },
          { state: 'awaiting-scan', userCode: FAKE_USER_CODE, expiresAt },
          { state: 'scanned', userCode: FAKE_USER_CODE, expiresAt },
          { state: 'approved', userCode: FAKE_USER_CODE, expiresAt },
          { state: 'done', userCode: FAKE_USER_CODE, expiresAt },
        ]);
      } finally {
        el.remove();
      }
    });

    it('bubbles out of shadow roots', async () => {
      const session = new FakeQrLoginSession();
      const { el } = await showing(session);
      const event = oneEvent<IamsStateEvent>(document, 'iams-state');
      session.to('awaiting-scan');
      const { detail, composed, bubbles } = await event;
      assert.strictEqual(detail.state, 'awaiting-scan');
      assert.isTrue(composed && bubbles);
      await settled(el);
    });
  });
});
