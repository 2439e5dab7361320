// The QR cross-device login part of `npm run bench`: a desktop context on the demo site's home
// page (the login button switched to mode="qr", so a click opens the QR login) and a phone
// context on the sandbox's phone-app simulator, in one Chromium.
//
// How each figure is taken:
//   - click → QR painted: in the desktop page, from the click event's own timestamp
//     (`event.timeStamp`, when the browser received the click) to the animation frame after the
//     one in which the QR login's shadow root first holds the QR's SVG path, i.e. once the frame
//     with the QR has been produced.
//   - Approve → `iams-login`: two in-page timestamps on the one machine clock both pages share,
//     `performance.timeOrigin + event.timeStamp` of the phone's click on "Approve" (a listener on
//     that button, reported through a binding before the form submits) and
//     `performance.timeOrigin + performance.now()` in the desktop's `iams-login` listener. Each
//     run also checks that the two pages' clocks agree (each against Node's clock across an
//     evaluate round trip); the largest disagreement is reported beside the figures.
//   - requests per login: every request the desktop page makes from the click to `iams-login`
//     (Playwright's request events: fetches, the stream, the JWKS; CORS preflights are not
//     counted as requests of their own, and the forms here need none).
//   - where the time goes after Approve: the desktop's Resource Timing entries for the sandbox
//     (stream end, token request, JWKS), as offsets from the Approve click.
/* global document, window, requestAnimationFrame -- the functions given to page.evaluate run in the browser */
import { ANDROID_UA, identificationCode, openOnPhone, scanQr, startStack } from '../e2e/harness.js';
import { percentile, summary, within } from './stats.js';

const RESIDENT = 'CHAN Tai Man';
// The bench starts sessions far faster than a person would; the limit is not what is measured.
const LIMITS = { rateLimit: { max: 100_000, windowSeconds: 60 } };
// The QR's modules: the path inside the SVG that the element exposes as its "qr" part.
export const QR_PATH_SELECTOR = 'svg[part~="qr"] path';

/**
 * Runs in the page (Playwright's `evaluate`): on the next click, `window.__benchClickedAt` is the
 * click's time and `window.__benchQrPainted` resolves to click → the frame after a QR matching
 * `selector` is in an `<iams-qr-login>`'s shadow root (searched through every shadow root).
 */
export function armQrPaintClock(selector) {
  const qrShown = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (!element.shadowRoot) continue;
      if (element.localName === 'iams-qr-login' && element.shadowRoot.querySelector(selector)) return true;
      if (qrShown(element.shadowRoot)) return true;
    }
    return false;
  };
  window.__benchQrPainted = new Promise((resolve) => {
    document.addEventListener(
      'click',
      (event) => {
        const clickedAt = event.timeStamp;
        window.__benchClickedAt = clickedAt;
        const frame = () => {
          if (qrShown(document)) requestAnimationFrame(() => resolve(performance.now() - clickedAt));
          else requestAnimationFrame(frame);
        };
        frame();
      },
      { capture: true, once: true },
    );
  });
}


/**
 * Opens a desktop and a phone context for one run; the phone can report when "Approve" was
 * clicked (`__benchApproved`, resolving `approvedAt`). `polling`: the desktop
 * sees the sandbox's discovery without the status-stream extension, as from a plain RFC 8628
 * provider, so the SDK polls the token endpoint (the sandbox has no switch to leave it out).
 */
async function openDevices(browser, stack, { polling }) {
  const desktopContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  if (polling) {
    await desktopContext.route(`${stack.issuer}/.well-known/openid-configuration`, async (route) => {
      const response = await route.fetch();
      const discovery = await response.json();
      delete discovery.iamsmart_cross_device_status_endpoint;
      await route.fulfill({ response, json: discovery });
    });
  }
  const phoneContext = await browser.newContext({
    locale: 'en-GB',
    userAgent: ANDROID_UA,
    viewport: { width: 412, height: 915 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  let approved;
  const approvedAt = new Promise((resolve) => {
    approved = resolve;
  });
  await phoneContext.exposeBinding('__benchApproved', (_source, at) => approved(at));
  return {
    desktop: await desktopContext.newPage(),
    phone: await phoneContext.newPage(),
    approvedAt,
    close: () => Promise.allSettled([desktopContext.close(), phoneContext.close()]),
  };
}

/** How far a page's clock (timeOrigin + now) is from Node's, to within half an evaluate round trip. */
async function clockOffset(page) {
  const before = Date.now();
  const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
  const after = Date.now();
  return pageNow - (before + after) / 2;
}

/** One complete QR login; returns its timings, its requests and the device authorization's interval. */
async function oneLogin(browser, stack, options) {
  const devices = await openDevices(browser, stack, options);
  try {
    const { desktop, phone } = devices;
    await desktop.goto(`${stack.origin}/oidc.html`, { waitUntil: 'networkidle' });
    await desktop.locator('iams-login-button').evaluate((element) => element.setAttribute('mode', 'qr'));
    await desktop.evaluate(armQrPaintClock, QR_PATH_SELECTOR);
    await desktop.evaluate(() => {
      window.__benchLoggedIn = new Promise((resolve) => {
        document.addEventListener('iams-login', () => resolve(performance.timeOrigin + performance.now()), { once: true });
      });
    });

    const requests = [];
    let interval;
    const onRequest = (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`);
    const onResponse = async (response) => {
      if (response.request().method() === 'POST' && response.url().includes('/device')) interval ??= (await response.json().catch(() => ({}))).interval;
    };
    desktop.on('request', onRequest);
    desktop.on('response', onResponse);

    await desktop.getByRole('button', { name: 'Login with iAM Smart', exact: true }).click();
    const qrPaintedMs = await within(desktop.evaluate(() => window.__benchQrPainted), 'the QR painted after the click');
    const qrLogin = desktop.getByRole('dialog').locator('iams-qr-login');
    const payload = await scanQr(qrLogin);
    const code = await identificationCode(qrLogin);

    await openOnPhone(phone, payload, RESIDENT);
    await phone.getByRole('button', { name: code, exact: true }).click();
    const approve = phone.getByRole('button', { name: 'Approve', exact: true });
    await approve.waitFor();
    // The very element Playwright clicks reports its click's timestamp, before the form submits.
    await approve.evaluate((button) => {
      button.addEventListener('click', (event) => void window.__benchApproved(performance.timeOrigin + event.timeStamp), { once: true });
    });
    const skew = Math.abs((await clockOffset(desktop)) - (await clockOffset(phone)));
    await approve.click();
    const approvedAt = await within(devices.approvedAt, 'the phone reporting its Approve click');
    const loggedInAt = await within(desktop.evaluate(() => window.__benchLoggedIn), '`iams-login` on the desktop');
    desktop.off('request', onRequest);
    desktop.off('response', onResponse);

    const issuerOrigin = new URL(stack.issuer).origin;
    const resources = await desktop.evaluate(
      (origin) =>
        performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.startsWith(origin))
          .map((entry) => ({ path: new URL(entry.name).pathname, start: performance.timeOrigin + entry.startTime, end: performance.timeOrigin + entry.responseEnd })),
      issuerOrigin,
    );
    const deviceAuthorization = resources.find((entry) => entry.path.startsWith('/device'));
    return {
      qrPaintedMs,
      approveToLoginMs: loggedInAt - approvedAt,
      sessionToApproveMs: approvedAt - deviceAuthorization.end,
      requests,
      skew,
      interval,
      phases: phasesAfterApprove(resources, approvedAt, loggedInAt),
    };
  } finally {
    await devices.close();
  }
}

/**
 * Where the time between Approve and `iams-login` went, from the desktop's Resource Timing:
 * when the status stream ended (the server ends it right after the terminal state), when the
 * token request started and ended, the JWKS fetch, and what was left after the last response.
 */
function phasesAfterApprove(resources, approvedAt, loggedInAt) {
  const after = resources.filter((entry) => entry.end >= approvedAt);
  const find = (suffix) => after.find((entry) => entry.path.endsWith(suffix));
  const rel = (time) => (time === undefined ? undefined : time - approvedAt);
  const stream = find('/cross-device/status');
  const token = find('/token');
  const jwks = after.find((entry) => /jwks/.test(entry.path));
  const lastEnd = Math.max(...after.map((entry) => entry.end));
  return {
    streamEnded: rel(stream?.end),
    tokenStarted: rel(token?.start),
    tokenEnded: rel(token?.end),
    jwksStarted: rel(jwks?.start),
    jwksEnded: rel(jwks?.end),
    afterLastResponse: Number.isFinite(lastEnd) ? loggedInAt - lastEnd : undefined,
  };
}

/** Medians of each phase over the runs that had it. */
function medianPhases(runs) {
  const keys = Object.keys(runs[0].phases);
  return Object.fromEntries(
    keys.map((key) => {
      const values = runs.map((run) => run.phases[key]).filter((value) => value !== undefined);
      return [key, values.length ? percentile(values, 50) : null];
    }),
  );
}

async function series(browser, stack, runs, options) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    results.push(await oneLogin(browser, stack, options));
    process.stderr.write(`\rQR login, ${options.polling ? 'polling' : 'status stream'}: ${i + 1}/${runs}`);
  }
  process.stderr.write('\n');
  return results;
}

export async function benchQr(browser, runs) {
  const notes = [];
  const stack = await startStack({ crossDevice: LIMITS });
  let stream;
  let polling;
  try {
    const discovery = await (await fetch(`${stack.issuer}/.well-known/openid-configuration`)).json();
    if (typeof discovery.iamsmart_cross_device_status_endpoint !== 'string') throw new Error('The sandbox does not advertise iamsmart_cross_device_status_endpoint.');
    stream = await series(browser, stack, runs, { polling: false });
    polling = await series(browser, stack, runs, { polling: true });
  } finally {
    await stack.close();
  }

  const maxSkew = Math.max(...[...stream, ...polling].map((run) => run.skew));
  notes.push(`The desktop's and the phone's clocks agreed to within ${maxSkew.toFixed(1)} ms in every run (each checked against Node's clock).`);
  const intervals = [...new Set(polling.map((run) => run.interval))];
  const phases = medianPhases(stream);
  const round = (value) => (value === null ? '–' : value.toFixed(0));
  notes.push(
    `Status stream, medians after Approve: the stream ends with \`approved\` at ${round(phases.streamEnded)} ms, the token request runs ${round(phases.tokenStarted)}–${round(phases.tokenEnded)} ms, the JWKS fetch ${round(phases.jwksStarted)}–${round(phases.jwksEnded)} ms, and \`iams-login\` follows the last response by ${round(phases.afterLastResponse)} ms.`,
    `Polling: the desktop is shown the sandbox's discovery without \`iamsmart_cross_device_status_endpoint\` (a Playwright route on that one document), so the SDK polls the token endpoint every \`interval\` (${intervals.join(', ')} s) as RFC 8628 says. Here the phone approves ${round(percentile(polling.map((run) => run.sessionToApproveMs), 50))} ms (median) after the session starts, so the first poll finds the approval: the figure is mostly the rest of that interval.`,
  );
  return {
    clickToQrPaintedMs: summary(stream.map((run) => run.qrPaintedMs)),
    stream: {
      approveToLoginMs: summary(stream.map((run) => run.approveToLoginMs)),
      requestsPerLogin: summary(stream.map((run) => run.requests.length)),
      requests: stream[0].requests,
      phasesAfterApproveMedianMs: phases,
    },
    polling: {
      intervalSeconds: intervals.length === 1 ? intervals[0] : intervals,
      approveToLoginMs: summary(polling.map((run) => run.approveToLoginMs)),
      requestsPerLogin: summary(polling.map((run) => run.requests.length)),
      requests: polling[0].requests,
    },
    maxClockSkewMs: maxSkew,
    notes,
  };
}
