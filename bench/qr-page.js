// The QR login page part of `npm run bench` (`--only=qrpage`, issue 15's time rows): the demo
// site's "Log in with your phone" page (qr.html: `<iams-qr-login>` starts its session when the CDN
// file has loaded), in Chromium through playwright-core, on loopback.
//   - navigation → QR painted: navigation start (the page's time origin) to the animation frame
//     after the one in which the QR login's shadow root first holds the QR's SVG path, over RUNS
//     fresh contexts;
//   - the page left open OPEN_SECONDS (default 180), read every SAMPLE_SECONDS (default 30) over
//     CDP: Chromium's own counters (Performance.getMetrics, thread ticks) summed over the intervals
//     between readings, each read before a forced collection so the collections' time is not
//     counted, and divided by the rotations seen (a MutationObserver counting changes of the QR
//     path's `d`, cheap beside a rotation): main-thread task time (`TaskDuration`), and beside it
//     `ScriptDuration` (which counts functions the browser calls, not the promise jobs after them,
//     where Lit renders), `RecalcStyleDuration` and `LayoutDuration`;
//   - where a rotation's main-thread time goes, over a traced window of TRACE_SECONDS (default 20)
//     after the open period (tracing costs time of its own, so it is kept out of the figures
//     above): CPU time of the renderer's main-thread trace events, each counted without its
//     children, grouped as DevTools groups them (script with its promise jobs, style, layout,
//     paint and compositing, garbage collection, other);
//   - the heap, told apart from noise three ways: the JavaScript heap used after a forced
//     collection at each reading (start → end, and the least-squares slope over the readings from
//     the first minute on: a leak grows with time, V8's warm-up does not); heap snapshots at the
//     start and the end, whose growth is split into V8's compiled code and its metadata (tier-up
//     of hot functions, which stops) and the page's objects (what a leak would be made of); and
//     the DOM nodes and event listeners at the start and the end.
// The sandbox's code lives 300 s here (its maximum; 180 s by default), so the code outlives the
// three minutes and the page rotates the whole time.
/* global document, window, requestAnimationFrame, MutationObserver -- the functions given to page.evaluate run in the browser */
import { cpus, loadavg } from 'node:os';
import { startStack } from '../e2e/harness.js';
import { summary } from './stats.js';

const OPEN_SECONDS = Number(process.env.BENCH_QR_OPEN_SECONDS ?? 180);
const SAMPLE_SECONDS = Number(process.env.BENCH_QR_SAMPLE_SECONDS ?? 30);
const TRACE_SECONDS = Number(process.env.BENCH_QR_TRACE_SECONDS ?? 20);
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

const TIMES = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'];

/** The counters as they stand, then the heap after a forced collection; `after` holds the counters once the collection is over. */
async function reading(cdp) {
  const times = await metrics(cdp);
  await cdp.send('HeapProfiler.collectGarbage');
  const after = await metrics(cdp);
  return { times, after, heapKB: after.JSHeapUsedSize / 1024 };
}

/** Least-squares slope of `ys` over `xs`. */
function slope(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return sxx ? xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx : 0;
}

/**
 * Self sizes of a heap snapshot in three parts: V8's compiled code and its metadata (`code`), V8's
 * other internals (`hidden`, object shapes, `system / …` such as its number-to-string cache) and
 * the page's objects (everything else: objects, closures, strings, arrays, DOM wrappers).
 */
async function heapSnapshot(cdp) {
  const chunks = [];
  const collect = ({ chunk }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', collect);
  const { snapshot, nodes, strings } = JSON.parse(chunks.join(''));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const type = fields.indexOf('type');
  const name = fields.indexOf('name');
  const size = fields.indexOf('self_size');
  const bytes = { code: 0, engine: 0, objects: 0 };
  for (let i = 0; i < nodes.length; i += fields.length) {
    const kind = types[nodes[i + type]];
    const part = kind === 'code' ? 'code' : kind === 'hidden' || kind === 'object shape' || strings[nodes[i + name]].startsWith('system / ') ? 'engine' : 'objects';
    bytes[part] += nodes[i + size];
  }
  return bytes;
}

/** DevTools' groups of main-thread trace events (the rest is "other"). */
const GROUPS = [
  ['script', /^(FunctionCall|v8\.callFunction|v8\.run|EvaluateScript|RunMicrotasks|v8\.evaluateModule|TimerFire|EventDispatch|FireAnimationFrame|v8\.compile|V8\.(?!GC)|ParseHTML)/],
  ['style', /^(UpdateLayoutTree|RecalcStyle|Document::updateStyle|Document::recalcStyle|Blink\.Style)/],
  ['layout', /^(Layout|LocalFrameView::(layout|performLayout|UpdateStyleAndLayout|RunStyleAndLayoutLifecyclePhases)|Blink\.Layout|InlineNode)/],
  ['paint', /^(Paint|PrePaint|Layerize|Commit|UpdateLayer|CompositeLayers|LocalFrameView::(RunPaint|RunPrePaint|RunCompositing|pushPaintArtifact)|Blink\.(Paint|PrePaint|Compositing)|ProxyMain::BeginMainFrame::commit)/],
  ['gc', /^(MinorGC|MajorGC|V8\.GC|BlinkGC|ThreadState::)/],
];

/** CPU ms of the renderer's main thread by group over a traced window: each complete event without its children. */
async function tracedWindow(page, cdp, seconds) {
  const events = [];
  const collect = ({ value }) => events.push(...value);
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  const before = await page.evaluate(() => window.__benchRotations);
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,v8', transferMode: 'ReportEvents' });
  await page.waitForTimeout(seconds * 1000);
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  const rotations = (await page.evaluate(() => window.__benchRotations)) - before;
  const main = events.find((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  if (!main || !rotations) return undefined;
  const spans = events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X' && event.tdur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const byGroup = { script: 0, style: 0, layout: 0, paint: 0, gc: 0, other: 0 };
  const open = [];
  const close = (span) => {
    const group = GROUPS.find(([, pattern]) => pattern.test(span.event.name))?.[0] ?? (open.length ? open.at(-1).group : 'other');
    byGroup[group] += span.event.tdur - span.children;
    if (open.length) open.at(-1).children += span.event.tdur;
  };
  for (const event of spans) {
    while (open.length && event.ts >= open.at(-1).event.ts + open.at(-1).event.dur) close(open.pop());
    const parent = open.at(-1);
    open.push({ event, children: 0, group: GROUPS.find(([, pattern]) => pattern.test(event.name))?.[0] ?? parent?.group ?? 'other' });
  }
  while (open.length) close(open.pop());
  return { seconds, rotations, msPerRotation: Object.fromEntries(Object.entries(byGroup).map(([group, us]) => [group, Number((us / 1000 / rotations).toFixed(2))])) };
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
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const snapshotStart = await heapSnapshot(cdp);
    const rotationsAtStart = await page.evaluate(() => window.__benchRotations);
    const readings = [{ at: 0, ...(await reading(cdp)) }];
    const spent = Object.fromEntries(TIMES.map((name) => [name, 0]));
    for (let at = 0; at < OPEN_SECONDS; ) {
      const step = Math.min(SAMPLE_SECONDS, OPEN_SECONDS - at);
      await page.waitForTimeout(step * 1000);
      at += step;
      const next = { at, ...(await reading(cdp)) };
      for (const name of TIMES) spent[name] += next.times[name] - readings.at(-1).after[name];
      readings.push(next);
    }
    const rotations = (await page.evaluate(() => window.__benchRotations)) - rotationsAtStart;
    const snapshotEnd = await heapSnapshot(cdp);
    const [start, end] = [readings[0], readings.at(-1)];
    const stillShowingQr = await page.evaluate((selector) => Boolean(document.querySelector('iams-qr-login')?.shadowRoot?.querySelector(selector)), QR_PATH_SELECTOR);
    const breakdown = TRACE_SECONDS > 0 ? await tracedWindow(page, cdp, TRACE_SECONDS) : undefined;
    const perRotation = (name) => (rotations ? Number(((spent[name] * 1000) / rotations).toFixed(2)) : null);
    // From the first minute on (V8 tiers up hot code in the first seconds), in KB per minute.
    const settled = readings.filter((r) => r.at >= Math.min(60, OPEN_SECONDS / 3));
    return {
      seconds: OPEN_SECONDS,
      rotations,
      stillShowingQr,
      mainThreadMsPerRotation: perRotation('TaskDuration'),
      scriptMsPerRotation: perRotation('ScriptDuration'),
      styleMsPerRotation: perRotation('RecalcStyleDuration'),
      layoutMsPerRotation: perRotation('LayoutDuration'),
      breakdown,
      heapUsedStartKB: Math.round(start.heapKB),
      heapUsedEndKB: Math.round(end.heapKB),
      heapGrowthKB: Math.round(end.heapKB - start.heapKB),
      heapReadingsKB: readings.map((r) => [r.at, Math.round(r.heapKB)]),
      heapSlopeKBPerMinute: settled.length > 1 ? Number((slope(settled.map((r) => r.at / 60), settled.map((r) => r.heapKB))).toFixed(1)) : null,
      heapSlopeFromSeconds: settled[0]?.at,
      snapshotGrowthKB: Object.fromEntries(Object.keys(snapshotEnd).map((part) => [part, Math.round((snapshotEnd[part] - snapshotStart[part]) / 1024)])),
      domNodesStart: start.after.Nodes,
      domNodesEnd: end.after.Nodes,
      listenersStart: start.after.JSEventListeners,
      listenersEnd: end.after.JSEventListeners,
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
