import type { Messages } from './messages.js';

/** Simplified Chinese. The button keeps iAM Smart's brand wording 「智方便登入」 as the design card gives it. */
export const zhCN: Messages = {
  loginLabel: '智方便登入',
  moreInfo: '了解更多',
  moreInfoUrl: 'https://www.iamsmart.gov.hk/sc/',
  opensInNewTab: '（在新标签页打开）',
  connecting: '正在连接智方便…',
  completing: '正在完成智方便登入…',
  notConfigured: '此页面暂时未能使用智方便登入，请稍后再试。',
  errors: {
    invalid_config: '此网站的智方便登入设定有误。请稍后再试，或联络网站管理人。',
    issuer_unreachable: '未能连接智方便。请检查网络连接，然后再试。',
    discovery_invalid: '智方便传回了无法处理的回应。请稍后再试。',
    token_endpoint_error: '智方便未能完成登入。请再试一次。',
    state_mismatch: '此登入请求已失效，或是在另一个窗口开始的。请重新登入。',
    issuer_mismatch: '登入回应并非来自智方便，为保障你的安全已被拒绝。请重新登入。',
    id_token_signature: '未能核实登入回应，为保障你的安全已被拒绝。请重新登入。',
    id_token_claims: '登入回应无效或已过期。请重新登入。如问题持续，请检查设备的日期和时间。',
    callback_invalid: '登入回应不完整。请重新登入。',
    access_denied: '登入未获智方便授权。',
    authorization_error: '智方便未能处理登入请求。请稍后再试。',
    popup_closed: '智方便窗口在登入完成前被关闭或拦截。请再试一次，并允许此网站打开弹出式窗口。',
    cancelled: '登入已取消。',
    timeout: '智方便回应时间过长。请再试一次。',
    session_expired: '二维码已过期。请获取新的二维码，然后再扫描。',
    rate_limited: '登录尝试次数过多。请稍候再试。',
    network_error: '与智方便的连接中断。请检查网络连接，然后再试。',
    code_mismatch: '你在智方便选择的识别码不符，为保障你的安全，登录已停止。请再试一次。',
    unknown: '智方便登入出现问题。请再试一次。',
  },
};
