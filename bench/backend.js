// Backend mode in `npm run bench`: the demo site's home page logs in through its own server
// (@iamsmart/server at /iamsmart) and the sandbox's hosted getQR page, beside the same logins in
// OpenID Connect mode measured in the same run (bench/qr.js, and the phone here).
//
// How each figure is taken (every timestamp is `performance.timeOrigin + …` in a page, on the one
// machine clock all pages share, reported through a binding that every page of the context has):
//   - desktop, click → hosted QR painted: the click event's own time on the site's page, to the
//     animation frame after the one in which the hosted page first holds its QR's SVG;
//   - desktop, Approve on the phone → `iams-login` on the site: the phone's Approve click event,
//     to the site's `iams-login` listener after the platform's redirect, the callback (getToken
//     and profiles on the server) and the page's session request;
//   - phone, click → `iams-login`: the whole same-device login on a phone-sized context, backend
//     mode (brokerPage: the app opened in a tab, the identification code matched, Approve, back in
//     the browser) beside OpenID Connect mode (the app link, Approve, back on oidc.html); the
//     steps a person takes in the app are taken at once by script, so it measures the kit and
//     the sandbox, not the person;
//   - HTTP requests per login: every request the site's pages make from the click to
//     `iams-login`, redirects and the hosted page's own included (not the phone's).
/* global document, window, requestAnimationFrame -- the functions given to page.evaluate run in the browser */
import { ANDROID_UA, IDENTIFICATION_CODE, openOnPhone, readQrFromScreenshot, startStack } from '../e2e/harness.js';
import { summary, within } from './stats.js';

const RESIDENT = 'CHAN Tai Man';
const LOGIN = 'Login with iAM Smart';

/** Reports `name` → time from any page of the context; resolves `times[name]`. */
async function timeline(context) {
  const waiting = new Map();
  const times = {};
  const when = (name) => {
    if (times[name] !== undefined) return Promise.resolve(times[name]);
    return new Promise((resolve) => waiting.set(name, resolve));
  };
  await context.exposeBinding('__benchAt', (_source, name, at) => {
    times[name] ??= at;
    waiting.get(name)?.(at);
  });
  await context.addInitScript(() => {
    const at = (name, time = performance.now()) => void window.__benchAt(name, performance.timeOrigin + time);
    document.addEventListener('iams-login', () => at('login'), { once: true });
    document.addEventListener('click', (event) => {
      if (event.composedPath().some((node) => node.localName === 'iams-login-button')) at('click', event.timeStamp);
    }, { capture: true });
    if (window.location.pathname === '/api/v1/auth/getQR') {
      const frame = () => {
        if (document.querySelector('.platform-qr svg')) requestAnimationFrame(() => at('qr'));
        else requestAnimationFrame(frame);
      };
      frame();
    }
  });
  return when;
}

async function desktopLogin(browser, stack) {
  const desktopContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const phoneContext = await browser.newContext({ locale: 'en-GB', userAgent: ANDROID_UA, viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true });
  try {
    const when = await timeline(desktopContext);
    const phoneWhen = await timeline(phoneContext);
    const desktop = await desktopContext.newPage();
    const phone = await phoneContext.newPage();
    await desktop.goto(`${stack.origin}/`, { waitUntil: 'networkidle' });
    let requests = 0;
    desktopContext.on('request', () => requests++);
    await desktop.getByRole('button', { name: LOGIN, exact: true }).click();
    const qrAt = await within(when('qr'), 'the hosted QR painted');
    const clickAt = await when('click');
    const payload = await readQrFromScreenshot(desktop.locator('.platform-qr svg'));
    const code = (await desktop.locator('#user-code').textContent()).trim();
    await openOnPhone(phone, payload, RESIDENT);
    await phone.getByRole('button', { name: code, exact: true }).click();
    const approve = phone.getByRole('button', { name: 'Approve', exact: true });
    await approve.evaluate((button) => {
      button.addEventListener('click', (event) => void window.__benchAt('approve', performance.timeOrigin + event.timeStamp), { once: true });
    });
    await approve.click();
    const approvedAt = await within(phoneWhen('approve'), 'the phone reporting its Approve click');
    const loggedInAt = await within(when('login'), '`iams-login` on the desktop');
    return { qrPaintedMs: qrAt - clickAt, approveToLoginMs: loggedInAt - approvedAt, requests };
  } finally {
    await Promise.allSettled([desktopContext.close(), phoneContext.close()]);
  }
}

/** One same-device login on a phone: backend mode from `/`, OpenID Connect mode from `/oidc.html`. */
async function phoneLogin(browser, stack, mode) {
  const context = await browser.newContext({ locale: 'en-GB', userAgent: ANDROID_UA, viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true });
  try {
    const when = await timeline(context);
    const page = await context.newPage();
    await page.goto(`${stack.origin}${mode === 'backend' ? '/' : '/oidc.html'}`, { waitUntil: 'networkidle' });
    let requests = 0;
    page.on('request', () => requests++);
    await page.getByRole('button', { name: LOGIN, exact: true }).click();
    if (mode === 'backend') {
      const code = (await page.locator('#user-code').textContent()).trim();
      if (!IDENTIFICATION_CODE.test(code)) throw new Error(`no identification code on the hosted page: ${code}`);
      const [app] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Open iAM Smart', exact: true }).click()]);
      const resident = app.getByRole('button', { name: RESIDENT, exact: true });
      const codeButton = app.getByRole('button', { name: code, exact: true });
      await resident.or(codeButton).waitFor();
      if (await resident.isVisible()) await resident.click();
      await codeButton.click();
      await app.getByRole('button', { name: 'Approve', exact: true }).click();
    } else {
      await page.getByRole('button', { name: RESIDENT, exact: true }).click();
      await page.getByRole('button', { name: 'Approve', exact: true }).click();
    }
    const loggedInAt = await within(when('login'), `\`iams-login\` on the phone (${mode} mode)`);
    return { clickToLoginMs: loggedInAt - (await when('click')), requests };
  } finally {
    await context.close();
  }
}

/** The backend-mode figures, `runs` logins each, and OpenID Connect mode's phone login beside them. */
export async function benchBackend(browser, runs) {
  const stack = await startStack();
  try {
    const desktop = [];
    const phone = { backend: [], oidc: [] };
    for (let i = 0; i < runs; i++) {
      desktop.push(await desktopLogin(browser, stack));
      for (const mode of ['backend', 'oidc']) phone[mode].push(await phoneLogin(browser, stack, mode));
    }
    const of = (list, key) => summary(list.map((run) => run[key]));
    return {
      desktop: { clickToQrPaintedMs: of(desktop, 'qrPaintedMs'), approveToLoginMs: of(desktop, 'approveToLoginMs'), requestsPerLogin: of(desktop, 'requests') },
      phone: {
        backend: { clickToLoginMs: of(phone.backend, 'clickToLoginMs'), requestsPerLogin: of(phone.backend, 'requests') },
        oidc: { clickToLoginMs: of(phone.oidc, 'clickToLoginMs'), requestsPerLogin: of(phone.oidc, 'requests') },
      },
    };
  } finally {
    await stack.close();
  }
}
