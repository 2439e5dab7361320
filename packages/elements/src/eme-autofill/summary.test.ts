// What a resident reads in the e-ME dialog, word for word, in each language: the fields asked for
// and the summary after filling. Each control is named once — by the page's own label, or by its
// e-ME field when it has none — never as "Surname (English) (English name)"; a refused control
// also says which e-ME field it asked for, since its label may hide it. What a label hides from
// assistive technology (a required field's "*") is not part of the name.
import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { IamsFilledDetail } from '../events.js';
import { FakeClient } from '../test-support/fake-client.js';
import { FAKE_NOW, FakeEmeSession } from '../test-support/fake-session.js';
import { fakeEmeResult } from '../test-support/resident.js';
import { dialogOf, onPageIn, triggerOf } from '../test-support/elements.js';
import '../provider/define.js';
import './define.js';
import type { IamsEmeAutofill } from './eme-autofill.js';

interface Expected {
  /** The form's own labels: the surname and given name say "English" in brackets, as forms do; "Reference" is a disabled control asking for the home telephone number. */
  labels: { surname: string; given: string; mobile: string; reference: string };
  /** The terms beside the form's name and purpose. */
  terms: string[];
  intro: string;
  /** The e-ME fields as listed before the request. */
  fields: string[];
  filled: string[];
  notFilled: string[];
}

const EXPECTED: Record<'en' | 'zh-HK' | 'zh-CN', Expected> = {
  en: {
    labels: { surname: 'Surname (English)', given: 'Given name (English)', mobile: 'Mobile number', reference: 'Reference' },
    terms: ['Form', 'Purpose'],
    intro: 'This form asks iAM Smart for these details from your e-ME profile:',
    fields: ['English name', 'Chinese name', 'Mobile number'],
    // The Chinese name control has no label: the e-ME field names it.
    filled: ['Surname (English)', 'Given name (English)', 'Chinese name'],
    notFilled: ['Reference — not available; it asked for: Home telephone number', 'Mobile number — not shared or not in your e-ME profile'],
  },
  'zh-HK': {
    labels: { surname: '姓氏（英文）', given: '名字（英文）', mobile: '流動電話號碼', reference: '參考編號' },
    terms: ['表格', '用途'],
    intro: '此表格要求「智方便」提供你「填表通」中的以下資料：',
    fields: ['英文姓名', '中文姓名', '流動電話號碼'],
    filled: ['姓氏（英文）', '名字（英文）', '中文姓名'],
    notFilled: ['參考編號 — 無法使用；此欄位要求：住宅電話號碼', '流動電話號碼 — 沒有提供，或不在你的「填表通」資料中'],
  },
  'zh-CN': {
    labels: { surname: '姓氏（英文）', given: '名字（英文）', mobile: '流动电话号码', reference: '参考编号' },
    terms: ['表格', '用途'],
    intro: '此表格要求「智方便」提供你「填表通」中的以下资料：',
    fields: ['英文姓名', '中文姓名', '流动电话号码'],
    filled: ['姓氏（英文）', '名字（英文）', '中文姓名'],
    notFilled: ['参考编号 — 无法使用；此栏位要求：住宅电话号码', '流动电话号码 — 没有提供，或不在你的「填表通」资料中'],
  },
};

function textOf(node: Element | null | undefined): string {
  return node?.textContent.replace(/\s+/g, ' ').trim() ?? '';
}

function texts(el: IamsEmeAutofill, selector: string): string[] {
  return Array.from(dialogOf(el)?.querySelectorAll(selector) ?? [], textOf);
}

/** Two bracketed qualifiers in a row, in ASCII or full-width brackets: the doubling this guards against. */
const DOUBLED = /[(（][^)）]*[)）]\s*[(（]/;

describe('<iams-eme-autofill> wording a resident reads', () => {
  onPageIn('en');

  for (const [lang, expected] of Object.entries(EXPECTED)) {
    it(`${lang}: lists the fields, then names each filled control once`, async () => {
      const session = new FakeEmeSession();
      const { labels } = expected;
      const root = await fixture(html`<div>
        <iams-provider .client=${new FakeClient({ startEme: () => session })}>
          <iams-eme-autofill for="f" lang=${lang} purpose="Library card" .now=${() => FAKE_NOW}></iams-eme-autofill>
        </iams-provider>
        <form id="f" aria-label="Library card">
          <label>${labels.surname} <span aria-hidden="true">*</span> <input data-eme="enName.lastName" required /></label>
          <label>${labels.given} <input autocomplete="given-name" required /></label>
          <input data-eme="chName" />
          <label>${labels.mobile} <input type="tel" data-eme="mobileNumber" /></label>
          <label>${labels.reference} <input data-eme="homeTelNumber" disabled /></label>
        </form>
      </div>`);
      const el = root.querySelector('iams-eme-autofill');
      if (!el) throw new Error('no element');
      await el.updateComplete;

      triggerOf(el).click();
      await waitUntil(() => dialogOf(el)?.open, 'the dialog did not open');
      await el.updateComplete;
      assert.deepEqual(texts(el, '[part="form"] dt'), expected.terms);
      assert.strictEqual(textOf(dialogOf(el)?.querySelector('.intro')), expected.intro);
      assert.deepEqual(texts(el, '.fields .field-name'), expected.fields);

      let detail: IamsFilledDetail | undefined;
      el.addEventListener('iams-filled', (event) => (detail = event.detail), { once: true });
      dialogOf(el)?.querySelector<HTMLButtonElement>('[part="continue"]')?.click();
      await el.updateComplete;
      session.to('done', { result: fakeEmeResult(['enName', 'chName'], { missing: ['mobileNumber'] }) });
      await waitUntil(() => detail, 'no iams-filled');
      await el.updateComplete;

      const filled = texts(el, '.summary-list:not(.not-filled) li');
      const notFilled = texts(el, '.summary-list.not-filled li');
      assert.deepEqual(filled, expected.filled);
      assert.deepEqual(notFilled, expected.notFilled);
      for (const line of [...filled, ...notFilled]) assert.notMatch(line, DOUBLED, line);
      await expect(el).to.be.accessible();
    });
  }
});
