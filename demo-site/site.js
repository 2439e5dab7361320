// What every page of the demo partner site shares: the language switcher, the site's own
// strings, and the account panel around the iAM Smart elements (the resident's name after
// `iams-login`, messages from `iams-error`, logging out). Each page's script passes its own
// strings and says how it signs in; a page without the account panel (signing) uses only the
// language part. Everything the resident or the provider supplies is set with textContent.

const SHARED_STRINGS = {
  en: {
    skip: 'Skip to main content',
    siteName: 'Harbourside Public Library',
    tagline: 'Online Services',
    languageNav: 'Language',
    siteNav: 'Site',
    navHome: 'Home',
    navQr: 'Log in with your phone',
    navSign: 'Sign a document',
    navLibraryCard: 'Apply for a library card',
    navBank: 'Open a bank account',
    navOidc: 'OpenID Connect mode',
    welcome: 'Welcome, ',
    enNameLabel: 'Name in English',
    chNameLabel: 'Name in Chinese',
    noChName: 'Not provided',
    subLabel: 'Your ID for this library',
    subNote: 'iAM Smart gives every online service its own ID for you, so services cannot link your accounts.',
    logout: 'Log out',
    loggedIn: 'You are logged in.',
    loggedOut: 'You have logged out.',
    footer: 'A demo partner website for the iAM Smart Web Kit. It talks only to the local iAM Smart sandbox; the library and its services are fictional.',
  },
  'zh-HK': {
    skip: '跳至主要內容',
    siteName: '海濱公共圖書館',
    tagline: '網上服務',
    languageNav: '語言',
    siteNav: '網站',
    navHome: '主頁',
    navQr: '用手機登入',
    navSign: '簽署文件',
    navLibraryCard: '申請借書證',
    navBank: '開立銀行戶口',
    navOidc: 'OpenID Connect 模式',
    welcome: '歡迎，',
    enNameLabel: '英文姓名',
    chNameLabel: '中文姓名',
    noChName: '未有提供',
    subLabel: '你在本圖書館的識別碼',
    subNote: '「智方便」為每項網上服務給你一個不同的識別碼，各服務無法把你的帳戶互相連結。',
    logout: '登出',
    loggedIn: '你已登入。',
    loggedOut: '你已登出。',
    footer: '這是「智方便」網頁工具套件的示範合作網站，只連接本機的「智方便」沙盒；圖書館及其服務均屬虛構。',
  },
  'zh-CN': {
    skip: '跳至主要内容',
    siteName: '海滨公共图书馆',
    tagline: '网上服务',
    languageNav: '语言',
    siteNav: '网站',
    navHome: '主页',
    navQr: '用手机登录',
    navSign: '签署文件',
    navLibraryCard: '申请借书证',
    navBank: '开立银行账户',
    navOidc: 'OpenID Connect 模式',
    welcome: '欢迎，',
    enNameLabel: '英文姓名',
    chNameLabel: '中文姓名',
    noChName: '未有提供',
    subLabel: '你在本图书馆的识别码',
    subNote: '「智方便」为每项网上服务给你一个不同的识别码，各服务无法把你的账户互相连结。',
    logout: '登出',
    loggedIn: '你已登录。',
    loggedOut: '你已登出。',
    footer: '这是「智方便」网页工具套件的示范合作网站，只连接本机的「智方便」沙盒；图书馆及其服务均属虚构。',
  },
};

/** The chosen language survives the round trip to the sign-in page and moves between pages (it is not a secret). */
const LANG_KEY = 'demo-site-lang';

const $ = (id) => document.getElementById(id);

function initialLang() {
  const saved = sessionStorage.getItem(LANG_KEY);
  if (saved && saved in SHARED_STRINGS) return saved;
  // The server chose it from the browser's languages by the kit's one language rule (demo-site/server.js).
  return document.documentElement.lang in SHARED_STRINGS ? document.documentElement.lang : 'en';
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

/**
 * The page's strings (merged over the shared ones, same keys in every language) and the language
 * switcher. `onChange` runs after every change of language, the first included, for text the
 * page sets itself (formatted dates and sizes, messages shown).
 * @param {object} options
 * @param {Record<'en' | 'zh-HK' | 'zh-CN', Record<string, string>>} options.strings this page's strings
 * @param {string} [options.titleKey='title'] the key of the document's title
 * @param {(t: (key: string) => string) => void} [options.onChange]
 * @returns {{ t: (key: string) => string }}
 */
export function startLanguage({ strings, titleKey = 'title', onChange = () => {} }) {
  const t = (key) => {
    const lang = document.documentElement.lang;
    return strings[lang]?.[key] ?? SHARED_STRINGS[lang]?.[key] ?? strings.en[key] ?? SHARED_STRINGS.en[key];
  };

  /** Sets the page's language; the iAM Smart elements follow the page's `lang` on their own. */
  const setLang = (lang) => {
    document.documentElement.lang = lang;
    sessionStorage.setItem(LANG_KEY, lang);
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
    for (const button of document.querySelectorAll('[data-lang]')) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
    document.title = t(titleKey);
    onChange(t);
  };

  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => {
      setLang(button.dataset.lang);
    });
  }

  setLang(initialLang());
  return { t };
}

/**
 * Wires up the page: its strings and the language switcher (startLanguage), and the account panel.
 * @param {object} options
 * @param {Record<'en' | 'zh-HK' | 'zh-CN', Record<string, string>>} options.strings this page's strings
 * @param {string} [options.titleKey] the key of the document's title (default 'title')
 * @param {() => void} options.afterLogout put the signed-out panel back to its start (e.g. focus the login button)
 * @param {(event: Event) => boolean} [options.leftToElement] `iams-error`s the element shows better
 *   itself (next to its own "Try again"): the page does not repeat them
 * @returns {{ clearError: () => void, t: (key: string) => string }}
 */
export function startSite({ strings, titleKey, afterLogout, leftToElement = () => false }) {
  const provider = $('iams');
  const signedOut = $('signed-out');
  const signedIn = $('signed-in');
  const errorArea = $('error');
  const status = $('status');

  // The language part first, so the page is in its language before anything below runs.
  const { t } = startLanguage({
    strings,
    titleKey,
    onChange: (translate) => {
      if (!$('claim-ch-name').dataset.value && !signedIn.hidden) $('claim-ch-name').textContent = translate('noChName');
    },
  });

  const announce = (text) => {
    status.textContent = text;
  };

  const clearError = () => {
    errorArea.textContent = '';
    delete errorArea.dataset.code;
  };

  const showUser = (claims) => {
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
    // OpenID Connect mode names the resident by `sub`, backend mode (the platform) by `openID`: both per site.
    $('claim-sub').textContent = claims.sub ?? claims.openID ?? '';
    clearError();
    signedOut.hidden = true;
    signedIn.hidden = false;
    announce(t('loggedIn'));
    // The control that had focus is gone; continue from the greeting.
    $('welcome').focus();
  };

  const showSignedOut = () => {
    for (const id of ['user-name', 'user-chname', 'claim-en-name', 'claim-ch-name', 'claim-sub']) $(id).textContent = '';
    delete $('claim-ch-name').dataset.value;
    signedIn.hidden = true;
    signedOut.hidden = false;
  };

  document.addEventListener('iams-login', (event) => {
    showUser(event.detail);
  });

  document.addEventListener('iams-error', (event) => {
    if (leftToElement(event)) return;
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
  signedOut.addEventListener('click', clearError);

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
      afterLogout();
    }
  });

  return { clearError, t };
}
