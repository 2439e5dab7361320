// The QR login page part of `npm run bench` (`--only=qrpage`, issue 15's time rows): the demo
// site's "Log in with your phone" page (qr.html: `<iams-qr-login>` starts its session when the CDN
// file has loaded), in Chromium through playwright-core, on loopback.
//   - navigation → QR painted: navigation start (the page's time origin) to the animation frame
//     after the one in which the QR login's shadow root first holds the QR's SVG path, over RUNS
//     fresh contexts;
//   - the page left open OPEN_SECONDS (default 180): Chromium's own counters over CDP, read after
//     the first QR and at the end: main-thread task time (Performance.getMetrics `TaskDuration`,
//     read before the forced garbage collections so their time is not counted) divided by the rotations seen (a
//     MutationObserver counting changes of the QR path's `d`, cheap beside a rotation), and the
//     JavaScript heap used (`JSHeapUsedSize`) after a forced collection (HeapProfiler) at the end
//     less at the start.
// The sandbox's code lives 300 s here (its maximum; 180 s by default), so the code outlives the
// three minutes and the page rotates the whole time.
/* global document, window, requestAnimationFrame, MutationObserver -- the functions given to page.evaluate run in the browser */
import { cpus, loadavg } from 'node:os';
import { startStack } from '../e2e/harness.js';
import { summary } from './stats.js';

const OPEN_SECONDS = Number(process.env.BENCH_QR_OPEN_SECONDS ?? 180);
const QR_PATH_SELECTOR = 'svg[part~="qr"] path';

/** Resolves with performance.now() in the frame after the QR's path first appears. */
function qrPainted(page) {
  return page.evaluate(
    (selector) =>
      new Promise((resolve) => {
        const check = () => {
          if (document.querySelector('iams-qr-login')?.shadowRoot?.querySelector(selector)) requestAnimationFrame(() => resolve(performance.now()));
          else requestAnimationFrame(check);
        };
        check();
      }),
    QR_PATH_SELECTOR,
  );
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}

/** The task times as they stand, then the heap after a forced collection (whose own time is not counted). */
async function reading(cdp) {
  const times = await metrics(cdp);
  await cdp.send('HeapProfiler.collectGarbage');
  const { JSHeapUsedSize, Nodes } = await metrics(cdp);
  return { ...times, JSHeapUsedSize, Nodes };
}

async function leftOpen(browser, origin) {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/qr.html`, { waitUntil: 'commit' });
    await qrPainted(page);
    // Counts rotations: each change of the QR path's `d` (the element may replace the path or its attribute).
    await page.evaluate((selector) => {
      const root = document.querySelector('iams-qr-login').shadowRoot;
      let last = root.querySelector(selector)?.getAttribute('d');
      window.__benchRotations = 0;
      new MutationObserver(() => {
        const d = root.querySelector(selector)?.getAttribute('d');
        if (d && d !== last) {
          last = d;
          window.__benchRotations++;
        }
      }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['d'] });
    }, QR_PATH_SELECTOR);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await cdp.send('HeapProfiler.collectGarbage');
    const start = await reading(cdp);
    await page.waitForTimeout(OPEN_SECONDS * 1000);
    const end = await reading(cdp);
    const rotations = await page.evaluate(() => window.__benchRotations);
    const stillShowingQr = await page.evaluate((selector) => Boolean(document.querySelector('iams-qr-login')?.shadowRoot?.querySelector(selector)), QR_PATH_SELECTOR);
    return {
      seconds: OPEN_SECONDS,
      rotations,
      stillShowingQr,
      mainThreadMsPerRotation: rotations ? Number((((end.TaskDuration - start.TaskDuration) * 1000) / rotations).toFixed(2)) : null,
      scriptMsPerRotation: rotations ? Number((((end.ScriptDuration - start.ScriptDuration) * 1000) / rotations).toFixed(2)) : null,
      heapUsedStartKB: Math.round(start.JSHeapUsedSize / 1024),
      heapUsedEndKB: Math.round(end.JSHeapUsedSize / 1024),
      heapGrowthKB: Math.round((end.JSHeapUsedSize - start.JSHeapUsedSize) / 1024),
      domNodesStart: start.Nodes,
      domNodesEnd: end.Nodes,
    };
  } finally {
    await context.close();
  }
}

export async function benchQrPage(browser, runs) {
  const loadAtStart = loadavg()[0];
  const stack = await startStack({ crossDevice: { lifetimeSeconds: 300, rateLimit: { max: 100_000, windowSeconds: 60 } } });
  try {
    const paints = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${stack.origin}/qr.html`, { waitUntil: 'commit' });
      paints.push(await qrPainted(page));
      await context.close();
    }
    const loadBefore = loadavg()[0]; // between the page loads and the open page
    const open = await leftOpen(browser, stack.origin);
    // Times on a shared machine include waiting for a core: the load beside them says how much.
    return { navigationToQrPaintedMs: summary(paints), open, cores: cpus().length, loadAverage1m: [loadAtStart, loadBefore, loadavg()[0]].map((load) => Number(load.toFixed(1))) };
  } finally {
    await stack.close();
  }
}
