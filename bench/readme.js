// The benchmark's figures as a Markdown table, written into README.md between the
// `<!-- bench:start -->` and `<!-- bench:end -->` markers. `npm run bench` calls it after each
// run; `node bench/readme.js` rewrites the section from bench/results/latest.json alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasMarkers, replaceBetween } from '../scripts/markers.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const LATEST = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const SIZES_START = '<!-- bench:sizes:start -->';
const SIZES_END = '<!-- bench:sizes:end -->';
const QR_PAGE_START = '<!-- bench:qr-page:start -->';
const QR_PAGE_END = '<!-- bench:qr-page:end -->';
const NPM_QR_START = '<!-- bench:npm-qr:start -->';
const NPM_QR_END = '<!-- bench:npm-qr:end -->';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(0)} ms`;
const times = (s) => `${ms(s.median)} / ${ms(s.p95)}`;
const count = (s) => (s.median === s.p95 ? String(s.median) : `${s.median} (p95 ${s.p95})`);

/** [measure, figure, target] rows, in the order the README shows them. */
export function tableRows(result) {
  const rows = [
    ['CDN file `iamsmart.js`: every element registered (min+gzip)', kb(result.sizes.cdnGzip), '≤ 25 KB'],
    ...(result.sizes.cdnSdkGzip === undefined ? [] : [['CDN `sdk.js`: the SDK, loaded by the provider in OpenID Connect mode (min+gzip)', kb(result.sizes.cdnSdkGzip), '']]),
    ...(result.sizes.cdnOnDemandGzip === undefined ? [] : [['CDN chunks, each fetched on its first use: dialogs, QR, signing, e-ME, backend client, messages (min+gzip, all together)', kb(result.sizes.cdnOnDemandGzip), '']]),
    ['npm, every element registered, before the SDK loads (min+gzip; a login page\'s first paint is the sizes table below)', kb(result.sizes.firstPaintGzip), ''],
    ['npm, every login chunk of the SDK, all together (min+gzip; what one login loads of them: the sizes table below)', kb(result.sizes.lazySdkGzip), ''],
    ...(result.sizes.lazyDialogGzip === undefined ? [] : [['npm, the dialog every flow opens, loaded on the first dialog (min+gzip)', kb(result.sizes.lazyDialogGzip), '']]),
    ...(result.sizes.lazyQrGzip === undefined ? [] : [['npm, QR encoder loaded on the first QR code (min+gzip)', kb(result.sizes.lazyQrGzip), '']]),
    ...(result.sizes.lazySigningGzip === undefined ? [] : [['npm, signing loaded on the first signature (min+gzip)', kb(result.sizes.lazySigningGzip), '']]),
    ...(result.sizes.lazyEmeGzip === undefined ? [] : [['npm, e-ME form filling loaded on first use (min+gzip)', kb(result.sizes.lazyEmeGzip), '']]),
    ['navigation → login button painted, median / p95', times(result.buttonPaintMs), ''],
    ['redirect login: click → logged in, median / p95', times(result.redirectLoginMs), ''],
    ['redirect login: HTTP requests', count(result.requestsPerRedirectLogin), ''],
  ];
  const { qr } = result;
  if (qr) {
    rows.push(
      ['QR: click → QR painted, median / p95', times(qr.clickToQrPaintedMs), 'p95 ≤ 150 ms'],
      ['QR: Approve on the phone → `iams-login`, status stream, median / p95', times(qr.stream.approveToLoginMs), 'p95 ≤ 300 ms'],
      [`QR: Approve on the phone → \`iams-login\`, polling (interval ${qr.polling.intervalSeconds} s), median / p95`, times(qr.polling.approveToLoginMs), ''],
      ['QR: HTTP requests from the desktop per login, status stream', count(qr.stream.requestsPerLogin), '≤ 6'],
      ['QR: HTTP requests from the desktop per login, polling', count(qr.polling.requestsPerLogin), ''],
    );
  }
  const { backend } = result;
  if (backend) {
    rows.push(
      ['backend mode, desktop: click → hosted QR page painted, median / p95', times(backend.desktop.clickToQrPaintedMs), ''],
      ['backend mode, desktop: Approve on the phone → `iams-login` (redirect, callback, session), median / p95', times(backend.desktop.approveToLoginMs), ''],
      ['backend mode, desktop: HTTP requests per login (hosted page included)', count(backend.desktop.requestsPerLogin), ''],
      ['phone, same device: click → `iams-login`, backend mode (brokerPage) / OpenID Connect mode (app link), median', `${ms(backend.phone.backend.clickToLoginMs.median)} / ${ms(backend.phone.oidc.clickToLoginMs.median)}`, ''],
      ['phone, same device: HTTP requests per login, backend mode / OpenID Connect mode', `${count(backend.phone.backend.requestsPerLogin)} / ${count(backend.phone.oidc.requestsPerLogin)}`, ''],
    );
  }
  const { signing } = result;
  if (signing) {
    rows.push(
      ['signing: hash a 10 MB document in the browser (WebCrypto SHA-256), median / p95', times(signing.hash10MbMs), ''],
      ['signing: Approve on the phone → `iams-signed` (signature fetched and verified), median / p95', times(signing.approveToSignedMs), ''],
    );
  }
  const { server } = result;
  if (server) rows.push(...serverRows(server));
  return rows;
}

const memory = (m) => (m ? `${m.rssMB} MB (heap ${m.heapUsedMB} MB)` : 'gone');
const instanceMemory = (run, name) => `${name}: ${memory(run.memory[name]?.start)} → ${memory(run.memory[name]?.end)}`;

/** The server part's rows (bench/server.js): the clean run, then the faults run. */
function serverRows(server) {
  const { clean, faults } = server;
  const label = `server (2 instances, Redis, ${server.setup.idleStreams} idle streams + one per request, target ${clean.targetRatePerSecond} requests/s for ${clean.seconds} s)`;
  return [
    [`${label}: requests created / approved on the phone / results at the pages`, `${clean.requests.created} / ${clean.requests.approvedOnPhone} / ${clean.results.atPages} (${clean.requests.createdPerSecond} created/s)`, `${clean.targetRatePerSecond}/s`],
    [`${label}: callback → page event, median / p95`, clean.callbackToPageEventMs.runs ? `${times(clean.callbackToPageEventMs)} (${clean.callbackToPageEventMs.runs} pushes)` : 'none', ''],
    [`${label}: results acknowledged but not at the page when the run ended (lost or late) / delivered twice`, `${clean.results.lost} / ${clean.results.deliveredTwice} (of ${clean.pushes.acknowledged} pushes acknowledged)`, '0 / 0'],
    [`${label}: memory per instance, RSS (heap used), start → end`, `${instanceMemory(clean, 'A')}; ${instanceMemory(clean, 'B')}`, ''],
    ['server, faults run (fresh instances; Redis restarted, then instance B killed): pushes acknowledged / results at the pages / not at the page when the run ended / delivered twice',
      `${faults.pushes.acknowledged} / ${faults.results.atPages} / ${faults.results.lost} / ${faults.results.deliveredTwice}`, '— / — / 0 / 0'],
    ['server, faults run: streams resumed with Last-Event-ID (request streams / idle streams reconnected)',
      `${faults.results.streamsResumedWithLastEventId} / ${faults.idleStreams.reconnects}`, ''],
  ];
}

export function renderSection(result) {
  const lines = [
    `Measured ${result.date.slice(0, 10)} with ${result.browser}, Node ${result.node}, ${result.runs ?? result.buttonPaintMs.runs} runs each.`,
    '',
    '| measure | latest | target |',
    '|---|---|---|',
    ...tableRows(result).map((row) => `| ${row.join(' | ')} |`),
  ];
  if (result.qr?.notes?.length) lines.push('', ...result.qr.notes.map((note) => `- ${note}`));
  if (result.server?.notes?.length) lines.push('', ...result.server.notes.map((note) => `- ${note}`));
  lines.push('', 'Reproduce: `npm run build && npm run bench` (`BENCH_RUNS=50 npm run bench` for more runs; `node bench/run.js --only=server` for the server part alone, `BENCH_SERVER_SECONDS=10` to shorten it). The sizes beside the peers and the QR login page follow, each with its own `--only=`.');
  return lines.join('\n');
}

/** [what, figure, ratio to the kit's first paint, ceiling, target] rows of the sizes part (bench/sizes.js). */
export function sizeRows(sizes) {
  const firstPaint = sizes.kit[0].gzipBytes;
  const ratio = (bytes) => `${(bytes / firstPaint).toFixed(2)}×`;
  return [
    ...sizes.kit.map((row) => [`this kit: ${row.name}`, kb(row.gzipBytes), ratio(row.gzipBytes), kb(row.ceilingBytes), `≤ ${kb(row.targetBytes)}`]),
    ...sizes.peers.map((peer) => [`${peer.name}: ${peer.versions}`, kb(peer.gzipBytes), ratio(peer.gzipBytes), '', '']),
  ];
}

export function renderSizesSection(sizes) {
  const over = sizes.kit.filter((row) => row.gzipBytes > row.targetBytes);
  return [
    `Sizes measured ${sizes.date.slice(0, 10)}, Node ${sizes.node}, the kit and its peers in one run: ${sizes.settings}. The peers' figures are what their minimal login page loads at first paint (bench/sizes.js); the kit's rows are the budgets \`npm test\` enforces (\`npm run size\`, [decision 043](docs/decisions/043-size-budgets.md)): over its ceiling a row fails; the ceilings come down to the targets as the cuts land.`,
    '',
    '| what a page loads (min+gzip) | latest | × kit first paint | ceiling (`npm test`) | target |',
    '|---|---|---|---|---|',
    ...sizeRows(sizes).map((row) => `| ${row.join(' | ')} |`),
    '',
    over.length
      ? `Not met yet (${over.length} of ${sizes.kit.length}): ${over.map((row) => `${row.name.split(/[:(]/)[0].trim()} ${kb(row.gzipBytes)} against ≤ ${kb(row.targetBytes)} (${kb(row.gzipBytes - row.targetBytes)} over)`).join('; ')}. The cuts so far are decisions 042 and 044–050; what is left on the first paint, byte by byte, and what the targets would cost is in [decision 050](docs/decisions/050-context-controllers-and-what-first-paint-still-holds.md). Each ceiling holds today's figure + < 3 %, so any growth fails.`
      : 'Every size target is met.',
    '',
    'Reproduce: `npm run build && node bench/run.js --only=sizes`.',
  ].join('\n');
}

/** [measure, figure, target] rows of the QR login page part (bench/qr-page.js). */
export function qrPageRows(qrPage) {
  const { open } = qrPage;
  const minutes = `${(open.seconds / 60).toFixed(open.seconds % 60 ? 1 : 0)} min`;
  const signed = (value) => `${value >= 0 ? '+' : ''}${value}`;
  const rows = [
    ['QR login page (`qr.html`, CDN file): navigation → QR painted, median / p95', times(qrPage.navigationToQrPaintedMs), 'p95 ≤ 400 ms'],
    [
      `QR login page left open ${minutes}: main-thread task time per rotation, ${open.rotations} rotations (Chromium's counters: script called by the browser, style, layout)`,
      open.mainThreadMsPerRotation === null
        ? 'no rotation'
        : `${open.mainThreadMsPerRotation} ms (${open.scriptMsPerRotation ?? '?'}, ${open.styleMsPerRotation ?? '?'}, ${open.layoutMsPerRotation ?? '?'} ms)`,
      '≤ 4 ms',
    ],
  ];
  const { breakdown } = open;
  if (breakdown) {
    const m = breakdown.msPerRotation;
    rows.push([
      `… where it goes, traced ${breakdown.seconds} s after (${breakdown.rotations} rotations; main-thread CPU per rotation)`,
      `script with its promise jobs ${m.script} ms, style ${m.style}, layout ${m.layout}, paint and compositing ${m.paint}, GC ${m.gc}, other ${m.other}`,
      '',
    ]);
  }
  rows.push([`QR login page left open ${minutes}: JavaScript heap used after GC, start → end`, `${open.heapUsedStartKB} KB → ${open.heapUsedEndKB} KB (${signed(open.heapGrowthKB)} KB)`, 'no growth']);
  if (open.heapReadingsKB) {
    rows.push([
      `… a leak or noise: heap after GC every ${open.heapReadingsKB[1]?.[0] ?? '?'} s; slope from ${open.heapSlopeFromSeconds} s; heap snapshots' growth start → end`,
      `${open.heapReadingsKB.map(([, kb]) => kb).join(', ')} KB; ${open.heapSlopeKBPerMinute ?? '?'} KB/min; page objects ${signed(open.snapshotGrowthKB.objects)} KB, V8 compiled code ${signed(open.snapshotGrowthKB.code)} KB${open.snapshotGrowthKB.engine === undefined ? '' : `, V8's other internals ${signed(open.snapshotGrowthKB.engine)} KB`}`,
      'objects: no growth',
    ]);
    rows.push([`… DOM nodes, event listeners, start → end`, `${open.domNodesStart} → ${open.domNodesEnd}, ${open.listenersStart} → ${open.listenersEnd}`, 'no growth']);
  }
  return rows;
}

export function renderQrPageSection(qrPage) {
  const lines = [
    `QR login page measured ${qrPage.date.slice(0, 10)} with ${qrPage.browser}, Node ${qrPage.node}, ${qrPage.navigationToQrPaintedMs.runs} page loads, loopback (bench/qr-page.js; issue 15's time rows)${qrPage.loadAverage1m ? `, on ${qrPage.cores} cores shared with other work: 1-minute load average ${qrPage.loadAverage1m.join(' → ')} (start, open page, end), so the times include waiting for a core` : ''}.`,
    '',
    '| measure | latest | target |',
    '|---|---|---|',
    ...qrPageRows(qrPage).map((row) => `| ${row.join(' | ')} |`),
  ];
  if (!qrPage.open.stillShowingQr) lines.push('', '- The QR was no longer shown at the end of the open period: the figures cover a shorter rotation.');
  lines.push(
    '',
    'How the open page is read ([decision 048](docs/decisions/048-qr-page-time.md)): Chromium\'s counters in thread time, summed between readings and never over the forced collections; `ScriptDuration` counts functions the browser calls, not the promise jobs after them (where Lit renders), so the traced window shows script with its promise jobs. ' +
      'A leak grows with time; V8\'s warm-up (compiled code and its metadata as hot functions tier up) and a collection\'s leftovers do not. So the heap is read after a forced collection at every reading (every 30 s by default) and its slope taken from the first minute on, and two heap snapshots split the growth into V8\'s compiled code, V8\'s other internals (object shapes, caches) and the page\'s objects: a leak shows as objects growing and a slope that stays above zero in longer runs.',
    '',
    'Reproduce: `npm run build && node bench/run.js --only=qrpage` (`BENCH_QR_OPEN_SECONDS=60` to shorten the open page, `BENCH_QR_SAMPLE_SECONDS` between heap readings, `BENCH_QR_TRACE_SECONDS=0` without the traced window).',
  );
  return lines.join('\n');
}

/** [measure, figure, target] rows of the npm QR login part (bench/npm-qr.js). */
export function npmQrRows(npmQr) {
  return [
    ['npm login page, `<iams-login-button mode="qr">`, chunks prefetched when idle: click → QR painted, median / p95', times(npmQr.clickToQrPaintedMs), 'p95 ≤ 150 ms'],
    ['the same page: navigation → idle prefetch fetched, median / p95', times(npmQr.prefetchDoneAfterNavigationMs), ''],
  ];
}

export function renderNpmQrSection(npmQr) {
  return [
    `npm QR login measured ${npmQr.date.slice(0, 10)} with ${npmQr.browser}, Node ${npmQr.node}, ${npmQr.clickToQrPaintedMs.runs} page loads (fresh context each), loopback (bench/npm-qr.js; decision 045), on ${npmQr.cores} cores shared with other work: 1-minute load average ${npmQr.loadAverage1m.join(' → ')} (start, end), so the times include waiting for a core. The page is \`import '@iamsmart/elements/provider/define'; import '@iamsmart/elements/login-button/define'\` bundled as \`npm run size\` measures it; the click waits until the ${npmQr.prefetchedChunks} files the idle prefetch asks for are fetched (the elements' chunks${npmQr.prefetchedChunks > 4 ? ", and through the SDK's `client.prepareQrLogin()` its cross-device chunks and the discovery document, decision 049" : ''}), and then fetched ${npmQr.refetchedByClick} of them again. What the click still fetches: ${npmQr.clickRequests.length} request(s) (${[...new Set(npmQr.clickRequests.map((path) => path.replace(/-[A-Z0-9]{8}\.js$/, '-*.js')))].join(', ')}).`,
    '',
    ...(npmQr.requestEndedAfterClickMs ? [`Where the click's time goes (medians, ms after the click when each response ended): ${Object.entries(npmQr.requestEndedAfterClickMs).sort((x, y) => x[1] - y[1]).map(([path, at]) => `${path} ${at}`).join(', ')}; the QR is painted at ${ms(npmQr.clickToQrPaintedMs.median)}.${npmQr.prefetchedChunks > 4 ? ' The device authorization request is never made ahead: it starts a session (decision 049).' : " The SDK's cross-device chunks and the discovery document are not prefetched: the SDK has no public way to load them ahead (decision 045)."}`, ''] : []),
    '| measure | latest | target |',
    '|---|---|---|',
    ...npmQrRows(npmQr).map((row) => `| ${row.join(' | ')} |`),
    '',
    'Reproduce: `npm run build && node bench/run.js --only=npmqr`.',
  ].join('\n');
}

function replaceSection(start, end, text) {
  const readme = readFileSync(README, 'utf8');
  if (!hasMarkers(readme, start, end)) return false;
  writeFileSync(README, replaceBetween(readme, start, end, `\n${text}\n`));
  return true;
}

/** Replaces the README's Performance figures; returns false when the markers are missing. */
export function updateReadme(result) {
  return replaceSection(START, END, renderSection(result));
}

/** Replaces the README's QR login page table; returns false when the markers are missing. */
export function updateQrPageReadme(qrPage) {
  return replaceSection(QR_PAGE_START, QR_PAGE_END, renderQrPageSection(qrPage));
}

/** Replaces the README's npm QR login table; returns false when the markers are missing. */
export function updateNpmQrReadme(npmQr) {
  return replaceSection(NPM_QR_START, NPM_QR_END, renderNpmQrSection(npmQr));
}

/** Replaces the README's sizes-beside-the-peers table; returns false when the markers are missing. */
export function updateSizesReadme(sizes) {
  return replaceSection(SIZES_START, SIZES_END, renderSizesSection(sizes));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const latest = JSON.parse(readFileSync(LATEST, 'utf8'));
  if ((latest.buttonPaintMs && !updateReadme(latest)) || (latest.peerSizes && !updateSizesReadme(latest.peerSizes)) || (latest.qrPage && !updateQrPageReadme(latest.qrPage)) || (latest.npmQr && !updateNpmQrReadme(latest.npmQr))) {
    console.error(`README.md lacks one of its ${START}, ${SIZES_START}, ${QR_PAGE_START} or ${NPM_QR_START} sections.`);
    process.exit(1);
  }
}
