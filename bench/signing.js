// The signing part of `npm run bench`, on the demo site's signing page (/sign.html):
//   - hashing a 10 MB document in the browser: in the desktop page, from `startSigning()` on
//     the page's SDK client with a 10 MB Blob to the snapshot that first carries the document's
//     hash (`document`), i.e. reading the Blob and WebCrypto SHA-256, through the SDK as a page
//     uses it (the signing code is loaded once before the timed runs); the session is then
//     cancelled before anything is sent.
//   - Approve → `iams-signed`: the phone's click on "Approve" (its event timestamp, reported
//     through a binding) to the desktop's `iams-signed` listener, both on the one machine clock;
//     in between: the status stream, the token request, the ID-token check, CSC credentials/info
//     and signHash, and the SDK's verification of the chain and the signature.
/* global document, window -- the functions given to page.evaluate run in the browser */
import { ANDROID_UA, identificationCode, openOnPhone, scanQr, startStack } from '../e2e/harness.js';
import { summary, within } from './stats.js';

const RESIDENT = 'CHAN Tai Man';
const LIMITS = { rateLimit: { max: 100_000, windowSeconds: 60 } };
const TEN_MB = 10 * 1024 * 1024;

/** Times `runs` hashes of a 10 MB Blob through the page's client; the first, untimed, loads the signing code. */
async function hashTimes(browser, stack, runs) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${stack.origin}/sign.html`, { waitUntil: 'networkidle' });
    return await page.evaluate(
      async ({ runs: count, size }) => {
        const client = await new Promise((resolve) => {
          const check = () => {
            const found = document.querySelector('iams-provider')?.client;
            if (found) resolve(found);
            else setTimeout(check, 20);
          };
          check();
        });
        const bytes = new Uint8Array(size);
        // Not all zeros, so nothing along the way can shortcut it; getRandomValues fills at most 64 KiB at a time.
        for (let offset = 0; offset < size; offset += 65536) crypto.getRandomValues(bytes.subarray(offset, offset + 65536));
        const hashOnce = () =>
          new Promise((resolve, reject) => {
            const started = performance.now();
            const session = client.startSigning({ document: new Blob([bytes]), documentName: 'bench-10MB.bin' });
            const unsubscribe = session.subscribe((snapshot) => {
              if (snapshot.document) {
                const elapsed = performance.now() - started;
                queueMicrotask(() => {
                  unsubscribe();
                  session.cancel();
                });
                resolve(elapsed);
              } else if (snapshot.state === 'error') reject(new Error(snapshot.error?.message));
            });
          });
        await hashOnce();
        const times = [];
        for (let i = 0; i < count; i++) times.push(await hashOnce());
        return times;
      },
      { runs, size: TEN_MB },
    );
  } finally {
    await context.close();
  }
}

/** One signing from the dialog's trigger to `iams-signed`; returns Approve → `iams-signed` in ms. */
async function oneSigning(browser, stack) {
  const desktopContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const phoneContext = await browser.newContext({ locale: 'en-GB', userAgent: ANDROID_UA, viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true });
  let approved;
  const approvedAt = new Promise((resolve) => {
    approved = resolve;
  });
  await phoneContext.exposeBinding('__benchApproved', (_source, at) => approved(at));
  try {
    const desktop = await desktopContext.newPage();
    const phone = await phoneContext.newPage();
    await desktop.goto(`${stack.origin}/sign.html`, { waitUntil: 'networkidle' });
    await desktop.evaluate(() => {
      window.__benchSigned = new Promise((resolve) => {
        document.addEventListener('iams-signed', () => resolve(performance.timeOrigin + performance.now()), { once: true });
      });
    });
    await desktop.getByRole('button', { name: 'Signing with iAM Smart', exact: true }).click();
    const qrLogin = desktop.getByRole('dialog').locator('iams-qr-login');
    const payload = await scanQr(qrLogin);
    const code = await identificationCode(qrLogin);
    await openOnPhone(phone, payload, RESIDENT);
    await phone.getByRole('button', { name: code, exact: true }).click();
    const approve = phone.getByRole('button', { name: 'Approve', exact: true });
    await approve.waitFor();
    await approve.evaluate((button) => {
      button.addEventListener('click', (event) => void window.__benchApproved(performance.timeOrigin + event.timeStamp), { once: true });
    });
    await approve.click();
    const approvedTime = await within(approvedAt, 'the phone reporting its Approve click');
    const signedTime = await within(desktop.evaluate(() => window.__benchSigned), '`iams-signed` on the desktop');
    return signedTime - approvedTime;
  } finally {
    await Promise.allSettled([desktopContext.close(), phoneContext.close()]);
  }
}

export async function benchSigning(browser, runs) {
  const stack = await startStack({ crossDevice: LIMITS });
  try {
    const hash10MbMs = summary(await hashTimes(browser, stack, runs));
    const approveToSigned = [];
    for (let i = 0; i < runs; i++) {
      approveToSigned.push(await oneSigning(browser, stack));
      process.stderr.write(`\rsigning: ${i + 1}/${runs}`);
    }
    process.stderr.write('\n');
    return { hash10MbMs, approveToSignedMs: summary(approveToSigned) };
  } finally {
    await stack.close();
  }
}
