// The library card application page's script: its strings, the HKID check digit, and the
// confirmation of what was submitted. Filling the form is `<iams-eme-autofill>`'s job; this page
// treats filled values as typed ones. Nothing is sent anywhere; every value is shown with
// textContent.
import { startLanguage } from './site.js';

const STRINGS = {
  en: {
    title: 'Library card application – Harbourside Public Library',
    heading: 'Library card application',
    lead: 'Apply for a Harbourside Public Library card. iAM Smart can fill in this form for you from your e-ME profile: you choose in the app what it may share.',
    formTitle: 'Application form (HPL-001)',
    requiredNote: 'Fields marked * are required.',
    enNameLegend: 'Name in English (as on your identity card)',
    familyName: 'Surname',
    givenName: 'Given names',
    chName: 'Name in Chinese (if any)',
    idLegend: 'Hong Kong identity card number',
    idHelp: 'For K543210(3): letters K, digits 543210, check digit 3.',
    idLetters: 'Letters',
    idDigits: 'Digits',
    idCheck: 'Check digit',
    idInvalid: 'This identity card number does not add up: check the letters, digits and check digit.',
    birthDate: 'Date of birth',
    gender: 'Gender',
    male: 'Male',
    female: 'Female',
    mobile: 'Mobile phone number',
    countryCode: 'Country code',
    phoneNumber: 'Number',
    email: 'Email address',
    address: 'Residential address',
    addressLine1: 'Address line 1',
    addressLine2: 'Address line 2',
    addressLine3: 'Address line 3',
    district: 'District',
    region: 'Region',
    choose: 'Choose',
    regionHongKong: 'Hong Kong Island',
    regionKowloon: 'Kowloon',
    regionNewTerritories: 'New Territories',
    optionalLegend: 'Optional',
    homePhone: 'Home phone number',
    postalAddress: 'Postal address, if different',
    consent: 'I agree to the library\'s rules and to the library keeping these details for my membership.',
    consentGiven: 'Agreed',
    submit: 'Submit application',
    resultTitle: 'Application received',
    resultLead: 'This is what the library received. (A demo: nothing was sent anywhere.)',
    notGiven: 'Not given',
    submitted: 'Application received. The details are below the form.',
  },
  'zh-HK': {
    title: '申請借書證 – 海濱公共圖書館',
    heading: '申請借書證',
    lead: '申請海濱公共圖書館借書證。「智方便」可按你的「智方便」填表（e-ME）資料為你填寫本表格：你在應用程式內選擇分享哪些資料。',
    formTitle: '申請表（HPL-001）',
    requiredNote: '標有 * 的欄位必須填寫。',
    enNameLegend: '英文姓名（與身份證相同）',
    familyName: '姓',
    givenName: '名',
    chName: '中文姓名（如有）',
    idLegend: '香港身份證號碼',
    idHelp: '例如 K543210(3)：英文字母 K，數字 543210，括號內數字 3。',
    idLetters: '英文字母',
    idDigits: '數字',
    idCheck: '括號內數字',
    idInvalid: '此身份證號碼不正確：請核對英文字母、數字及括號內數字。',
    birthDate: '出生日期',
    gender: '性別',
    male: '男',
    female: '女',
    mobile: '手提電話號碼',
    countryCode: '國家／地區編號',
    phoneNumber: '號碼',
    email: '電郵地址',
    address: '住址',
    addressLine1: '地址第 1 行',
    addressLine2: '地址第 2 行',
    addressLine3: '地址第 3 行',
    district: '地區',
    region: '區域',
    choose: '請選擇',
    regionHongKong: '香港島',
    regionKowloon: '九龍',
    regionNewTerritories: '新界',
    optionalLegend: '選填',
    homePhone: '住宅電話號碼',
    postalAddress: '通訊地址（如與住址不同）',
    consent: '我同意遵守圖書館規則，並同意圖書館為會籍保存上述資料。',
    consentGiven: '已同意',
    submit: '遞交申請',
    resultTitle: '已收到申請',
    resultLead: '以下是圖書館收到的資料。（示範用途：資料沒有傳送到任何地方。）',
    notGiven: '未有提供',
    submitted: '已收到申請。詳情在表格下方。',
  },
  'zh-CN': {
    title: '申请借书证 – 海滨公共图书馆',
    heading: '申请借书证',
    lead: '申请海滨公共图书馆借书证。「智方便」可按你的「智方便」填表（e-ME）资料为你填写本表格：你在应用程序内选择分享哪些资料。',
    formTitle: '申请表（HPL-001）',
    requiredNote: '标有 * 的栏位必须填写。',
    enNameLegend: '英文姓名（与身份证相同）',
    familyName: '姓',
    givenName: '名',
    chName: '中文姓名（如有）',
    idLegend: '香港身份证号码',
    idHelp: '例如 K543210(3)：英文字母 K，数字 543210，括号内数字 3。',
    idLetters: '英文字母',
    idDigits: '数字',
    idCheck: '括号内数字',
    idInvalid: '此身份证号码不正确：请核对英文字母、数字及括号内数字。',
    birthDate: '出生日期',
    gender: '性别',
    male: '男',
    female: '女',
    mobile: '手提电话号码',
    countryCode: '国家／地区编号',
    phoneNumber: '号码',
    email: '电邮地址',
    address: '住址',
    addressLine1: '地址第 1 行',
    addressLine2: '地址第 2 行',
    addressLine3: '地址第 3 行',
    district: '地区',
    region: '区域',
    choose: '请选择',
    regionHongKong: '香港岛',
    regionKowloon: '九龙',
    regionNewTerritories: '新界',
    optionalLegend: '选填',
    homePhone: '住宅电话号码',
    postalAddress: '通讯地址（如与住址不同）',
    consent: '我同意遵守图书馆规则，并同意图书馆为会籍保存上述资料。',
    consentGiven: '已同意',
    submit: '递交申请',
    resultTitle: '已收到申请',
    resultLead: '以下是图书馆收到的资料。（示范用途：资料没有传送到任何地方。）',
    notGiven: '未有提供',
    submitted: '已收到申请。详情在表格下方。',
  },
};

/** What the confirmation lists, by the inputs' names, with the label each is shown under. */
const RESULT_FIELDS = [
  ['enFamilyName', 'familyName'],
  ['enGivenName', 'givenName'],
  ['chName', 'chName'],
  ['idLetters', 'idLetters'],
  ['idDigits', 'idDigits'],
  ['idCheckDigit', 'idCheck'],
  ['birthDate', 'birthDate'],
  ['gender', 'gender'],
  ['mobileCountryCode', 'countryCode'],
  ['mobileNumber', 'mobile'],
  ['email', 'email'],
  ['addressLine1', 'addressLine1'],
  ['addressLine2', 'addressLine2'],
  ['addressLine3', 'addressLine3'],
  ['district', 'district'],
  ['region', 'region'],
  ['homePhone', 'homePhone'],
  ['postalAddress', 'postalAddress'],
  ['consent', 'consent'],
];

/** Values shown as words rather than as submitted. */
const VALUE_WORDS = {
  gender: { M: 'male', F: 'female' },
  region: { 'Hong Kong': 'regionHongKong', Kowloon: 'regionKowloon', 'New Territories': 'regionNewTerritories' },
  consent: { yes: 'consentGiven' },
};

const $ = (id) => document.getElementById(id);
const form = $('library-card');
const checkInput = $('id-check');
let t;
let submitted;

/**
 * The HKID check digit: the letters (one letter counts as a leading space, 36) and six digits
 * weighted 9 down to 2; 11 minus the sum modulo 11, where 10 is A and 11 is 0.
 */
function hkidCheckDigit(letters, digits) {
  const chars = `${letters.length === 1 ? ' ' : ''}${letters}${digits}`.toUpperCase();
  const sum = [...chars].reduce((total, char, index) => {
    const value = char === ' ' ? 36 : /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 55;
    return total + value * (9 - index);
  }, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'A' : check === 11 ? '0' : String(check);
}

function idIsValid() {
  const letters = $('id-letters').value.trim();
  const digits = $('id-digits').value.trim();
  const check = checkInput.value.trim().toUpperCase();
  if (!/^[A-Za-z]{1,2}$/.test(letters) || !/^\d{6}$/.test(digits) || !check) return true; // the patterns report these
  return hkidCheckDigit(letters, digits) === check;
}

/** Marks the check digit invalid (or valid) in the page's language; true when the number adds up. */
function checkId() {
  const valid = idIsValid();
  checkInput.setCustomValidity(valid ? '' : t('idInvalid'));
  $('form-error').textContent = valid ? '' : t('idInvalid');
  return valid;
}

function showResult() {
  if (!submitted) return;
  const list = $('result-fields');
  list.replaceChildren();
  for (const [name, labelKey] of RESULT_FIELDS) {
    const value = submitted.get(name) ?? '';
    const term = document.createElement('dt');
    term.textContent = t(labelKey);
    const detail = document.createElement('dd');
    detail.dataset.field = name;
    detail.dataset.value = value;
    const word = VALUE_WORDS[name]?.[value];
    detail.textContent = word ? t(word) : value || t('notGiven');
    list.append(term, detail);
  }
}

startLanguage({
  strings: STRINGS,
  onChange: (translate) => {
    t = translate;
    if (checkInput.validity.customError) checkId();
    showResult();
  },
});

// The check digit is checked when the resident leaves a part of the number and on submit, so a
// filled number is checked like a typed one.
for (const input of [$('id-letters'), $('id-digits'), checkInput]) {
  input.addEventListener('change', checkId);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  checkId();
  if (!form.reportValidity()) return;
  submitted = new Map([...new FormData(form)].map(([name, value]) => [name, String(value).trim()]));
  showResult();
  $('library-card-result').hidden = false;
  $('status').textContent = t('submitted');
  $('result-title').focus();
});
