import { html, type TemplateResult } from 'lit';
import type { Locale } from './locales.js';

/** The stand-in form's words in each language: the page's own, not the kit's (those come from its catalogues). */
export const FORM_LABELS: Record<Locale, Record<string, string>> = {
  en: {
    heading: 'Library card application',
    surname: 'Surname (English)',
    given: 'Given name (English)',
    chinese: 'Name in Chinese',
    title: 'Title',
    dob: 'Date of birth',
    mobile: 'Mobile number',
    email: 'Email',
    address: 'Residential address',
    owner: 'I own the property I live in',
    notes: 'Staff notes',
    feedback: 'Your feedback',
    purpose: 'To issue your library card',
  },
  'zh-HK': {
    heading: '借書證申請',
    surname: '英文姓氏',
    given: '英文名字',
    chinese: '中文姓名',
    title: '稱謂',
    dob: '出生日期',
    mobile: '流動電話號碼',
    email: '電郵地址',
    address: '住址',
    owner: '我擁有所居住的物業',
    notes: '職員備註',
    feedback: '你的意見',
    purpose: '用以發出你的借書證',
  },
  'zh-CN': {
    heading: '借书证申请',
    surname: '英文姓氏',
    given: '英文名字',
    chinese: '中文姓名',
    title: '称谓',
    dob: '出生日期',
    mobile: '流动电话号码',
    email: '电邮地址',
    address: '住址',
    owner: '我拥有所居住的物业',
    notes: '职员备注',
    feedback: '你的意见',
    purpose: '用以发出你的借书证',
  },
};

/**
 * The stories' stand-in for the page's own form (what e-ME fills), styled as one a developer may
 * copy: every control labelled and at least 24 × 24 px (WCAG 2.5.8), 44 × 44 px for touch, and one
 * column that reflows at 320 px. Fields planted by a story (`[data-traps]`) are not the form's
 * own: their sizes are the point of that story, so the rules reach only a label's own control.
 */
const STYLES = html`<style>
  .stand-in-form {
    display: grid;
    gap: 0.75rem;
    max-inline-size: 28rem;
    margin-block-start: 1rem;
    font: 1rem/1.4 system-ui, sans-serif;
  }
  .stand-in-form > h2 {
    margin: 0;
  }
  /* The label's words above its field, so a long label and its field share no line at 320 px. */
  .stand-in-form > label {
    display: grid;
    gap: 0.25rem;
  }
  .stand-in-form > label > :is(input, select, textarea),
  .stand-in-form > button {
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 24px;
    padding: 0.25rem 0.5rem;
    font: inherit;
  }
  .stand-in-form > label:has(> input[type='checkbox']) {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .stand-in-form > label > input[type='checkbox'] {
    flex: none;
    inline-size: 24px;
    block-size: 24px;
    margin: 0;
  }
  @media (pointer: coarse) {
    .stand-in-form > label > :is(input, select, textarea),
    .stand-in-form > button {
      min-block-size: 44px;
    }
    .stand-in-form > label > input[type='checkbox'] {
      inline-size: 44px;
      block-size: 44px;
    }
  }
</style>`;

/** A stand-in form (`<form class="stand-in-form">`) with its styles beside it. */
export function standInForm(form: TemplateResult): TemplateResult {
  return html`${STYLES}${form}`;
}
