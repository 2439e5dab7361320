// The demo partner site's page script: language switcher, and what the page shows around the
// iAM Smart elements (the resident's name after `iams-login`, messages from `iams-error`,
// logging out). Everything the resident or the provider supplies is set with textContent.

const STRINGS = {
  en: {
    skip: 'Skip to main content',
    siteName: 'Harbourside Public Library',
    tagline: 'Online Services',
    languageNav: 'Language',
    heading: 'Your library account, online',
    lead: 'Renew loans, reserve books and apply for a library card without a visit. Log in securely with your iAM Smart digital identity – no new password needed.',
    accountTitle: 'My account',
    signInPrompt: 'Log in to see your loans and reservations.',
    welcome: 'Welcome, ',
    enNameLabel: 'Name in English',
    chNameLabel: 'Name in Chinese',
    noChName: 'Not provided',
    subLabel: 'Your ID for this library',
    subNote: 'iAM Smart gives every online service its own ID for you, so services cannot link your accounts.',
    logout: 'Log out',
    loggedIn: 'You are logged in.',
    loggedOut: 'You have logged out.',
    servicesTitle: 'What you can do online',
    serviceCard: 'Apply for a library card',
    serviceCardDetail: 'Your name is filled in from iAM Smart.',
    serviceRenew: 'Renew loans',
    serviceRenewDetail: 'Up to five times per item.',
    serviceReserve: 'Reserve books',
    serviceReserveDetail: 'Collect at any branch.',
    footer: 'A demo partner website for the iAM Smart Web Kit. It talks only to the local iAM Smart sandbox; the library and its services are fictional.',
    title: 'Harbourside Public Library – Online Services',
  },
  'zh-HK': {
    skip: '跳至主要內容',
    siteName: '海濱公共圖書館',
    tagline: '網上服務',
    languageNav: '語言',
    heading: '網上管理你的圖書館帳戶',
    lead: '毋須親臨，即可續借、預約圖書及申請借書證。使用「智方便」數碼身份安全登入，無需另設密碼。',
    accountTitle: '我的帳戶',
    signInPrompt: '登入後可查看借閱及預約紀錄。',
    welcome: '歡迎，',
    enNameLabel: '英文姓名',
    chNameLabel: '中文姓名',
    noChName: '未有提供',
    subLabel: '你在本圖書館的識別碼',
    subNote: '「智方便」為每項網上服務給你一個不同的識別碼，各服務無法把你的帳戶互相連結。',
    logout: '登出',
    loggedIn: '你已登入。',
    loggedOut: '你已登出。',
    servicesTitle: '網上服務',
    serviceCard: '申請借書證',
    serviceCardDetail: '姓名由「智方便」自動填寫。',
    serviceRenew: '續借圖書',
    serviceRenewDetail: '每項資料最多續借五次。',
    serviceReserve: '預約圖書',
    serviceReserveDetail: '可於任何分館取書。',
    footer: '這是「智方便」網頁工具套件的示範合作網站，只連接本機的「智方便」沙盒；圖書館及其服務均屬虛構。',
    title: '海濱公共圖書館 – 網上服務',
  },
  'zh-CN': {
    skip: '跳至主要内容',
    siteName: '海滨公共图书馆',
    tagline: '网上服务',
    languageNav: '语言',
    heading: '网上管理你的图书馆账户',
    lead: '无须亲临，即可续借、预约图书及申请借书证。使用「智方便」数码身份安全登录，无需另设密码。',
    accountTitle: '我的账户',
    signInPrompt: '登录后可查看借阅及预约记录。',
    welcome: '欢迎，',
    enNameLabel: '英文姓名',
    chNameLabel: '中文姓名',
    noChName: '未有提供',
    subLabel: '你在本图书馆的识别码',
    subNote: '「智方便」为每项网上服务给你一个不同的识别码，各服务无法把你的账户互相连结。',
    logout: '登出',
    loggedIn: '你已登录。',
    loggedOut: '你已登出。',
    servicesTitle: '网上服务',
    serviceCard: '申请借书证',
    serviceCardDetail: '姓名由「智方便」自动填写。',
    serviceRenew: '续借图书',
    serviceRenewDetail: '每项资料最多续借五次。',
    serviceReserve: '预约图书',
    serviceReserveDetail: '可于任何分馆取书。',
    footer: '这是「智方便」网页工具套件的示范合作网站，只连接本机的「智方便」沙盒；图书馆及其服务均属虚构。',
    title: '海滨公共图书馆 – 网上服务',
  },
};

/** The chosen language survives the round trip to the sign-in page (it is not a secret). */
const LANG_KEY = 'demo-site-lang';

const $ = (id) => document.getElementById(id);
const provider = $('iams');
const signedOut = $('signed-out');
const signedIn = $('signed-in');
const errorArea = $('error');
const status = $('status');

function initialLang() {
  const saved = sessionStorage.getItem(LANG_KEY);
  if (saved && saved in STRINGS) return saved;
  for (const tag of navigator.languages) {
    if (/^zh-(HK|TW|MO)|^zh-Hant/i.test(tag)) return 'zh-HK';
    if (/^zh/i.test(tag)) return 'zh-CN';
    if (/^en/i.test(tag)) return 'en';
  }
  return 'en';
}

function t(key) {
  return STRINGS[document.documentElement.lang]?.[key] ?? STRINGS.en[key];
}

/** Sets the page's language; the iAM Smart elements follow the page's `lang` on their own. */
function setLang(lang) {
  document.documentElement.lang = lang;
  sessionStorage.setItem(LANG_KEY, lang);
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  for (const button of document.querySelectorAll('[data-lang]')) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  document.title = t('title');
  if (!$('claim-ch-name').dataset.value && !signedIn.hidden) $('claim-ch-name').textContent = t('noChName');
}

function announce(text) {
  status.textContent = text;
}

/**
 * A name claim as text. iAM Smart's profile gives names as `{ lastName, firstName }`; English
 * reads "CHAN Tai Man", Chinese 陳大文 (no space). A plain string is taken as it is.
 */
function nameText(value, { chinese }) {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return '';
  const parts = [value.lastName, value.firstName].filter((part) => typeof part === 'string' && part);
  return parts.join(chinese ? '' : ' ');
}

function showUser(claims) {
  const enName = (typeof claims.name === 'string' && claims.name) || nameText(claims.enName, { chinese: false });
  $('user-name').textContent = enName;
  $('claim-en-name').textContent = enName;
  const chName = nameText(claims.chName, { chinese: true });
  $('user-chname').textContent = chName;
  $('user-chname-wrap').hidden = !chName;
  $('claim-ch-name').dataset.value = chName;
  $('claim-ch-name').textContent = chName || t('noChName');
  // iAM Smart's Chinese names are in Traditional characters, whatever the page's language.
  if (chName) $('claim-ch-name').lang = 'zh-HK';
  else $('claim-ch-name').removeAttribute('lang');
  $('claim-sub').textContent = claims.sub ?? '';
  errorArea.textContent = '';
  signedOut.hidden = true;
  signedIn.hidden = false;
  announce(t('loggedIn'));
  // The button that had focus is gone; continue from the greeting.
  $('welcome').focus();
}

function showSignedOut() {
  for (const id of ['user-name', 'user-chname', 'claim-en-name', 'claim-ch-name', 'claim-sub']) $(id).textContent = '';
  delete $('claim-ch-name').dataset.value;
  signedIn.hidden = true;
  signedOut.hidden = false;
}

document.addEventListener('iams-login', (event) => {
  showUser(event.detail);
});

document.addEventListener('iams-error', (event) => {
  // This page shows the message in its own alert area, so the element need not show it too.
  event.preventDefault();
  const { code, message } = event.detail;
  errorArea.textContent = message;
  errorArea.dataset.code = code;
});

document.addEventListener('iams-logout', () => {
  showSignedOut();
  announce(t('loggedOut'));
});

// A new attempt clears the last error, so the alert never describes an older login.
signedOut.addEventListener('click', () => {
  errorArea.textContent = '';
  delete errorArea.dataset.code;
});

$('logout').addEventListener('click', async () => {
  const button = $('logout');
  button.disabled = true;
  try {
    // Ends the session here (tokens dropped); the client's logout event then fires `iams-logout`.
    await provider.client?.logout();
  } catch (error) {
    // The page signs the resident out regardless; the reason is for developers.
    console.warn('Logout did not complete cleanly:', error);
  } finally {
    button.disabled = false;
    // Without a client (it never loaded) there is no logout event; sign out the page anyway.
    if (!signedIn.hidden) {
      showSignedOut();
      announce(t('loggedOut'));
    }
    provider.querySelector('iams-login-button')?.focus();
  }
});

for (const button of document.querySelectorAll('[data-lang]')) {
  button.addEventListener('click', () => {
    setLang(button.dataset.lang);
  });
}

setLang(initialLang());
