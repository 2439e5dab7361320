// The "Log in with your phone" page's script: its own strings, and the embedded QR login
// (`<iams-qr-login>`, which starts its session when the kit has loaded). The language switcher
// and the account panel are shared with the other pages (site.js).
import { startSite } from './site.js';

const STRINGS = {
  en: {
    heading: 'Log in with your phone',
    lead: 'Scan the QR code with the iAM Smart app on your phone and approve there. Nothing to type on this computer, and no new password.',
    accountTitle: 'My account',
    safetyTitle: 'Before you approve',
    tip1: 'Only approve a login that you started on this computer just now.',
    tip2: 'Check the website name and address that iAM Smart shows you.',
    tip3: 'Tap the identification code shown on this page. Never tap one that someone reads out or sends to you.',
    tip4: 'The QR code changes every second and lasts only a few minutes, so a photo of it cannot be used later.',
    sameDevice: 'Using the phone that has iAM Smart? Log in on the home page instead.',
    homeLink: 'Login with iAM Smart on the home page',
    title: 'Log in with your phone – Harbourside Public Library',
  },
  'zh-HK': {
    heading: '用手機登入',
    lead: '用手機上的「智方便」掃描二維碼，然後在手機上批准。毋須在這部電腦輸入任何資料，亦無需另設密碼。',
    accountTitle: '我的帳戶',
    safetyTitle: '批准前請注意',
    tip1: '只批准你剛剛在這部電腦上開始的登入。',
    tip2: '核對「智方便」顯示的網站名稱及網址。',
    tip3: '點按本頁顯示的識別碼。切勿點按別人讀出或傳送給你的識別碼。',
    tip4: '二維碼每秒更新，並只在數分鐘內有效，因此二維碼的相片稍後無法使用。',
    sameDevice: '正在使用裝有「智方便」的手機？請改在主頁登入。',
    homeLink: '在主頁使用智方便登入',
    title: '用手機登入 – 海濱公共圖書館',
  },
  'zh-CN': {
    heading: '用手机登录',
    lead: '用手机上的「智方便」扫描二维码，然后在手机上批准。毋须在这部电脑输入任何资料，亦无需另设密码。',
    accountTitle: '我的账户',
    safetyTitle: '批准前请注意',
    tip1: '只批准你刚刚在这部电脑上开始的登录。',
    tip2: '核对「智方便」显示的网站名称及网址。',
    tip3: '点按本页显示的识别码。切勿点按别人读出或传送给你的识别码。',
    tip4: '二维码每秒更新，并只在数分钟内有效，因此二维码的相片稍后无法使用。',
    sameDevice: '正在使用装有「智方便」的手机？请改在主页登录。',
    homeLink: '在主页使用智方便登录',
    title: '用手机登录 – 海滨公共图书馆',
  },
};

const qrLogin = document.getElementById('qr-login');

startSite({
  strings: STRINGS,
  // The QR login shows a declined, expired or failed session in place of the QR code, with
  // "Try again" beside it, and announces it once; the page's alert is for everything else.
  leftToElement: (event) => event.target === qrLogin,
  // A fresh code for the next login (the last session is finished), and reading goes on from the
  // panel's heading: the Log out button that had focus is gone.
  afterLogout: () => {
    qrLogin.refresh();
    document.getElementById('account-title').focus();
  },
});
