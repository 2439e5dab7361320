// Two devices in one engine, as the cross-device flows (QR login, signing, e-ME) need them: a
// desktop on the partner site and a phone on the sandbox's phone-app simulator, each in its own
// browser context (no shared cookies or storage), each page recording console errors, uncaught
// exceptions and CSP / Trusted Types violations (e2e/locators.js). Works over both drivers the
// end-to-end tests have: puppeteer-core (Chromium, Firefox) and e2e/webkit-page.js (WebKit), so a
// flow is written once and run in every entry of ENGINES (e2e/backend-support.js).
/* global document -- the functions given to page.evaluate run in the browser */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IDENTIFICATION_CODE, decodeQr, unreadableQr } from './harness.js';
import { find, openRecordedPage } from './locators.js';

/**
 * A device: a context of its own and a recorded page in it. In Firefox the page is a window of
 * its own: as tabs of one window only the front one is visible, and the SDK rightly pauses a
 * hidden page's status stream (the desktop would never hear of the phone's approval).
 * @param {'Chromium' | 'Firefox' | 'WebKit'} engine `ENGINES[i].name`
 * @param {{ phone?: boolean, downloadPath?: string }} [options] `downloadPath`: the folder the
 *   context's downloads are saved in, under the name the page suggests (see `downloaded`)
 */
export async function openDevice(browser, engine, { phone = false, downloadPath } = {}) {
  const context = await browser.createBrowserContext(downloadPath ? { downloadBehavior: { policy: 'allow', downloadPath } } : {});
  try {
    const recorded = await openRecordedPage(context, engine, { phone, window: engine === 'Firefox' });
    return { context, ...recorded, close: () => context.close() };
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
}

/**
 * A desktop (1280×900) and a phone (Android User-Agent, 412×915; 447 px wide in WebKit, whose
 * window cannot be narrower) in one browser. The caller closes both with `close()`.
 * `downloadPath`: where the desktop's downloads go.
 */
export async function openDesktopAndPhone(browser, engine, { downloadPath } = {}) {
  const desktop = await openDevice(browser, engine, { downloadPath });
  let phone;
  try {
    phone = await openDevice(browser, engine, { phone: true });
  } catch (error) {
    await desktop.close();
    throw error;
  }
  return {
    desktop,
    phone,
    async close() {
      await Promise.allSettled([desktop.close(), phone.close()]);
    },
  };
}

/** The QR as drawn inside `within` (a CSS selector of a host): an image named for the QR code. */
export const qrImage = (page, within = 'iams-qr-login', options = {}) => find(page, { ...options, role: 'img', name: /QR/, within });

/**
 * Reads the QR inside `within` the way a person's camera would: a screenshot of its pixels,
 * decoded by jsQR, never the DOM, so a QR that renders wrongly fails even when its data is right.
 * Like a camera, it takes another frame when one does not read, up to three 250 ms apart:
 * WebKitGTK's screenshot of a window that has only just painted can come out black (seen once in
 * about 50 WebKit reads, 2 s into a test). A QR that never renders readably still fails, its last
 * picture kept in test-results/.
 */
export async function scanQr(page, within = 'iams-qr-login') {
  for (let frame = 1; ; frame += 1) {
    const { data, png } = decodeQr(await (await qrImage(page, within)).screenshot());
    if (data !== undefined) return data;
    if (frame === 3) return unreadableQr(png);
    await sleep(250);
  }
}

/** The identification code shown inside `within`, read as text (e.g. 4821-0937). */
export async function identificationCode(page, within = 'iams-qr-login') {
  const element = await find(page, { text: IDENTIFICATION_CODE, within });
  return (await element.evaluate((node) => node.textContent)).trim();
}

/**
 * The phone opens a scanned payload and, if the simulated app asks who is signed in, picks the
 * resident; it stops on the request (its identification-code buttons shown).
 */
export async function openOnPhone(page, payload, resident) {
  await page.goto(payload);
  const codeButton = { role: 'button', name: IDENTIFICATION_CODE };
  const either = new RegExp(`^(?:${resident.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|${IDENTIFICATION_CODE.source.slice(1, -1)})$`);
  const first = await find(page, { role: 'button', name: either }).catch(async (error) => {
    // What the phone shows instead, so a failure says why (an expired or refused request, say).
    const shown = await page.evaluate(() => document.body?.innerText ?? '').catch(() => '(unreadable)');
    throw new Error(`${error.message}; the phone shows: ${String(shown).replace(/\s+/g, ' ').trim().slice(0, 600)}`);
  });
  if ((await first.evaluate((node) => node.textContent.replace(/\s+/g, ' ').trim())) === resident) {
    await first.click();
    await find(page, codeButton);
  }
}

/**
 * The bytes of a file the browser downloads into `folder` as `name` (the name the page suggested),
 * once it is there in full: every engine writes a partial file under another name first and
 * renames it; the size is read twice, 200 ms apart, to be sure.
 */
export async function downloaded(folder, name, { timeout = 30_000 } = {}) {
  const file = join(folder, name);
  const deadline = Date.now() + timeout;
  let size = -1;
  for (;;) {
    let now = -1;
    try { now = statSync(file).size; } catch { /* not there yet */ }
    if (now > 0 && now === size) return readFileSync(file);
    size = now;
    if (Date.now() > deadline) throw new Error(`no download ${name} in ${folder} within ${timeout} ms`);
    await sleep(200);
  }
}

/**
 * Fails every request this page's context makes for `url` as a broken network would (Playwright's
 * route.abort): puppeteer's request interception in Chromium and Firefox, the context's proxy
 * dropping the connection in WebKit (e2e/webkit-page.js).
 */
export async function abortRequests(page, url) {
  if (typeof page.browserContext().abortRequests === 'function') {
    page.browserContext().abortRequests(url);
    return;
  }
  await page.setRequestInterception(true);
  page.on('request', async (request) => {
    if (request.isInterceptResolutionHandled()) return;
    await (request.url() === url ? request.abort() : request.continue());
  });
}
