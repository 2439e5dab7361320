// The script of the two login pages: the home page (backend mode: the button goes through the
// library's own server, /iamsmart) and oidc.html (OpenID Connect mode: a redirect to the sign-in
// page). Their own strings; the language switcher and the account panel are shared with the other
// pages (site.js).
import { startSite } from './site.js';

const STRINGS = {
  en: {
    heading: 'Your library account, online',
    lead: 'Renew loans, reserve books and apply for a library card without a visit. Log in securely with your iAM Smart digital identity – no new password needed.',
    accountTitle: 'My account',
    signInPrompt: 'Log in to see your loans and reservations.',
    qrPrompt: 'On a computer? Scan a QR code with the iAM Smart app instead:',
    backendNote: "On a computer, iAM Smart shows a QR code to scan with the app; on a phone, it opens the app. The login goes through the library's own server: no token ever reaches this page.",
    oidcHeading: 'Log in: OpenID Connect mode',
    oidcLead: "The same login as on the home page, but this page talks to iAM Smart itself through OpenID Connect (authorization code with PKCE), without the library's server. The sandbox's stand-in provides it.",
    oidcTitle: 'OpenID Connect mode – Harbourside Public Library',
    servicesTitle: 'What you can do online',
    serviceCard: 'Apply for a library card',
    serviceCardDetail: 'Your name is filled in from iAM Smart.',
    serviceRenew: 'Renew loans',
    serviceRenewDetail: 'Up to five times per item.',
    serviceReserve: 'Reserve books',
    serviceReserveDetail: 'Collect at any branch.',
    title: 'Harbourside Public Library – Online Services',
    updatesTitle: 'Updates in iAM Smart',
    updatesLead: 'Get a message in the iAM Smart app when a book you reserved is ready to collect.',
    sampleLead: 'Try it: the library\'s server sends a sample "reservation ready" update.',
    sendSample: 'Send a sample update',
    sampleSending: 'Sending…',
    sampleSent: 'Sent. Open the iAM Smart app to read it.',
    sampleNotConsented: 'Not sent: you have not chosen to get this update in iAM Smart, or you have stopped it.',
    sampleRateLimited: 'Not sent: too many updates in a short time. Please wait a minute and try again.',
    sampleLoginRequired: 'Not sent: please log in again.',
    sampleFailed: 'Not sent: the library could not reach iAM Smart. Please try again later.',
  },
  'zh-HK': {
    heading: '網上管理你的圖書館帳戶',
    lead: '毋須親臨，即可續借、預約圖書及申請借書證。使用「智方便」數碼身份安全登入，無需另設密碼。',
    accountTitle: '我的帳戶',
    signInPrompt: '登入後可查看借閱及預約紀錄。',
    qrPrompt: '正在使用電腦？亦可用「智方便」掃描二維碼：',
    backendNote: '在電腦上，「智方便」會顯示二維碼供你用應用程式掃描；在手機上，則會直接開啟應用程式。登入經由圖書館自己的伺服器處理，任何權杖都不會傳到此網頁。',
    oidcHeading: '登入：OpenID Connect 模式',
    oidcLead: '與主頁相同的登入，但此網頁經 OpenID Connect（附 PKCE 的授權碼流程）直接與「智方便」溝通，無需圖書館的伺服器。由沙盒的替代服務提供。',
    oidcTitle: 'OpenID Connect 模式 – 海濱公共圖書館',
    servicesTitle: '網上服務',
    serviceCard: '申請借書證',
    serviceCardDetail: '姓名由「智方便」自動填寫。',
    serviceRenew: '續借圖書',
    serviceRenewDetail: '每項資料最多續借五次。',
    serviceReserve: '預約圖書',
    serviceReserveDetail: '可於任何分館取書。',
    title: '海濱公共圖書館 – 網上服務',
    updatesTitle: '「智方便」通知',
    updatesLead: '預約的圖書可供領取時，在「智方便」應用程式收到通知。',
    sampleLead: '試一試：圖書館的伺服器會發出一則「預約圖書可供領取」的示範通知。',
    sendSample: '發出示範通知',
    sampleSending: '正在發出…',
    sampleSent: '已發出。請開啟「智方便」應用程式查看。',
    sampleNotConsented: '未有發出：你未有選擇在「智方便」接收此通知，或已停止接收。',
    sampleRateLimited: '未有發出：短時間內通知太多。請等候一分鐘後再試。',
    sampleLoginRequired: '未有發出：請重新登入。',
    sampleFailed: '未有發出：圖書館未能連接「智方便」。請稍後再試。',
  },
  'zh-CN': {
    heading: '网上管理你的图书馆账户',
    lead: '无须亲临，即可续借、预约图书及申请借书证。使用「智方便」数码身份安全登录，无需另设密码。',
    accountTitle: '我的账户',
    signInPrompt: '登录后可查看借阅及预约记录。',
    qrPrompt: '正在使用电脑？亦可用「智方便」扫描二维码：',
    backendNote: '在电脑上，「智方便」会显示二维码供你用应用程序扫描；在手机上，则会直接开启应用程序。登录经由图书馆自己的服务器处理，任何令牌都不会传到此网页。',
    oidcHeading: '登录：OpenID Connect 模式',
    oidcLead: '与主页相同的登录，但此网页经 OpenID Connect（附 PKCE 的授权码流程）直接与「智方便」沟通，无需图书馆的服务器。由沙盒的替代服务提供。',
    oidcTitle: 'OpenID Connect 模式 – 海滨公共图书馆',
    servicesTitle: '网上服务',
    serviceCard: '申请借书证',
    serviceCardDetail: '姓名由「智方便」自动填写。',
    serviceRenew: '续借图书',
    serviceRenewDetail: '每项资料最多续借五次。',
    serviceReserve: '预约图书',
    serviceReserveDetail: '可于任何分馆取书。',
    title: '海滨公共图书馆 – 网上服务',
    updatesTitle: '「智方便」通知',
    updatesLead: '预约的图书可供领取时，在「智方便」应用程序收到通知。',
    sampleLead: '试一试：图书馆的服务器会发出一则「预约图书可供领取」的示范通知。',
    sendSample: '发出示范通知',
    sampleSending: '正在发出…',
    sampleSent: '已发出。请开启「智方便」应用程序查看。',
    sampleNotConsented: '未有发出：你未有选择在「智方便」接收此通知，或已停止接收。',
    sampleRateLimited: '未有发出：短时间内通知太多。请等候一分钟后再试。',
    sampleLoginRequired: '未有发出：请重新登录。',
    sampleFailed: '未有发出：图书馆未能连接「智方便」。请稍后再试。',
  },
};

const { t } = startSite({
  strings: STRINGS,
  titleKey: document.body.dataset.title,
  afterLogout: () => document.querySelector('iams-login-button')?.focus(),
  // The opt-in shows its own failures beside its controls.
  leftToElement: (event) => event.target instanceof Element && event.target.localName === 'iams-notify-optin',
});

/** What the sample button says for each code the library's server answers. */
const SAMPLE_MESSAGES = { not_consented: 'sampleNotConsented', rate_limited: 'sampleRateLimited', login_required: 'sampleLoginRequired' };

// The home page (backend mode): the library's server sends a sample update through iAM Smart to
// the logged-in resident (demo-site/server.js, POST /api/sample-update). The page only asks; the
// server knows who is logged in and whether they agreed.
const sendSample = document.getElementById('send-sample');
const sampleStatus = document.getElementById('sample-status');
sendSample?.addEventListener('click', async () => {
  sendSample.disabled = true;
  sampleStatus.textContent = t('sampleSending');
  delete sampleStatus.dataset.code;
  let key = 'sampleFailed';
  try {
    const response = await fetch('/api/sample-update', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const body = await response.json().catch(() => ({}));
    if (response.ok) key = 'sampleSent';
    else {
      key = SAMPLE_MESSAGES[body.code] ?? 'sampleFailed';
      sampleStatus.dataset.code = typeof body.code === 'string' ? body.code : 'unknown';
    }
  } catch {
    sampleStatus.dataset.code = 'network_error';
  } finally {
    sampleStatus.textContent = t(key);
    sendSample.disabled = false;
  }
});
