/**
 * Every string the sandbox shows, in English, Traditional Chinese (Hong Kong) and Simplified
 * Chinese, in iAM Smart's own wording (「智方便」, 「批准」/「拒絕」, 登入 vs 登录).
 */

/** @typedef {'en' | 'zh-HK' | 'zh-CN'} Locale */

/** @type {readonly Locale[]} */
export const LOCALES = Object.freeze(['en', 'zh-HK', 'zh-CN']);

/** Each language's name in itself, for the language switcher. */
export const LANGUAGE_NAMES = Object.freeze({ en: 'English', 'zh-HK': '繁體中文', 'zh-CN': '简体中文' });

const en = {
  brand: 'iAM Smart',
  sandboxNotice: 'Sandbox: test residents only. This is not the real iAM Smart.',
  languageNav: 'Language',
  skipToContent: 'Skip to main content',
  loginTitle: 'Login with iAM Smart',
  requestingSite: 'Requesting website',
  websiteAddress: 'Website address',
  chooseResident: 'Choose a test resident',
  chooseResidentHelp: 'The real iAM Smart app confirms who you are with your phone\'s fingerprint or face recognition. In this sandbox, choose the test resident you want to log in as.',
  noChineseName: 'No Chinese name',
  age: 'Age {age}',
  confirmTitle: 'Confirm login',
  loggingInAs: 'Logging in as',
  willShare: 'If you approve, {site} will receive:',
  shareIdentifier: 'An identifier for you that only this website can use',
  shareName: 'Your name',
  shareLocale: 'Your preferred language',
  approve: 'Approve',
  decline: 'Decline',
  decisionHelp: 'Only approve if you started this login on {origin}.',
  chooseAnother: 'Choose another resident',
  errorTitle: 'Something went wrong',
  errorHelp: 'The request could not be completed. Go back to the website you came from and try again.',
  errorCode: 'Error',
  errorDetails: 'Details',
  expiredTitle: 'This login request has ended',
  expiredHelp: 'It has expired or was already used. Go back to the website and start the login again.',
  unknownResident: 'That test resident does not exist. Choose one from the list.',
  appTitle: 'iAM Smart (sandbox simulator)',
  simulatorBadge: 'App simulator',
  appIntro: 'This page stands in for the iAM Smart mobile app on this computer, so you can try a website\'s "Login with iAM Smart" without a phone.',
  appHow: 'When a website opens the iAM Smart app on the same device, it comes here instead. You then choose a test resident and approve or decline, as you would in the app.',
  appNoRequest: 'There is no request to approve right now. Start a login on a website that uses this sandbox.',
  appDiscovery: 'Sandbox configuration (OpenID Connect discovery)',
  appBadLinkTitle: 'This link cannot be opened',
  appBadLinkHelp: 'The link does not lead to this sandbox\'s login page, so the simulator did not follow it.',
  appBadLinkExpected: 'Expected a link to',
  logoutTitle: 'Log out',
  logoutQuestion: 'Do you want to log out from {site}?',
  logoutConfirm: 'Log out',
  logoutCancel: 'Stay logged in',
  loggedOutTitle: 'You have logged out',
  loggedOutHelp: 'You can close this page.',
  pageNotFound: 'Page not found',
  pageNotFoundHelp: 'There is no page at this address in the iAM Smart sandbox.',
};

/** @type {Record<keyof typeof en, string>} */
const zhHK = {
  brand: '智方便',
  sandboxNotice: '沙盒環境：只供測試居民使用，並非真正的「智方便」。',
  languageNav: '語言',
  skipToContent: '跳至主要內容',
  loginTitle: '智方便登入',
  requestingSite: '提出要求的網站',
  websiteAddress: '網址',
  chooseResident: '選擇測試居民',
  chooseResidentHelp: '真正的「智方便」流動應用程式會以手機的指紋或面容識別確認你的身分。在這個沙盒中，請選擇你想以哪位測試居民的身分登入。',
  noChineseName: '沒有中文姓名',
  age: '{age}歲',
  confirmTitle: '確認登入',
  loggingInAs: '登入身分',
  willShare: '如你批准，「{site}」會收到：',
  shareIdentifier: '只供此網站使用的識別碼',
  shareName: '你的姓名',
  shareLocale: '你的語言偏好',
  approve: '批准',
  decline: '拒絕',
  decisionHelp: '只在你於 {origin} 開始登入時才批准。',
  chooseAnother: '選擇其他居民',
  errorTitle: '發生錯誤',
  errorHelp: '未能完成要求。請返回原本的網站再試一次。',
  errorCode: '錯誤',
  errorDetails: '詳情',
  expiredTitle: '此登入要求已結束',
  expiredHelp: '要求已過期或已被使用。請返回網站重新登入。',
  unknownResident: '沒有這位測試居民，請從名單中選擇。',
  appTitle: '智方便（沙盒模擬器）',
  simulatorBadge: '應用程式模擬器',
  appIntro: '這個頁面在電腦上代替「智方便」流動應用程式，讓你無需手機也可試用網站的「智方便登入」。',
  appHow: '當網站在同一裝置上開啟「智方便」應用程式時，會改為來到這裏。然後你可選擇測試居民，並如在應用程式中一樣批准或拒絕。',
  appNoRequest: '目前沒有需要批准的要求。請在使用這個沙盒的網站開始登入。',
  appDiscovery: '沙盒設定（OpenID Connect 探索文件）',
  appBadLinkTitle: '無法開啟此連結',
  appBadLinkHelp: '此連結並非前往這個沙盒的登入頁面，因此模擬器沒有開啟它。',
  appBadLinkExpected: '預期的連結為',
  logoutTitle: '登出',
  logoutQuestion: '你是否要登出「{site}」？',
  logoutConfirm: '登出',
  logoutCancel: '保持登入',
  loggedOutTitle: '你已登出',
  loggedOutHelp: '你可以關閉此頁面。',
  pageNotFound: '找不到頁面',
  pageNotFoundHelp: '「智方便」沙盒中沒有這個網址的頁面。',
};

/** @type {Record<keyof typeof en, string>} */
const zhCN = {
  brand: '智方便',
  sandboxNotice: '沙盒环境：仅供测试居民使用，并非真正的「智方便」。',
  languageNav: '语言',
  skipToContent: '跳至主要内容',
  loginTitle: '智方便登录',
  requestingSite: '提出请求的网站',
  websiteAddress: '网址',
  chooseResident: '选择测试居民',
  chooseResidentHelp: '真正的「智方便」流动应用程序会以手机的指纹或面容识别确认你的身份。在这个沙盒中，请选择你想以哪位测试居民的身份登录。',
  noChineseName: '没有中文姓名',
  age: '{age}岁',
  confirmTitle: '确认登录',
  loggingInAs: '登录身份',
  willShare: '如你批准，「{site}」会收到：',
  shareIdentifier: '只供此网站使用的识别码',
  shareName: '你的姓名',
  shareLocale: '你的语言偏好',
  approve: '批准',
  decline: '拒绝',
  decisionHelp: '只在你于 {origin} 开始登录时才批准。',
  chooseAnother: '选择其他居民',
  errorTitle: '发生错误',
  errorHelp: '未能完成请求。请返回原来的网站再试一次。',
  errorCode: '错误',
  errorDetails: '详情',
  expiredTitle: '此登录请求已结束',
  expiredHelp: '请求已过期或已被使用。请返回网站重新登录。',
  unknownResident: '没有这位测试居民，请从名单中选择。',
  appTitle: '智方便（沙盒模拟器）',
  simulatorBadge: '应用程序模拟器',
  appIntro: '这个页面在电脑上代替「智方便」流动应用程序，让你无需手机也可试用网站的「智方便登录」。',
  appHow: '当网站在同一设备上打开「智方便」应用程序时，会改为来到这里。然后你可选择测试居民，并如在应用程序中一样批准或拒绝。',
  appNoRequest: '目前没有需要批准的请求。请在使用这个沙盒的网站开始登录。',
  appDiscovery: '沙盒设置（OpenID Connect 发现文档）',
  appBadLinkTitle: '无法打开此链接',
  appBadLinkHelp: '此链接并非前往这个沙盒的登录页面，因此模拟器没有打开它。',
  appBadLinkExpected: '预期的链接为',
  logoutTitle: '登出',
  logoutQuestion: '你是否要登出「{site}」？',
  logoutConfirm: '登出',
  logoutCancel: '保持登录',
  loggedOutTitle: '你已登出',
  loggedOutHelp: '你可以关闭此页面。',
  pageNotFound: '找不到页面',
  pageNotFoundHelp: '「智方便」沙盒中没有这个网址的页面。',
};

/** @typedef {keyof typeof en} MessageKey */

const MESSAGES = { en, 'zh-HK': zhHK, 'zh-CN': zhCN };

/**
 * A message in the locale, with `{name}` placeholders replaced (values are plain text; the page
 * templates escape the result).
 * @param {Locale} locale
 * @param {MessageKey} key
 * @param {Record<string, string>} [values]
 */
export function t(locale, key, values = {}) {
  return MESSAGES[locale][key].replace(/\{(\w+)\}/g, (whole, name) => values[name] ?? whole);
}

/**
 * Maps one BCP 47 tag to a supported locale: Traditional Chinese (HK, TW, MO, Hant, bare "zh" in
 * Hong Kong) → zh-HK; Simplified (CN, SG, Hans) → zh-CN; English → en.
 * @param {string} tag
 * @returns {Locale | undefined}
 */
export function matchLocale(tag) {
  const lower = tag.trim().toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  if (lower === 'zh' || lower.startsWith('zh-')) {
    if (/^zh-(hans|cn|sg|my)\b/.test(lower) || lower.includes('-hans')) return 'zh-CN';
    return 'zh-HK';
  }
  return undefined;
}

/**
 * Picks the page language: an explicit choice (the language switcher), then the authorization
 * request's `ui_locales`, then the browser's Accept-Language, then English.
 * @param {{ explicit?: string | null, uiLocales?: unknown, acceptLanguage?: string }} sources
 * @returns {Locale}
 */
export function pickLocale({ explicit, uiLocales, acceptLanguage }) {
  if (explicit && LOCALES.includes(/** @type {Locale} */ (explicit))) return /** @type {Locale} */ (explicit);
  if (typeof uiLocales === 'string') {
    for (const tag of uiLocales.split(' ')) {
      const locale = matchLocale(tag);
      if (locale) return locale;
    }
  }
  if (acceptLanguage) {
    const ranked = acceptLanguage.split(',')
      .map((part, index) => {
        const [tag, ...params] = part.split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, index };
      })
      .filter(({ q }) => q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index);
    for (const { tag } of ranked) {
      const locale = matchLocale(tag);
      if (locale) return locale;
    }
  }
  return 'en';
}
