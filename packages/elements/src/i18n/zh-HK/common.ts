import type { CommonMessages } from '../messages.js';

/** Traditional Chinese, Hong Kong usage. */
export const common: CommonMessages = {
  loginLabel: '智方便登入',
  moreInfo: '了解更多',
  moreInfoUrl: 'https://www.iamsmart.gov.hk/tc/',
  opensInNewTab: '（在新分頁開啟）',
  connecting: '正在連接「智方便」…',
  completing: '正在完成智方便登入…',
  notConfigured: '此頁面暫時未能使用智方便登入，請稍後再試。',
  errorFallback: '智方便登入出現問題。請再試一次。',
};
