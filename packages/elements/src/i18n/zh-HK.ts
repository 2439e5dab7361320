import type { Messages } from './messages.js';

/** Traditional Chinese, Hong Kong usage. */
export const zhHK: Messages = {
  loginLabel: '智方便登入',
  moreInfo: '了解更多',
  moreInfoUrl: 'https://www.iamsmart.gov.hk/tc/',
  opensInNewTab: '（在新分頁開啟）',
  connecting: '正在連接智方便…',
  completing: '正在完成智方便登入…',
  notConfigured: '此頁面暫時未能使用智方便登入，請稍後再試。',
  errors: {
    invalid_config: '此網站的智方便登入設定有誤。請稍後再試，或聯絡網站管理人。',
    issuer_unreachable: '未能連接智方便。請檢查網絡連線，然後再試。',
    discovery_invalid: '智方便傳回了無法處理的回應。請稍後再試。',
    token_endpoint_error: '智方便未能完成登入。請再試一次。',
    state_mismatch: '此登入要求已失效，或是在另一個視窗開始的。請重新登入。',
    issuer_mismatch: '登入回應並非來自智方便，為保障你的安全已被拒絕。請重新登入。',
    id_token_signature: '未能核實登入回應，為保障你的安全已被拒絕。請重新登入。',
    id_token_claims: '登入回應無效或已過期。請重新登入。如問題持續，請檢查裝置的日期和時間。',
    callback_invalid: '登入回應不完整。請重新登入。',
    access_denied: '登入未獲智方便授權。',
    authorization_error: '智方便未能處理登入要求。請稍後再試。',
    popup_closed: '智方便視窗在登入完成前被關閉或封鎖。請再試一次，並允許此網站開啟彈出式視窗。',
    cancelled: '登入已取消。',
    timeout: '智方便回應時間過長。請再試一次。',
    session_expired: '二維碼已過期。請取得新的二維碼，然後再掃描。',
    rate_limited: '登入嘗試次數過多。請稍候再試。',
    network_error: '與智方便的連線中斷。請檢查網絡連線，然後再試。',
    code_mismatch: '你在智方便選擇的識別碼不符，為保障你的安全，登入已停止。請再試一次。',
    unknown: '智方便登入出現問題。請再試一次。',
  },
};
