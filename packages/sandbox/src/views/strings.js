/**
 * The words every page shares: the frame (brand, sandbox notice, language switcher), the
 * requester card, resident summaries, Approve / Decline and the error pages.
 * In English, Traditional Chinese (Hong Kong) and Simplified Chinese, in iAM Smart's own wording.
 */

export const en = {
  brand: 'iAM Smart',
  sandboxNotice: 'Sandbox: test residents only. This is not the real iAM Smart.',
  languageNav: 'Language',
  skipToContent: 'Skip to main content',
  requestingSite: 'Requesting website',
  websiteAddress: 'Website address',
  noChineseName: 'No Chinese name',
  age: 'Age {age}',
  approve: 'Approve',
  decline: 'Decline',
  errorTitle: 'Something went wrong',
  errorHelp: 'The request could not be completed. Go back to the website you came from and try again.',
  errorCode: 'Error',
  errorDetails: 'Details',
  unknownResident: 'That test resident does not exist. Choose one from the list.',
  simulatorBadge: 'App simulator',
  pageNotFound: 'Page not found',
  pageNotFoundHelp: 'There is no page at this address in the iAM Smart sandbox.',
};

/** @type {Record<keyof typeof en, string>} */
export const zhHK = {
  brand: '智方便',
  sandboxNotice: '沙盒環境：只供測試居民使用，並非真正的「智方便」。',
  languageNav: '語言',
  skipToContent: '跳至主要內容',
  requestingSite: '提出要求的網站',
  websiteAddress: '網址',
  noChineseName: '沒有中文姓名',
  age: '{age}歲',
  approve: '批准',
  decline: '拒絕',
  errorTitle: '發生錯誤',
  errorHelp: '未能完成要求。請返回原本的網站再試一次。',
  errorCode: '錯誤',
  errorDetails: '詳情',
  unknownResident: '沒有這位測試居民，請從名單中選擇。',
  simulatorBadge: '應用程式模擬器',
  pageNotFound: '找不到頁面',
  pageNotFoundHelp: '「智方便」沙盒中沒有這個網址的頁面。',
};

/** @type {Record<keyof typeof en, string>} */
export const zhCN = {
  brand: '智方便',
  sandboxNotice: '沙盒环境：仅供测试居民使用，并非真正的「智方便」。',
  languageNav: '语言',
  skipToContent: '跳至主要内容',
  requestingSite: '提出请求的网站',
  websiteAddress: '网址',
  noChineseName: '没有中文姓名',
  age: '{age}岁',
  approve: '批准',
  decline: '拒绝',
  errorTitle: '发生错误',
  errorHelp: '未能完成请求。请返回原来的网站再试一次。',
  errorCode: '错误',
  errorDetails: '详情',
  unknownResident: '没有这位测试居民，请从名单中选择。',
  simulatorBadge: '应用程序模拟器',
  pageNotFound: '找不到页面',
  pageNotFoundHelp: '「智方便」沙盒中没有这个网址的页面。',
};
