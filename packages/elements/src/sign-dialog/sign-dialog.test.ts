/// <reference types="mocha" />
import { IamSmartError, type SessionState, type SignSnapshot } from '@iamsmart/sdk';
import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '../test-support/commands.js';
import type { IamsErrorDetail, IamsStateDetail } from '../events.js';
import { messagesFor } from '../i18n/index.js';
import { FakeClient } from '../test-support/fake-client.js';
import { deepActiveElement, tabAround, tabBackIntoPage } from '../test-support/focus.js';
import { FAKE_DOCUMENT, FAKE_LIFETIME_MS, FAKE_NOW, FAKE_USER_CODE, FakeSignSession, fakeSignResult } from '../test-support/fake-session.js';
import { dialogOf, onPageIn, triggerOf } from '../test-support/elements.js';
import { viewportFrame } from '../test-support/frame.js';
import '../provider/define.js';
import './define.js';
import type { IamsSignDialog } from './sign-dialog.js';
import { formatBytes, spellFingerprint } from './format.js';
import '../test-support/messages.js';

const DOCUMENT_TEXT = 'Tenancy agreement between CHAN Tai Man and the landlord\n';

interface Options {
  lang?: string;
  documentName?: string;
  document?: Blob | string;
  hash?: string;
}

/** A sign dialog inside a provider whose client hands out `sessions` in turn, with a stopped clock. */
async function signDialog(
  sessions: FakeSignSession | FakeSignSession[],
  { lang = 'en', documentName = FAKE_DOCUMENT.name, document = new Blob([DOCUMENT_TEXT]), hash }: Options = {},
) {
  const queue = Array.isArray(sessions) ? [...sessions] : [sessions];
  const client = new FakeClient({
    startSigning: () => {
      const next = queue.length > 1 ? queue.shift() : queue[0];
      if (!next) throw new Error('no session');
      return next;
    },
  });
  const provider = await fixture(html`<iams-provider .client=${client}>
    <iams-sign-dialog lang=${lang} document-name=${documentName} .document=${hash ? undefined : document} .hash=${hash} .now=${() => FAKE_NOW}></iams-sign-dialog>
  </iams-provider>`);
  const el = provider.querySelector('iams-sign-dialog');
  if (!el) throw new Error('no element');
  await el.updateComplete;
  return { el, client, provider };
}

function qrLoginOf(el: IamsSignDialog) {
  return dialogOf(el)?.querySelector('iams-qr-login') ?? null;
}

function part(el: IamsSignDialog, name: string): HTMLElement | null {
  return el.shadowRoot?.querySelector<HTMLElement>(`[part="${name}"]`) ?? null;
}

function textOf(node: Element | ShadowRoot | null | undefined): string {
  return node?.textContent.replace(/\s+/g, ' ').trim() ?? '';
}

/** The dialog's own live region. */
function status(el: IamsSignDialog): string {
  return textOf(dialogOf(el)?.querySelector(':scope > [role="status"]'));
}

/** Renders settled, the QR login's too. */
async function settled(el: IamsSignDialog): Promise<void> {
  await el.updateComplete;
  await qrLoginOf(el)?.updateComplete;
}

/** Clicks the trigger and waits for the dialog (its module loads on the first click). */
async function open(el: IamsSignDialog): Promise<HTMLDialogElement> {
  triggerOf(el).click();
  await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
  await settled(el);
  const dialog = dialogOf(el);
  if (!dialog) throw new Error('no dialog');
  return dialog;
}

/** Moves the session and waits until the dialog shows it (a QR code takes its encoder's first load). */
async function to(el: IamsSignDialog, session: FakeSignSession, state: SessionState, overrides: Partial<SignSnapshot> = {}): Promise<void> {
  session.to(state, overrides);
  await settled(el);
  if (state === 'awaiting-scan') await waitUntil(() => qrLoginOf(el)?.shadowRoot?.querySelector('svg[part="qr"]'), 'no QR code');
}

/** Every iams-* event that reaches the page, with the element it came from as the page sees it. */
function pageEvents() {
  const seen: { type: string; from: EventTarget | null; detail: unknown; event: Event }[] = [];
  const listener = (event: Event) => {
    seen.push({ type: event.type, from: event.target, detail: (event as Event & { detail?: unknown }).detail, event });
  };
  const types = ['iams-state', 'iams-error', 'iams-signed', 'iams-login'];
  for (const type of types) document.addEventListener(type, listener);
  const of = (type: string) => seen.filter((entry) => entry.type === type);
  return {
    seen,
    of,
    states: () => of('iams-state').map(({ detail }) => detail as IamsStateDetail),
    errors: () => of('iams-error').map(({ detail }) => detail as IamsErrorDetail),
    stop: () => {
      for (const type of types) document.removeEventListener(type, listener);
    },
  };
}

const LANGS = ['en', 'zh-HK', 'zh-CN'] as const;

describe('<iams-sign-dialog>', () => {
  onPageIn('en');

  describe('trigger', () => {
    // First in this file: until then nothing in this page has imported the QR element.
    it('paints without the dialog’s code, which loads on the first open', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      assert.isUndefined(customElements.get('iams-qr-login'));
      assert.strictEqual(dialogOf(el), null);
      await open(el);
      assert.isDefined(customElements.get('iams-qr-login'));
    });

    for (const lang of LANGS) {
      it(`says “${messagesFor(lang).sign.label}” in iAM Smart’s wording, with More info, and is accessible (${lang})`, async () => {
        const { el } = await signDialog(new FakeSignSession(), { lang });
        const text = messagesFor(lang);
        assert.strictEqual(textOf(triggerOf(el)), text.sign.label);
        assert.strictEqual(triggerOf(el).getAttribute('aria-haspopup'), 'dialog');
        const link = part(el, 'more-info') as HTMLAnchorElement;
        assert.strictEqual(link.href, text.moreInfoUrl);
        assert.strictEqual(link.target, '_blank');
        await expect(el).to.be.accessible();
      });
    }

    it('uses the brand’s colours and custom properties, and shows a 3px focus ring to keyboard users', async () => {
      const { el } = await signDialog(new FakeSignSession());
      assert.strictEqual(getComputedStyle(triggerOf(el)).backgroundColor, 'rgb(43, 115, 103)');
      await tabBackIntoPage();
      if (el.shadowRoot?.activeElement !== triggerOf(el)) await sendKeys({ press: 'Tab' });
      await waitUntil(() => el.shadowRoot?.activeElement === triggerOf(el), 'Tab did not reach the trigger');
      const style = getComputedStyle(triggerOf(el));
      assert.strictEqual(style.outlineStyle, 'solid');
      assert.strictEqual(style.outlineWidth, '3px');
      // Set before the first paint: a change afterwards would be read mid-transition.
      const themed = await fixture<IamsSignDialog>(html`<iams-sign-dialog style="--iams-brand-color: #1f3a5f"></iams-sign-dialog>`);
      assert.strictEqual(getComputedStyle(triggerOf(themed)).backgroundColor, 'rgb(31, 58, 95)');
    });
  });

  describe('opening', () => {
    it('opens a modal dialog named by its heading, focus on Close, and signs the document as named in the element’s language', async () => {
      const session = new FakeSignSession();
      const document = new Blob([DOCUMENT_TEXT], { type: 'application/pdf' });
      const { el, client } = await signDialog(session, { lang: 'zh-HK', document, documentName: '  租約.pdf ' });
      const events = pageEvents();
      try {
        const dialog = await open(el);
        assert.isTrue(dialog.matches(':modal'));
        const heading = el.shadowRoot?.getElementById(dialog.getAttribute('aria-labelledby') ?? '');
        assert.strictEqual(heading?.tagName, 'H2');
        assert.strictEqual(heading?.textContent, '智方便數碼簽署');
        assert.strictEqual(deepActiveElement()?.textContent, '關閉');
        assert.deepEqual(client.signCalls, [{ document, documentName: '租約.pdf', lang: 'zh-HK' }]);
        assert.deepEqual(
          events.of('iams-state').map(({ detail, from }) => [(detail as IamsStateDetail).state, from]),
          [['starting', el]],
        );
      } finally {
        events.stop();
      }
    });

    it('hashing: shows the document’s name and “Preparing the document…”, announced', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      await open(el);
      assert.strictEqual(textOf(part(el, 'document')), 'Document Tenancy agreement.pdf');
      assert.strictEqual(textOf(part(el, 'progress')), 'Preparing the document…');
      assert.strictEqual(qrLoginOf(el), null);
      assert.strictEqual(status(el), 'Preparing the document…');
      await expect(el).to.be.accessible();
    });

    it('sends a precomputed hash when there is no document; the dialog then shows no size', async () => {
      const session = new FakeSignSession();
      const { el, client } = await signDialog(session, { hash: FAKE_DOCUMENT.hash });
      await open(el);
      assert.deepEqual(client.signCalls, [{ hash: FAKE_DOCUMENT.hash, documentName: FAKE_DOCUMENT.name, lang: 'en' }]);
      await to(el, session, 'awaiting-scan', { document: { ...FAKE_DOCUMENT, size: undefined } });
      assert.strictEqual(textOf(part(el, 'document')), `Document ${FAKE_DOCUMENT.name} Fingerprint 724E 0EA4 7B69 C7E9 7 2 4 E, 0 E A 4, 7 B 6 9, C 7 E 9 Check that iAM Smart shows the same fingerprint.`);
    });

    const missing: { what: string; documentName: string; document: string | undefined }[] = [
      { what: 'no document', documentName: 'a.pdf', document: undefined },
      { what: 'an empty name', documentName: '   ', document: 'text' },
    ];
    for (const { what, documentName, document: content } of missing) {
      it(`with ${what}: says the document cannot be signed, in the page’s language, with only Close; nothing is sent`, async () => {
        document.documentElement.lang = 'zh-HK';
        const session = new FakeSignSession();
        const client = new FakeClient({ startSigning: () => session });
        const provider = await fixture(html`<iams-provider .client=${client}>
          <iams-sign-dialog document-name=${documentName} .document=${content}></iams-sign-dialog>
        </iams-provider>`);
        const el = provider.querySelector('iams-sign-dialog');
        if (!el) throw new Error('no element');
        const events = pageEvents();
        try {
          const dialog = await open(el);
          const message = messagesFor('zh-HK').sign.errors.document_invalid;
          assert.lengthOf(client.signCalls, 0);
          assert.strictEqual(textOf(part(el, 'failure')), `未能繼續數碼簽署 ${message}`);
          assert.strictEqual(dialog.getAttribute('aria-describedby'), part(el, 'failure')?.id);
          assert.deepEqual([...dialog.querySelectorAll('button')].map((button) => button.textContent.trim()), ['關閉']);
          assert.strictEqual(qrLoginOf(el), null);
          assert.deepEqual(
            events.errors().map(({ code, message }) => ({ code, message })),
            [{ code: 'document_invalid', message }],
          );
          assert.lengthOf(events.of('iams-state'), 0);
          await expect(el).to.be.accessible();
        } finally {
          events.stop();
        }
      });
    }

    it('without a client: says signing is not available, invalid_config', async () => {
      const el = await fixture<IamsSignDialog>(html`<iams-sign-dialog lang="zh-CN" document-name="a.pdf" .document=${'text'}></iams-sign-dialog>`);
      const events = pageEvents();
      try {
        await open(el);
        assert.include(textOf(part(el, 'failure')), '此页面暂时未能使用智方便数码签署');
        assert.deepEqual(events.errors().map(({ code }) => code), ['invalid_config']);
        await expect(el).to.be.accessible();
      } finally {
        events.stop();
      }
    });

    it('waits for a provider still loading the SDK, then signs with its client', async () => {
      const session = new FakeSignSession();
      const provider = await fixture(html`<iams-provider><iams-sign-dialog document-name="a.pdf" .document=${'text'}></iams-sign-dialog></iams-provider>`);
      const el = provider.querySelector('iams-sign-dialog');
      if (!el) throw new Error('no element');
      // The provider's loading state, as while it imports the SDK.
      (el as unknown as { providerActivity: string }).providerActivity = 'loading';
      await el.updateComplete;
      const opening = el.open();
      await el.updateComplete;
      assert.strictEqual(triggerOf(el).getAttribute('aria-busy'), 'true');
      const client = new FakeClient({ startSigning: () => session });
      el.client = client;
      (el as unknown as { providerActivity: string }).providerActivity = 'idle';
      await opening;
      await settled(el);
      assert.lengthOf(client.signCalls, 1);
      assert.isTrue(dialogOf(el)?.open);
      assert.isNull(triggerOf(el).getAttribute('aria-busy'));
    });
  });

  describe('signing', () => {
    it('awaiting a scan: the size, the snapshot’s fingerprint read character by character with the hint, and the QR login in signing words', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      await open(el);
      const document = { name: 'Tenancy agreement.pdf', hash: FAKE_DOCUMENT.hash, size: 512, fingerprint: 'ABCD 0123 4567 89EF' };
      await to(el, session, 'starting', { document });
      await to(el, session, 'awaiting-scan', { document });
      const rows = [...(part(el, 'document')?.querySelectorAll('.row') ?? [])].map((row) => [textOf(row.querySelector('dt')), row.querySelector('dd')]);
      assert.deepEqual(rows.map(([term]) => term), ['Document', 'Size', 'Fingerprint']);
      assert.strictEqual(textOf(rows[1]?.[1] as Element), '512 bytes');
      const fingerprint = part(el, 'document')?.querySelector('.fingerprint');
      assert.strictEqual(fingerprint?.textContent, session.snapshot.document?.fingerprint);
      assert.strictEqual(fingerprint?.getAttribute('aria-hidden'), 'true');
      assert.strictEqual(textOf(fingerprint?.nextElementSibling), 'A B C D, 0 1 2 3, 4 5 6 7, 8 9 E F');
      assert.strictEqual(textOf(part(el, 'document')?.querySelector('.hint')), 'Check that iAM Smart shows the same fingerprint.');
      const qrLogin = qrLoginOf(el);
      if (!qrLogin) throw new Error('no QR login');
      assert.strictEqual(qrLogin.session, session);
      assert.strictEqual(qrLogin.flow, 'sign');
      assert.isTrue(qrLogin.manual);
      const qr = qrLogin.shadowRoot?.querySelector('svg[part="qr"]');
      assert.strictEqual(
        qr?.getAttribute('aria-label'),
        'QR code for signing with iAM Smart. Scan it with the iAM Smart app, or use the identification code 4 8 2 1, 0 9 3 7.',
      );
      assert.include(textOf(qrLogin.shadowRoot?.querySelector('[part="steps"]')), 'the same document fingerprint');
      assert.strictEqual(textOf(qrLogin.shadowRoot?.querySelector('[part="code"] .code-value')), FAKE_USER_CODE);
      assert.strictEqual(textOf(qrLogin.shadowRoot?.querySelector('[part="countdown"]')), 'Expires in 3:00');
      assert.strictEqual(textOf(qrLogin.shadowRoot?.querySelector('[part="app-link"]')), 'Open iAM Smart on this device');
      assert.include(textOf(qrLogin.shadowRoot?.querySelector('[part="type-code"]')), 'enter the identification code 4821-0937');
      await expect(el).to.be.accessible();
    });

    it('formats sizes in the page’s language with its plurals', () => {
      assert.strictEqual(formatBytes(1, 'en'), '1 byte');
      assert.strictEqual(formatBytes(999, 'en'), '999 bytes');
      assert.strictEqual(formatBytes(12_400, 'en'), '12.4 kB');
      assert.strictEqual(formatBytes(12_000, 'en'), '12 kB');
      assert.strictEqual(formatBytes(3_250_000, 'en'), '3.3 MB');
      assert.match(formatBytes(12_400, 'zh-HK'), /^12\.4\s?kB$/);
      assert.notStrictEqual(formatBytes(512, 'zh-HK'), formatBytes(512, 'en'));
      assert.strictEqual(spellFingerprint('724E 0EA4 7B69 C7E9'), '7 2 4 E, 0 E A 4, 7 B 6 9, C 7 E 9');
    });

    it('scanned, approved: the QR login says so in signing words', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      await open(el);
      await to(el, session, 'awaiting-scan');
      await to(el, session, 'scanned');
      const stage = () => textOf(qrLoginOf(el)?.shadowRoot?.querySelector('[part="stage"]'));
      assert.strictEqual(stage(), 'Confirm on your phone In iAM Smart, tap the identification code shown here, then approve.');
      await expect(el).to.be.accessible();
      await to(el, session, 'approved');
      assert.strictEqual(stage(), 'Approved — signing…');
      await expect(el).to.be.accessible();
    });

    it('done: “Signed” with the signer, the time and the certificate; iams-signed once with the result; the download is the result as JSON', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      const events = pageEvents();
      try {
        await open(el);
        await to(el, session, 'awaiting-scan');
        await to(el, session, 'scanned');
        await to(el, session, 'approved');
        await to(el, session, 'done');
        session.set({ ...session.snapshot }); // a repeated snapshot is no new transition
        await settled(el);
        const result = fakeSignResult();
        assert.strictEqual(qrLoginOf(el), null);
        const view = part(el, 'result');
        assert.strictEqual(textOf(view?.querySelector('h3')), 'Signed');
        const terms = [...(view?.querySelectorAll('dt') ?? [])].map((dt) => textOf(dt));
        const values = [...(view?.querySelectorAll('dd') ?? [])].map((dd) => textOf(dd));
        const signedAt = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'long' }).format(new Date(result.signedAt));
        const day = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(iso));
        assert.deepEqual(terms, ['Signer', 'Signed at', 'Subject', 'Issued by', 'Serial number', 'Valid', 'SHA-256 fingerprint']);
        assert.deepEqual(values, [
          'CHAN Tai Man',
          signedAt,
          result.certificate.subject,
          result.certificate.issuer,
          result.certificate.serialNumber,
          `${day(result.certificate.notBefore)} to ${day(result.certificate.notAfter)}`,
          result.certificate.fingerprintSha256,
        ]);
        assert.include(signedAt, '2026');
        assert.strictEqual(view?.querySelector('time')?.getAttribute('datetime'), result.signedAt);
        assert.strictEqual(status(el), 'Signed by CHAN Tai Man.');
        // The document and its fingerprint stay, to compare with the result.
        assert.include(textOf(part(el, 'document')), FAKE_DOCUMENT.fingerprint);

        const signed = events.of('iams-signed');
        assert.lengthOf(signed, 1);
        assert.strictEqual(signed[0]?.from, el);
        assert.deepEqual(signed[0]?.detail, result);
        assert.isTrue(signed[0]?.event.bubbles && signed[0].event.composed);
        assert.lengthOf(events.of('iams-error'), 0);

        const link = part(el, 'download') as HTMLAnchorElement;
        assert.strictEqual(textOf(link), 'Download signature');
        assert.strictEqual(link.getAttribute('download'), 'Tenancy agreement.pdf.signature.json');
        assert.match(link.href, /^blob:/);
        const response = await fetch(link.href);
        assert.strictEqual(response.headers.get('content-type'), 'application/json');
        assert.deepEqual(await response.json(), result);
        await expect(el).to.be.accessible();
      } finally {
        events.stop();
      }
    });

    it('done: focus left on the QR login goes to the result; Done closes, returns focus to the trigger and revokes the download', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      await open(el);
      await to(el, session, 'awaiting-scan');
      qrLoginOf(el)?.shadowRoot?.querySelector<HTMLButtonElement>('[part="new-code"]')?.focus();
      await to(el, session, 'approved');
      await to(el, session, 'done');
      await waitUntil(() => deepActiveElement()?.id === 'sign-result-title', `focus is on ${deepActiveElement()?.outerHTML ?? 'nothing'}`);
      const url = (part(el, 'download') as HTMLAnchorElement).href;
      const done = part(el, 'done');
      assert.strictEqual(textOf(done), 'Done');
      done?.click();
      await el.updateComplete;
      assert.strictEqual(dialogOf(el), null);
      assert.strictEqual(el.shadowRoot?.activeElement, triggerOf(el));
      assert.strictEqual(session.state, 'done', 'cancel() after done changes nothing');
      let fetched = true;
      try {
        await fetch(url);
      } catch {
        fetched = false;
      }
      assert.isFalse(fetched, 'the download URL is revoked');
    });

    it('declined: says the signing was not approved, never “login”; one iams-error from the element; Try again asks for a new code', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      const events = pageEvents();
      try {
        const dialog = await open(el);
        await to(el, session, 'awaiting-scan');
        await to(el, session, 'denied');
        const qrLogin = qrLoginOf(el);
        const message = 'The signing was not approved in iAM Smart. Nothing was signed. Please try again if you want to sign.';
        assert.strictEqual(textOf(qrLogin?.shadowRoot?.querySelector('[part="stage"]')), `Signing not approved ${message}`);
        assert.notMatch(textOf(qrLogin?.shadowRoot), /log ?in/i);
        assert.notMatch(textOf(dialog), /log ?in/i);
        const errors = events.of('iams-error');
        assert.lengthOf(errors, 1);
        assert.strictEqual(errors[0]?.from, el);
        assert.deepEqual(errors[0]?.detail, { code: 'access_denied', message, cause: session.error });
        assert.lengthOf(events.of('iams-signed'), 0);
        await expect(el).to.be.accessible();
        const tryAgain = qrLogin?.shadowRoot?.querySelector<HTMLButtonElement>('[part="new-code"]');
        assert.strictEqual(textOf(tryAgain), 'Try again');
        tryAgain?.click();
        assert.strictEqual(session.refreshCalls, 1);
        await to(el, session, 'awaiting-scan');
        assert.strictEqual(textOf(part(el, 'document')?.querySelector('.fingerprint')), FAKE_DOCUMENT.fingerprint);
      } finally {
        events.stop();
      }
    });

    it('a wrong code chosen in the app: stopped for safety, in signing words', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session, { lang: 'zh-CN' });
      await open(el);
      await to(el, session, 'denied', { error: new IamSmartError('code_mismatch', 'wrong code') });
      assert.strictEqual(
        textOf(qrLoginOf(el)?.shadowRoot?.querySelector('[part="stage"]')),
        '数码签署未获批准 你在「智方便」选择的识别码不符，为保障你的安全，数码签署已停止，文件并未签署。请再试一次。',
      );
    });

    it('expired: “Get a new QR code” renews the session for the same document', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      await open(el);
      await to(el, session, 'awaiting-scan');
      await to(el, session, 'expired');
      const qrLogin = qrLoginOf(el);
      assert.include(textOf(qrLogin?.shadowRoot?.querySelector('[part="stage"]')), 'QR code expired');
      await expect(el).to.be.accessible();
      const button = qrLogin?.shadowRoot?.querySelector<HTMLButtonElement>('[part="new-code"]');
      assert.strictEqual(textOf(button), 'Get a new QR code');
      button?.click();
      assert.strictEqual(session.refreshCalls, 1);
      await settled(el);
      assert.strictEqual(qrLoginOf(el), qrLogin, 'the same QR login, with the document still known');
    });

    it('a failed signing (signing_failed, signature_invalid, network): the message and Try again', async () => {
      for (const code of ['signing_failed', 'signature_invalid', 'network_error'] as const) {
        const session = new FakeSignSession();
        const { el } = await signDialog(session);
        const events = pageEvents();
        try {
          await open(el);
          await to(el, session, 'approved');
          await to(el, session, 'error', { error: new IamSmartError(code, code) });
          const stage = qrLoginOf(el)?.shadowRoot?.querySelector('[part="stage"]');
          assert.strictEqual(textOf(stage), `Signing could not continue ${messagesFor('en').sign.errors[code]}`, code);
          assert.strictEqual(textOf(qrLoginOf(el)?.shadowRoot?.querySelector('[part="new-code"]')), 'Try again', code);
          assert.deepEqual(events.errors().map((detail) => detail.code), [code]);
          assert.lengthOf(events.of('iams-signed'), 0);
        } finally {
          events.stop();
        }
      }
    });

    it('a document the SDK refuses (empty, too large): the message and only Close, reported once', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session, { document: '' });
      const events = pageEvents();
      try {
        const dialog = await open(el);
        await to(el, session, 'error', { document: undefined, error: new IamSmartError('document_invalid', 'The document is empty') });
        const message = messagesFor('en').sign.errors.document_invalid;
        assert.strictEqual(textOf(part(el, 'failure')), `Signing could not continue ${message}`);
        assert.strictEqual(status(el), `Signing could not continue ${message}`);
        assert.strictEqual(qrLoginOf(el), null);
        assert.deepEqual([...dialog.querySelectorAll('button')].map((button) => textOf(button)), ['Close']);
        assert.deepEqual(events.of('iams-error').map(({ detail, from }) => [(detail as IamsErrorDetail).code, from]), [['document_invalid', el]]);
        await expect(el).to.be.accessible();
      } finally {
        events.stop();
      }
    });

    it('signing not set up (no trust anchors) once the QR login shows: the message and only Close, reported once', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      const events = pageEvents();
      try {
        await open(el);
        await to(el, session, 'starting', { document: FAKE_DOCUMENT });
        assert.isNotNull(qrLoginOf(el));
        await to(el, session, 'error', { error: new IamSmartError('invalid_config', 'No signing trust anchors') });
        assert.include(textOf(part(el, 'failure')), 'Signing with iAM Smart is not set up correctly on this website.');
        assert.strictEqual(qrLoginOf(el), null);
        assert.deepEqual(events.errors().map(({ code }) => code), ['invalid_config']);
      } finally {
        events.stop();
      }
    });

    describe('preventDefault() on iams-error leaves the message to the page', () => {
      it('for the QR login’s failures', async () => {
        const session = new FakeSignSession();
        const { el, provider } = await signDialog(session);
        provider.addEventListener('iams-error', (event) => {
          event.preventDefault();
        });
        await open(el);
        await to(el, session, 'denied');
        const qrLogin = qrLoginOf(el);
        assert.strictEqual(textOf(qrLogin?.shadowRoot?.querySelector('[part="stage"]')), 'Signing not approved');
        assert.strictEqual(qrLogin?.shadowRoot?.querySelector('[part="message"]'), null);
        await expect(el).to.be.accessible();
      });

      it('for the dialog’s own', async () => {
        const session = new FakeSignSession();
        const { el, provider } = await signDialog(session);
        provider.addEventListener('iams-error', (event) => {
          event.preventDefault();
        });
        await open(el);
        await to(el, session, 'error', { document: undefined, error: new IamSmartError('document_invalid', 'too large') });
        assert.strictEqual(textOf(part(el, 'failure')), 'Signing could not continue');
        assert.strictEqual(part(el, 'message'), null);
      });
    });

    it('reports each transition once, from the element: none of the QR login’s events leak out', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      const events = pageEvents();
      try {
        await open(el);
        await to(el, session, 'starting', { document: FAKE_DOCUMENT });
        await to(el, session, 'awaiting-scan');
        session.rotate(1);
        session.rotate(2);
        await to(el, session, 'awaiting-scan', { reconnecting: true });
        await to(el, session, 'awaiting-scan');
        await to(el, session, 'scanned');
        await to(el, session, 'approved');
        await to(el, session, 'done');
        const expiresAt = FAKE_NOW + FAKE_LIFETIME_MS;
        assert.deepEqual(
          events.states(),
          [
            { state: 'starting', userCode: undefined, expiresAt: undefined },
            { state: 'awaiting-scan', userCode: FAKE_USER_CODE, expiresAt },
            { state: 'scanned', userCode: FAKE_USER_CODE, expiresAt },
            { state: 'approved', userCode: FAKE_USER_CODE, expiresAt },
            { state: 'done', userCode: FAKE_USER_CODE, expiresAt },
          ] satisfies IamsStateDetail[],
        );
        assert.deepEqual(
          events.seen.map(({ type }) => type),
          ['iams-state', 'iams-state', 'iams-state', 'iams-state', 'iams-state', 'iams-signed'],
        );
      } finally {
        events.stop();
      }
    });
  });

  describe('closing', () => {
    it('Esc closes the dialog, cancels the session (reported as cancelled) and returns focus to the trigger', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      const events = pageEvents();
      try {
        await open(el);
        await to(el, session, 'awaiting-scan');
        await sendKeys({ press: 'Escape' });
        await waitUntil(() => !dialogOf(el), 'the dialog did not close');
        assert.isAtLeast(session.cancelCalls, 1);
        assert.strictEqual(session.state, 'cancelled');
        assert.strictEqual(session.listenerCount, 0);
        assert.strictEqual(document.activeElement, el);
        assert.strictEqual(el.shadowRoot?.activeElement, triggerOf(el));
        assert.deepEqual(events.states().map(({ state }) => state), ['starting', 'awaiting-scan', 'cancelled']);
        assert.lengthOf(events.of('iams-error'), 0);
      } finally {
        events.stop();
      }
    });

    it('Close and close() do the same; opening again starts a new session', async () => {
      const first = new FakeSignSession();
      const second = new FakeSignSession();
      const { el, client } = await signDialog([first, second]);
      const dialog = await open(el);
      dialog.querySelector<HTMLButtonElement>('[part="dialog-close"]')?.click();
      await el.updateComplete;
      assert.strictEqual(dialogOf(el), null);
      assert.strictEqual(first.state, 'cancelled');
      assert.strictEqual(el.shadowRoot?.activeElement, triggerOf(el));
      await open(el);
      assert.strictEqual(second.listenerCount, 1);
      el.close();
      await el.updateComplete;
      assert.strictEqual(second.state, 'cancelled');
      assert.strictEqual(second.listenerCount, 0);
      assert.lengthOf(client.signCalls, 2);
    });

    it('reopening after a signing forgets the old result and its download', async () => {
      const first = new FakeSignSession();
      const { el } = await signDialog([first, new FakeSignSession()]);
      await open(el);
      await to(el, first, 'done');
      const url = (part(el, 'download') as HTMLAnchorElement).href;
      el.close();
      await open(el);
      assert.strictEqual(part(el, 'result'), null);
      assert.strictEqual(part(el, 'download'), null);
      assert.isTrue(await fetch(url).then(() => false, () => true), 'the old download URL is revoked');
    });

    it('removed from the page while open: the session is cancelled', async () => {
      const session = new FakeSignSession();
      const { el } = await signDialog(session);
      await open(el);
      await to(el, session, 'awaiting-scan');
      el.remove();
      assert.strictEqual(session.state, 'cancelled');
      assert.strictEqual(session.listenerCount, 0);
    });

    it('keeps Tab inside the dialog (the modal dialog makes the page inert)', async () => {
      const session = new FakeSignSession();
      const client = new FakeClient({ startSigning: () => session });
      const page = await fixture(html`<div>
        <button type="button">Before</button>
        <iams-provider .client=${client}><iams-sign-dialog document-name="a.pdf" .document=${'text'} .now=${() => FAKE_NOW}></iams-sign-dialog></iams-provider>
        <a href="#after">After</a>
      </div>`);
      const el = page.querySelector('iams-sign-dialog');
      if (!el) throw new Error('no element');
      await el.updateComplete;
      const dialog = await open(el);
      await to(el, session, 'awaiting-scan');
      const seen = await tabAround(dialog);
      assert.isEmpty(
        seen.filter((where) => where.startsWith('outside')),
        seen.join(' | '),
      );
      assert.includeMembers(seen, ['Close', 'Get a new QR code', 'Open iAM Smart on this device']);
    });
  });

  describe('accessibility and layout', () => {
    /** Every state the dialog shows, reached from a fresh session. */
    const STATES: [string, (session: FakeSignSession) => void][] = [
      ['hashing', () => undefined],
      ['starting', (session) => {
        session.to('starting', { document: FAKE_DOCUMENT });
      }],
      ['awaiting-scan', (session) => {
        session.to('awaiting-scan');
      }],
      ['scanned', (session) => {
        session.to('scanned');
      }],
      ['approved', (session) => {
        session.to('approved');
      }],
      ['done', (session) => {
        session.to('done');
      }],
      ['denied', (session) => {
        session.to('denied');
      }],
      ['expired', (session) => {
        session.to('expired');
      }],
      ['error', (session) => {
        session.to('error');
      }],
      ['document_invalid', (session) => {
        session.to('error', { document: undefined, error: new IamSmartError('document_invalid', 'empty') });
      }],
    ];
    for (const lang of LANGS) {
      it(`is accessible in every state in ${lang}, dark page too`, async function () {
        // Twenty axe runs (ten states, light and dark): WebKit on 2 busy cores needed more than the 10 s one scenario gets.
        this.timeout(30_000);
        for (const dark of [false, true]) {
          for (const [name, reach] of STATES) {
            const session = new FakeSignSession();
            const client = new FakeClient({ startSigning: () => session });
            const wrapper = await fixture(html`<div style=${dark ? 'color-scheme: dark; background: #121212' : ''}>
              <iams-provider .client=${client}
                ><iams-sign-dialog lang=${lang} document-name="Tenancy agreement.pdf" .document=${DOCUMENT_TEXT} .now=${() => FAKE_NOW}></iams-sign-dialog
              ></iams-provider>
            </div>`);
            const el = wrapper.querySelector('iams-sign-dialog');
            if (!el) throw new Error('no element');
            el.addEventListener('iams-error', () => undefined);
            await open(el);
            reach(session);
            await settled(el);
            if (name === 'awaiting-scan') await waitUntil(() => qrLoginOf(el)?.shadowRoot?.querySelector('svg[part="qr"]'), 'no QR code');
            try {
              await expect(wrapper).to.be.accessible();
            } catch (error) {
              throw new Error(`${name}${dark ? ' (dark)' : ''}: ${String(error)}`);
            }
            el.close();
          }
        }
      });
    }

    // In a frame 320 CSS px wide, the page's viewport at WCAG 1.4.10's width in all three engines
    // (test-support/frame.ts: WebKit's window cannot be sized below 447 px, a frame can).
    it('reflows at 320 px: nothing scrolls sideways, in the QR code and the result', async () => {
      const frame = await viewportFrame({
        width: 320,
        height: 640,
        modules: ['../provider/define.ts', './define.ts', '../test-support/messages.ts', '../test-support/fake-client.ts', '../test-support/fake-session.ts'].map((path) => new URL(path, import.meta.url).href),
      });
      try {
        const { FakeClient: FrameClient } = frame.modules[3] as typeof import('../test-support/fake-client.js');
        const { FakeSignSession: FrameSignSession } = frame.modules[4] as typeof import('../test-support/fake-session.js');
        // The viewport the dialog is laid out in is 320 px wide, so the check cannot pass by a wider one.
        assert.strictEqual(frame.window.innerWidth, 320, 'the frame\'s viewport');
        const session = new FrameSignSession();
        const provider = frame.document.createElement('iams-provider');
        provider.client = new FrameClient({ startSigning: () => session });
        const el = frame.document.createElement('iams-sign-dialog');
        el.lang = 'zh-HK';
        el.documentName = FAKE_DOCUMENT.name;
        el.document = new frame.window.Blob([DOCUMENT_TEXT]);
        el.now = () => FAKE_NOW;
        provider.append(el);
        frame.document.body.append(provider);
        await el.updateComplete;
        const dialog = await open(el);
        for (const state of ['awaiting-scan', 'done'] as const) {
          await to(el, session, state);
          const box = dialog.getBoundingClientRect();
          assert.isAtMost(dialog.scrollWidth, dialog.clientWidth, `${state}: the dialog scrolls sideways`);
          assert.isAtLeast(box.left, 0, state);
          assert.isAtMost(box.right, 320, state);
        }
      } finally {
        frame.remove();
      }
    });
  });
});
