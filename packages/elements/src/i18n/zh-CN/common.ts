import type { CommonMessages } from '../messages.js';

/** Simplified Chinese. The button keeps iAM Smart's brand wording 「智方便登入」 as the design card gives it. */
export const common: CommonMessages = {
  loginLabel: '智方便登入',
  moreInfo: '了解更多',
  moreInfoUrl: 'https://www.iamsmart.gov.hk/sc/',
  opensInNewTab: '（在新标签页打开）',
  connecting: '正在连接「智方便」…',
  completing: '正在完成智方便登入…',
  notConfigured: '此页面暂时未能使用智方便登入，请稍后再试。',
  errorFallback: '智方便登入出现问题。请再试一次。',
};
