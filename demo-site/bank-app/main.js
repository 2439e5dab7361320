// Sandbox Bank's account opening form: a Preact app (htm templates, no JSX build) whose inputs
// are controlled — each value comes from the app's state and every keystroke sets the state and
// re-renders. A value written into an input without telling the app would be wiped by the next
// render, so the Review step, which renders the state back, shows what the app really holds
// after `<iams-eme-autofill>` has filled the form. Bundled by rollup into dist/demo/bank-app.js.
import { html, render } from 'htm/preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { startLanguage } from '../site.js';

const STRINGS = {
  en: {
    title: 'Open an account – Sandbox Bank',
    heading: 'Sandbox Bank — open an account',
    lead: 'Open a Sandbox Bank account online. This form is a Preact app that controls its own inputs; iAM Smart can fill it in from your e-ME profile, and you choose in the app what it may share.',
    formTitle: 'Account opening (SBK-101)',
    requiredNote: 'Fields marked * are required.',
    fullName: 'Full name in English',
    hkid: 'Hong Kong identity card number',
    hkidHelp: 'As on your card, e.g. K543210(3).',
    hkidInvalid: 'Enter the number as on your card, e.g. K543210(3).',
    birthDate: 'Date of birth',
    day: 'Day',
    month: 'Month',
    year: 'Year',
    choose: 'Choose',
    mobile: 'Mobile phone number',
    email: 'Email address',
    address: 'Residential address',
    employment: 'Employment status',
    employed: 'Employed',
    selfEmployed: 'Self-employed',
    student: 'Student',
    retired: 'Retired',
    homemaker: 'Homemaker',
    unemployed: 'Not employed',
    propertyOwner: 'I own residential property in Hong Kong',
    optionalLegend: 'Optional',
    officePhone: 'Office phone number',
    review: 'Review',
    reviewTitle: 'Review your details',
    reviewLead: 'This is what the bank\'s form holds now. Check it before you open the account.',
    yes: 'Yes',
    no: 'No',
    notGiven: 'Not given',
    edit: 'Change details',
    open: 'Open the account',
    opened: 'Thank you. Your application is received. (A demo: nothing was sent anywhere.)',
    reviewShown: 'Review your details: they are below the form.',
  },
  'zh-HK': {
    title: '開立戶口 – 沙盒銀行',
    heading: '沙盒銀行 — 開立戶口',
    lead: '在網上開立沙盒銀行戶口。本表格是由 Preact 應用程式控制輸入欄的表格；「智方便」可按你的「智方便」填表（e-ME）資料為你填寫，你在應用程式內選擇分享哪些資料。',
    formTitle: '開立戶口（SBK-101）',
    requiredNote: '標有 * 的欄位必須填寫。',
    fullName: '英文全名',
    hkid: '香港身份證號碼',
    hkidHelp: '與身份證相同，例如 K543210(3)。',
    hkidInvalid: '請輸入與身份證相同的號碼，例如 K543210(3)。',
    birthDate: '出生日期',
    day: '日',
    month: '月',
    year: '年',
    choose: '請選擇',
    mobile: '手提電話號碼',
    email: '電郵地址',
    address: '住址',
    employment: '就業狀況',
    employed: '受僱',
    selfEmployed: '自僱',
    student: '學生',
    retired: '退休',
    homemaker: '料理家務',
    unemployed: '待業',
    propertyOwner: '我在香港擁有住宅物業',
    optionalLegend: '選填',
    officePhone: '辦公室電話號碼',
    review: '檢查資料',
    reviewTitle: '檢查你的資料',
    reviewLead: '以下是銀行表格現時的資料。開立戶口前請核對。',
    yes: '是',
    no: '否',
    notGiven: '未有提供',
    edit: '修改資料',
    open: '開立戶口',
    opened: '謝謝。我們已收到你的申請。（示範用途：資料沒有傳送到任何地方。）',
    reviewShown: '請檢查你的資料：資料在表格下方。',
  },
  'zh-CN': {
    title: '开立账户 – 沙盒银行',
    heading: '沙盒银行 — 开立账户',
    lead: '在网上开立沙盒银行账户。本表格是由 Preact 应用程序控制输入栏的表格；「智方便」可按你的「智方便」填表（e-ME）资料为你填写，你在应用程序内选择分享哪些资料。',
    formTitle: '开立账户（SBK-101）',
    requiredNote: '标有 * 的栏位必须填写。',
    fullName: '英文全名',
    hkid: '香港身份证号码',
    hkidHelp: '与身份证相同，例如 K543210(3)。',
    hkidInvalid: '请输入与身份证相同的号码，例如 K543210(3)。',
    birthDate: '出生日期',
    day: '日',
    month: '月',
    year: '年',
    choose: '请选择',
    mobile: '手提电话号码',
    email: '电邮地址',
    address: '住址',
    employment: '就业状况',
    employed: '受雇',
    selfEmployed: '自雇',
    student: '学生',
    retired: '退休',
    homemaker: '料理家务',
    unemployed: '待业',
    propertyOwner: '我在香港拥有住宅物业',
    optionalLegend: '选填',
    officePhone: '办公室电话号码',
    review: '检查资料',
    reviewTitle: '检查你的资料',
    reviewLead: '以下是银行表格现时的资料。开立账户前请核对。',
    yes: '是',
    no: '否',
    notGiven: '未有提供',
    edit: '修改资料',
    open: '开立账户',
    opened: '谢谢。我们已收到你的申请。（示范用途：资料没有传送到任何地方。）',
    reviewShown: '请检查你的资料：资料在表格下方。',
  },
};

const EMPLOYMENT = ['employed', 'selfEmployed', 'student', 'retired', 'homemaker', 'unemployed'];
const pad = (number) => String(number).padStart(2, '0');
// Two-digit values ("03"), as the parts of an ISO date; days show without the zero.
const DAYS = Array.from({ length: 31 }, (_, index) => ({ value: pad(index + 1), text: String(index + 1) }));
const MONTHS = Array.from({ length: 12 }, (_, index) => pad(index + 1));
const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: THIS_YEAR - 1899 }, (_, index) => String(THIS_YEAR - index));

/** The app's state: one entry per input, by the input's name. */
const EMPTY = {
  fullName: '', hkid: '', birthDay: '', birthMonth: '', birthYear: '', mobile: '', email: '',
  address: '', employment: '', propertyOwner: false, officePhone: '',
};

/** What the Review step lists, by input name, with its label. */
const REVIEWED = [
  ['fullName', 'fullName'], ['hkid', 'hkid'], ['birthDate', 'birthDate'], ['mobile', 'mobile'], ['email', 'email'],
  ['address', 'address'], ['employment', 'employment'], ['propertyOwner', 'propertyOwner'], ['officePhone', 'officePhone'],
];

const Required = () => html`<span class="required" aria-hidden="true"> *</span>`;

function monthName(month, lang) {
  return new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, Number(month) - 1, 1)));
}

/** The review's text for one entry of the state. */
function shown(name, values, t) {
  if (name === 'birthDate') {
    const { birthYear, birthMonth, birthDay } = values;
    return `${birthYear}-${birthMonth}-${birthDay}`;
  }
  if (name === 'propertyOwner') return values.propertyOwner ? t('yes') : t('no');
  if (name === 'employment') return values.employment ? t(values.employment) : t('notGiven');
  return values[name] || t('notGiven');
}

function App({ t, lang }) {
  const [values, setValues] = useState(EMPTY);
  const [step, setStep] = useState('form');
  const reviewHeading = useRef(null);

  // Focus follows the step, so keyboard and screen reader users continue where the content is;
  // at once, not after the next paint, so a keystroke in between cannot land elsewhere.
  useLayoutEffect(() => {
    if (step === 'review') reviewHeading.current?.focus();
  }, [step]);

  const set = (name, value) => {
    setValues((previous) => ({ ...previous, [name]: value }));
  };
  /** Props of a controlled text input: its value from the state, every keystroke back into it. */
  const text = (name) => ({ id: `bank-${name}`, name, value: values[name], onInput: (event) => set(name, event.currentTarget.value) });
  const select = (name) => ({ id: `bank-${name}`, name, value: values[name], onChange: (event) => set(name, event.currentTarget.value) });

  const announce = (text) => {
    document.getElementById('status').textContent = text;
  };
  const onSubmit = (event) => {
    event.preventDefault();
    setStep('review');
    announce(t('reviewShown'));
  };
  const edit = () => {
    setStep('form');
    document.getElementById('bank-fullName')?.focus();
  };
  const open = () => {
    setStep('opened');
    announce(t('opened'));
  };

  return html`
    <form id="bank-form" class="eme-form" aria-labelledby="form-title" aria-describedby="required-note" onSubmit=${onSubmit}>
      <div class="form-field">
        <label for="bank-fullName">${t('fullName')}<${Required} /></label>
        <input ...${text('fullName')} autocomplete="name" required lang="en" />
      </div>
      <div class="form-field">
        <label for="bank-hkid">${t('hkid')}<${Required} /></label>
        <input ...${text('hkid')} data-eme="idNo" required pattern="[A-Za-z]{1,2}[0-9]{6}\\([0-9Aa]\\)" title=${t('hkidInvalid')}
          autocomplete="off" aria-describedby="bank-hkid-help" />
        <p class="note" id="bank-hkid-help">${t('hkidHelp')}</p>
      </div>
      <fieldset>
        <legend>${t('birthDate')}<${Required} /></legend>
        <div class="form-row">
          <div class="form-field">
            <label for="bank-birthDay">${t('day')}</label>
            <select ...${select('birthDay')} data-eme="birthDate.day" required>
              <option value="">${t('choose')}</option>
              ${DAYS.map((day) => html`<option key=${day.value} value=${day.value}>${day.text}</option>`)}
            </select>
          </div>
          <div class="form-field">
            <label for="bank-birthMonth">${t('month')}</label>
            <select ...${select('birthMonth')} data-eme="birthDate.month" required>
              <option value="">${t('choose')}</option>
              ${MONTHS.map((month) => html`<option key=${month} value=${month}>${monthName(month, lang)}</option>`)}
            </select>
          </div>
          <div class="form-field">
            <label for="bank-birthYear">${t('year')}</label>
            <select ...${select('birthYear')} data-eme="birthDate.year" required>
              <option value="">${t('choose')}</option>
              ${YEARS.map((year) => html`<option key=${year} value=${year}>${year}</option>`)}
            </select>
          </div>
        </div>
      </fieldset>
      <div class="form-field">
        <label for="bank-mobile">${t('mobile')}<${Required} /></label>
        <input ...${text('mobile')} type="tel" data-eme="mobileNumber" autocomplete="tel" required />
      </div>
      <div class="form-field">
        <label for="bank-email">${t('email')}<${Required} /></label>
        <input ...${text('email')} type="email" autocomplete="email" required />
      </div>
      <div class="form-field">
        <label for="bank-address">${t('address')}<${Required} /></label>
        <textarea ...${text('address')} autocomplete="street-address" rows="4" required></textarea>
      </div>
      <div class="form-field">
        <label for="bank-employment">${t('employment')}<${Required} /></label>
        <select ...${select('employment')} data-eme="employmentStatus" required>
          <option value="">${t('choose')}</option>
          ${EMPLOYMENT.map((status) => html`<option key=${status} value=${status}>${t(status)}</option>`)}
        </select>
      </div>
      <div class="form-field">
        <label class="choice">
          <input type="checkbox" id="bank-propertyOwner" name="propertyOwner" data-eme="propertyOwner" checked=${values.propertyOwner}
            onChange=${(event) => set('propertyOwner', event.currentTarget.checked)} />
          ${' '}<span>${t('propertyOwner')}</span>
        </label>
      </div>
      <fieldset>
        <legend>${t('optionalLegend')}</legend>
        <div class="form-field">
          <label for="bank-officePhone">${t('officePhone')}</label>
          <input ...${text('officePhone')} type="tel" data-eme="officeTelNumber" autocomplete="off" />
        </div>
      </fieldset>
      <button type="submit" class="primary-button">${t('review')}</button>
    </form>
    ${step !== 'form' && html`
      <section id="bank-review" class="result" aria-labelledby="bank-review-title">
        <h2 id="bank-review-title" tabindex="-1" ref=${reviewHeading}>${t('reviewTitle')}</h2>
        <p>${t('reviewLead')}</p>
        <dl class="fields">
          ${REVIEWED.map(([name, label]) => html`
            <dt key=${`${name}-label`}>${t(label)}</dt>
            <dd key=${name} data-field=${name} data-value=${name === 'birthDate' ? shown(name, values, t) : String(values[name])}>${shown(name, values, t)}</dd>
          `)}
        </dl>
        ${step === 'opened'
          ? html`<p class="confirmation">${t('opened')}</p>`
          : html`
            <div class="actions">
              <button type="button" class="secondary-button" onClick=${edit}>${t('edit')}</button>
              <button type="button" class="primary-button" onClick=${open}>${t('open')}</button>
            </div>`}
      </section>`}
  `;
}

const root = document.getElementById('bank-app');
startLanguage({
  strings: STRINGS,
  onChange: (t) => {
    render(html`<${App} t=${t} lang=${document.documentElement.lang} />`, root);
  },
});
