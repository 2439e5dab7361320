/**
 * The words of the platform's hosted login page (getQR) and its refusals, in English, Traditional
 * Chinese (Hong Kong) and Simplified Chinese, in iAM Smart's own wording ("Login with iAM Smart" /
 * 智方便登入, "Signing with iAM Smart" / 智方便數碼簽署, "Open iAM Smart" / 開啟智方便, PLATFORM.md
 * "Branding"; e-ME's "Fill with iAM Smart" / 以智方便填寫 as the simulator words it).
 */

/** @typedef {import('@iamsmart/protocol').Lang} Lang */

const en = {
  title: 'Login with iAM Smart',
  emeTitle: 'Fill with iAM Smart',
  signTitle: 'Signing with iAM Smart',
  notifyTitle: 'Get updates in iAM Smart',
  site: 'Logging in to',
  requestSite: 'Requested by',
  address: 'Website address',
  scanHeading: 'Scan with the iAM Smart app',
  scanHelp: 'Open the iAM Smart app on your phone, tap Scan, and point it at this QR code.',
  qrLabel: 'QR code for the iAM Smart app',
  openApp: 'Open iAM Smart',
  openAppHelp: 'On this phone: open the app directly. The QR code above is there if the app does not open.',
  codeHeading: 'Identification code',
  codeHelp: 'The app shows this code too. Continue only if they are the same.',
  noScanHeading: 'Cannot scan?',
  noScanHelp: 'In the iAM Smart app, choose "Enter identification code" and type the identification code above.',
  noScanLink: 'Enter the code in the app',
  expiresIn: 'This code expires in {time}.',
  expired: 'This code has expired.',
  minuteLeft: 'One minute left to use this code.',
  newCode: 'Get a new code',
  cancel: 'Cancel and return to the website',
  statusWaiting: 'Waiting for you to scan the code or enter it in the app.',
  statusScanned: 'Code opened in the app. Check the identification code and approve in the app.',
  statusDone: 'Done in the app. Returning you to the website…',
  statusStopped: 'The request ended in the app.',
  continueLink: 'Continue',
  continueHelp: 'After approving in the app, continue here.',
  usedTitle: 'This login has already finished',
  usedHelp: 'Return to the website and start again.',
  refusedTitle: 'This login cannot start',
  refusedHelp: 'The website sent a request iAM Smart cannot accept. Return to the website and try again, or contact the website.',
  errorCode: 'Error code',
  errorDetails: 'Details',
  languageNav: 'Language',
};

/** @type {typeof en} */
const zhHK = {
  title: '智方便登入',
  emeTitle: '以智方便填寫',
  signTitle: '智方便數碼簽署',
  notifyTitle: '在智方便接收通知',
  site: '正在登入',
  requestSite: '提出要求的網站',
  address: '網站地址',
  scanHeading: '以「智方便」應用程式掃描',
  scanHelp: '在手機開啟「智方便」應用程式，按「掃描」，然後對準這個二維碼。',
  qrLabel: '供「智方便」應用程式掃描的二維碼',
  openApp: '開啟智方便',
  openAppHelp: '在這部手機上：直接開啟應用程式。如應用程式未能開啟，可使用上面的二維碼。',
  codeHeading: '識別碼',
  codeHelp: '應用程式亦會顯示此識別碼。兩者相同才繼續。',
  noScanHeading: '無法掃描？',
  noScanHelp: '在「智方便」應用程式選擇「輸入識別碼」，然後輸入上面的識別碼。',
  noScanLink: '在應用程式輸入識別碼',
  expiresIn: '此識別碼將於 {time} 後失效。',
  expired: '此識別碼已失效。',
  minuteLeft: '此識別碼尚餘一分鐘。',
  newCode: '取得新的識別碼',
  cancel: '取消並返回網站',
  statusWaiting: '正在等待你掃描二維碼或在應用程式輸入識別碼。',
  statusScanned: '已在應用程式開啟。請核對識別碼，並在應用程式確認。',
  statusDone: '已在應用程式完成。正在返回網站…',
  statusStopped: '此要求已在應用程式結束。',
  continueLink: '繼續',
  continueHelp: '在應用程式確認後，請按此繼續。',
  usedTitle: '此登入已經完成',
  usedHelp: '請返回網站重新開始。',
  refusedTitle: '無法開始此登入',
  refusedHelp: '網站傳來「智方便」無法接受的要求。請返回網站再試，或聯絡該網站。',
  errorCode: '錯誤代碼',
  errorDetails: '詳情',
  languageNav: '語言',
};

/** @type {typeof en} */
const zhCN = {
  title: '智方便登录',
  emeTitle: '以智方便填写',
  signTitle: '智方便数码签署',
  notifyTitle: '在智方便接收通知',
  site: '正在登录',
  requestSite: '提出请求的网站',
  address: '网站地址',
  scanHeading: '以「智方便」应用程序扫描',
  scanHelp: '在手机打开「智方便」应用程序，按「扫描」，然后对准这个二维码。',
  qrLabel: '供「智方便」应用程序扫描的二维码',
  openApp: '开启智方便',
  openAppHelp: '在这部手机上：直接开启应用程序。如应用程序未能开启，可使用上面的二维码。',
  codeHeading: '识别码',
  codeHelp: '应用程序亦会显示此识别码。两者相同才继续。',
  noScanHeading: '无法扫描？',
  noScanHelp: '在「智方便」应用程序选择「输入识别码」，然后输入上面的识别码。',
  noScanLink: '在应用程序输入识别码',
  expiresIn: '此识别码将于 {time} 后失效。',
  expired: '此识别码已失效。',
  minuteLeft: '此识别码尚余一分钟。',
  newCode: '获取新的识别码',
  cancel: '取消并返回网站',
  statusWaiting: '正在等待你扫描二维码或在应用程序输入识别码。',
  statusScanned: '已在应用程序打开。请核对识别码，并在应用程序确认。',
  statusDone: '已在应用程序完成。正在返回网站…',
  statusStopped: '此要求已在应用程序结束。',
  continueLink: '继续',
  continueHelp: '在应用程序确认后，请按此继续。',
  usedTitle: '此登录已经完成',
  usedHelp: '请返回网站重新开始。',
  refusedTitle: '无法开始此登录',
  refusedHelp: '网站传来「智方便」无法接受的要求。请返回网站再试，或联络该网站。',
  errorCode: '错误代码',
  errorDetails: '详情',
  languageNav: '语言',
};

/** @typedef {keyof typeof en} PlatformMessageKey */

const MESSAGES = /** @type {Record<Lang, typeof en>} */ ({ en, 'zh-HK': zhHK, 'zh-CN': zhCN });

/**
 * A message in the language, `{name}` placeholders replaced (plain text; the views escape it).
 * @param {Lang} lang @param {PlatformMessageKey} key @param {Record<string, string>} [values]
 */
export function pt(lang, key, values = {}) {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name) => values[name] ?? whole);
}
