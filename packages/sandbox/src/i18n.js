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
  appSameDevice: 'From a website on this device',
  appWaysHeading: 'Open a login request from another device',
  appWaysHelp: 'A website that offers "Login with iAM Smart" shows a QR code and an identification code. Use any one of these ways to open its request here.',
  scanHeading: 'Scan with the camera',
  scanButton: 'Scan QR code',
  scanStop: 'Stop camera',
  scanVideo: 'Camera view',
  scanUnavailable: 'This browser cannot scan QR codes with the camera. Choose or paste a picture of the QR code, paste the link or enter the identification code instead.',
  scanStarted: 'The camera is on. Point it at the QR code on the website.',
  scanFailed: 'The camera could not be started. Choose or paste a picture of the QR code instead.',
  pictureHeading: 'Choose or paste a picture',
  pictureHelp: 'Take a screenshot or photo of the QR code, then choose it here, or paste it anywhere on this page.',
  pictureButton: 'Choose a picture',
  pictureNoQr: 'No QR code was found in the picture. Try a sharper or larger picture.',
  pictureUnreadable: 'The picture could not be opened. Choose a PNG or JPEG picture.',
  scriptNeeded: 'Scanning and reading pictures need JavaScript. You can still paste the link or enter the identification code.',
  linkHeading: 'Paste the link',
  linkLabel: 'Link from the QR code',
  linkHelp: 'It starts with {prefix}',
  linkOpen: 'Open',
  linkEmpty: 'Paste the link first.',
  linkFound: 'QR code found. Opening the login request…',
  foreignLinkHelp: 'It is not a login link of this iAM Smart sandbox, so the simulator did not open it.',
  codeHeading: 'No camera or picture?',
  codeLink: 'Enter identification code',
  codeTitle: 'Enter identification code',
  codeLabel: 'Identification code (8 digits)',
  codeHelp: 'Type the identification code the website shows, for example 1234-5678.',
  codeContinue: 'Continue',
  codeInvalid: 'Enter the 8 digits of the identification code, for example 1234-5678.',
  codeUnknown: 'No login request has this identification code. Check the code on the website and try again.',
  signInTitle: 'Sign in to the app',
  signInHelp: 'Choose the test resident who uses this simulated phone. The app remembers the choice until you switch.',
  requestTitle: 'Login request',
  onlyContinue: 'Only continue if you started this on {origin}',
  asksFor: 'The website asks for',
  endsAt: 'This request ends at {time} (Hong Kong time).',
  timeLeft: 'Time left: {time}',
  timeUp: 'Time is up. Start again on the website.',
  minuteLeft: 'One minute left to finish this request.',
  appResident: 'Signed in to the app as',
  switchResident: 'Switch resident',
  whichCode: 'Which identification code does the website show?',
  whichCodeHelp: 'Compare with the code on the website and choose the same one. If none of them matches, do not continue.',
  codeMatched: 'The identification code {code} matches the website\'s.',
  codeTyped: 'You typed the identification code {code} that the website shows, so there is nothing more to compare.',
  approvedTitle: 'Login approved',
  approvedHelp: 'You have approved the login to {site}. Return to the website: it continues by itself.',
  declinedTitle: 'Login declined',
  declinedHelp: 'You declined. {site} is told that you did not approve the login. You can close this page.',
  stoppedTitle: 'Request stopped for your safety',
  stoppedHelp: 'The code you chose is not the one the website shows, so this login request was stopped. If you were logging in, start again on the website. If someone sent you this QR code or link, do not continue.',
  staleTitle: 'This QR code is out of date',
  staleHelp: 'Scan the code on the website again — it changes every second.',
  sessionExpiredTitle: 'This login request has expired',
  sessionExpiredHelp: 'There was not enough time left. Start the login again on the website.',
  usedTitle: 'This login request has already been used',
  usedHelp: 'Each QR code and identification code works only once. If you still need to log in, start again on the website.',
  unknownTitle: 'Login request not found',
  unknownHelp: 'Check the QR code or the identification code on the website, or start the login again.',
  malformedTitle: 'This QR code cannot be read',
  malformedHelp: 'The link in it is incomplete or damaged. Scan the code on the website again.',
  csrfTitle: 'Please try again',
  csrfHelp: 'This form could not be checked: it may have come from another website or be out of date. Go back, reload the page and try again.',
  backToApp: 'Back to the app home',
  authorizationDetail: 'Access of the kind "{type}"',
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
  appSameDevice: '來自同一裝置上的網站',
  appWaysHeading: '開啟另一部裝置上的登入要求',
  appWaysHelp: '提供「智方便登入」的網站會顯示二維碼及識別碼。請以下列任何一種方法在這裏開啟該要求。',
  scanHeading: '以相機掃描',
  scanButton: '掃描二維碼',
  scanStop: '關閉相機',
  scanVideo: '相機畫面',
  scanUnavailable: '這個瀏覽器未能以相機掃描二維碼。請改為選擇或貼上二維碼圖片、貼上連結或輸入識別碼。',
  scanStarted: '相機已開啟。請對準網站上的二維碼。',
  scanFailed: '未能開啟相機。請改為選擇或貼上二維碼圖片。',
  pictureHeading: '選擇或貼上圖片',
  pictureHelp: '先為二維碼截圖或拍照，然後在這裏選擇該圖片，或在此頁面任何位置貼上。',
  pictureButton: '選擇圖片',
  pictureNoQr: '圖片中找不到二維碼。請使用較清晰或較大的圖片。',
  pictureUnreadable: '未能開啟圖片。請選擇 PNG 或 JPEG 圖片。',
  scriptNeeded: '掃描及讀取圖片需要 JavaScript。你仍可貼上連結或輸入識別碼。',
  linkHeading: '貼上連結',
  linkLabel: '二維碼的連結',
  linkHelp: '連結以 {prefix} 開頭',
  linkOpen: '開啟',
  linkEmpty: '請先貼上連結。',
  linkFound: '已找到二維碼，正在開啟登入要求…',
  foreignLinkHelp: '此連結並非這個「智方便」沙盒的登入連結，因此模擬器沒有開啟它。',
  codeHeading: '沒有相機或圖片？',
  codeLink: '輸入識別碼',
  codeTitle: '輸入識別碼',
  codeLabel: '識別碼（8 位數字）',
  codeHelp: '請輸入網站顯示的識別碼，例如 1234-5678。',
  codeContinue: '繼續',
  codeInvalid: '請輸入識別碼的 8 位數字，例如 1234-5678。',
  codeUnknown: '沒有登入要求使用這個識別碼。請核對網站上的識別碼再試一次。',
  signInTitle: '登入應用程式',
  signInHelp: '請選擇使用這部模擬手機的測試居民。應用程式會記住你的選擇，直至你切換居民。',
  requestTitle: '登入要求',
  onlyContinue: '只在你於 {origin} 開始時才繼續',
  asksFor: '網站要求取得',
  endsAt: '此要求於 {time}（香港時間）結束。',
  timeLeft: '剩餘時間：{time}',
  timeUp: '時間已到。請在網站重新開始。',
  minuteLeft: '尚餘一分鐘完成此要求。',
  appResident: '已登入應用程式的居民',
  switchResident: '切換居民',
  whichCode: '網站顯示哪一個識別碼？',
  whichCodeHelp: '請與網站上的識別碼比對，並選擇相同的一個。如果全部都不相符，請不要繼續。',
  codeMatched: '識別碼 {code} 與網站顯示的相符。',
  codeTyped: '你已輸入網站顯示的識別碼 {code}，因此無需再比對。',
  approvedTitle: '已批准登入',
  approvedHelp: '你已批准登入「{site}」。請返回該網站，網站會自動繼續。',
  declinedTitle: '已拒絕登入',
  declinedHelp: '你已拒絕。「{site}」會得知你沒有批准登入。你可以關閉此頁面。',
  stoppedTitle: '為保障你的安全，要求已停止',
  stoppedHelp: '你選擇的識別碼與網站顯示的不同，因此此登入要求已停止。如你正在登入，請在網站重新開始。如二維碼或連結是別人傳給你的，請不要繼續。',
  staleTitle: '此二維碼已過時',
  staleHelp: '請再次掃描網站上的二維碼——二維碼每秒都會更新。',
  sessionExpiredTitle: '此登入要求已過期',
  sessionExpiredHelp: '剩餘時間不足。請在網站重新開始登入。',
  usedTitle: '此登入要求已被使用',
  usedHelp: '每個二維碼及識別碼只可使用一次。如仍需登入，請在網站重新開始。',
  unknownTitle: '找不到登入要求',
  unknownHelp: '請核對網站上的二維碼或識別碼，或重新開始登入。',
  malformedTitle: '無法讀取此二維碼',
  malformedHelp: '二維碼內的連結不完整或已損壞。請再次掃描網站上的二維碼。',
  csrfTitle: '請再試一次',
  csrfHelp: '未能核實這份表格：它可能來自其他網站或已過時。請返回、重新載入頁面再試一次。',
  backToApp: '返回應用程式主頁',
  authorizationDetail: '「{type}」類別的存取',
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
  appSameDevice: '来自同一设备上的网站',
  appWaysHeading: '打开另一部设备上的登录请求',
  appWaysHelp: '提供「智方便登录」的网站会显示二维码及识别码。请以下列任何一种方法在这里打开该请求。',
  scanHeading: '用相机扫描',
  scanButton: '扫描二维码',
  scanStop: '关闭相机',
  scanVideo: '相机画面',
  scanUnavailable: '这个浏览器无法用相机扫描二维码。请改为选择或粘贴二维码图片、粘贴链接或输入识别码。',
  scanStarted: '相机已打开。请对准网站上的二维码。',
  scanFailed: '无法打开相机。请改为选择或粘贴二维码图片。',
  pictureHeading: '选择或粘贴图片',
  pictureHelp: '先为二维码截图或拍照，然后在这里选择该图片，或在此页面任何位置粘贴。',
  pictureButton: '选择图片',
  pictureNoQr: '图片中找不到二维码。请使用较清晰或较大的图片。',
  pictureUnreadable: '无法打开图片。请选择 PNG 或 JPEG 图片。',
  scriptNeeded: '扫描及读取图片需要 JavaScript。你仍可粘贴链接或输入识别码。',
  linkHeading: '粘贴链接',
  linkLabel: '二维码的链接',
  linkHelp: '链接以 {prefix} 开头',
  linkOpen: '打开',
  linkEmpty: '请先粘贴链接。',
  linkFound: '已找到二维码，正在打开登录请求…',
  foreignLinkHelp: '此链接并非这个「智方便」沙盒的登录链接，因此模拟器没有打开它。',
  codeHeading: '没有相机或图片？',
  codeLink: '输入识别码',
  codeTitle: '输入识别码',
  codeLabel: '识别码（8 位数字）',
  codeHelp: '请输入网站显示的识别码，例如 1234-5678。',
  codeContinue: '继续',
  codeInvalid: '请输入识别码的 8 位数字，例如 1234-5678。',
  codeUnknown: '没有登录请求使用这个识别码。请核对网站上的识别码再试一次。',
  signInTitle: '登录应用程序',
  signInHelp: '请选择使用这部模拟手机的测试居民。应用程序会记住你的选择，直至你切换居民。',
  requestTitle: '登录请求',
  onlyContinue: '只在你于 {origin} 开始时才继续',
  asksFor: '网站要求获取',
  endsAt: '此请求于 {time}（香港时间）结束。',
  timeLeft: '剩余时间：{time}',
  timeUp: '时间已到。请在网站重新开始。',
  minuteLeft: '尚余一分钟完成此请求。',
  appResident: '已登录应用程序的居民',
  switchResident: '切换居民',
  whichCode: '网站显示哪一个识别码？',
  whichCodeHelp: '请与网站上的识别码比对，并选择相同的一个。如果全部都不相符，请不要继续。',
  codeMatched: '识别码 {code} 与网站显示的相符。',
  codeTyped: '你已输入网站显示的识别码 {code}，因此无需再比对。',
  approvedTitle: '已批准登录',
  approvedHelp: '你已批准登录「{site}」。请返回该网站，网站会自动继续。',
  declinedTitle: '已拒绝登录',
  declinedHelp: '你已拒绝。「{site}」会得知你没有批准登录。你可以关闭此页面。',
  stoppedTitle: '为保障你的安全，请求已停止',
  stoppedHelp: '你选择的识别码与网站显示的不同，因此此登录请求已停止。如你正在登录，请在网站重新开始。如二维码或链接是别人发给你的，请不要继续。',
  staleTitle: '此二维码已过时',
  staleHelp: '请再次扫描网站上的二维码——二维码每秒都会更新。',
  sessionExpiredTitle: '此登录请求已过期',
  sessionExpiredHelp: '剩余时间不足。请在网站重新开始登录。',
  usedTitle: '此登录请求已被使用',
  usedHelp: '每个二维码及识别码只可使用一次。如仍需登录，请在网站重新开始。',
  unknownTitle: '找不到登录请求',
  unknownHelp: '请核对网站上的二维码或识别码，或重新开始登录。',
  malformedTitle: '无法读取此二维码',
  malformedHelp: '二维码内的链接不完整或已损坏。请再次扫描网站上的二维码。',
  csrfTitle: '请再试一次',
  csrfHelp: '无法核实这份表格：它可能来自其他网站或已过时。请返回、重新加载页面再试一次。',
  backToApp: '返回应用程序主页',
  authorizationDetail: '「{type}」类别的访问',
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
