// The benchmark's figures as a Markdown table, written into README.md between the
// `<!-- bench:start -->` and `<!-- bench:end -->` markers. `npm run bench` calls it after each
// run; `node bench/readme.js` rewrites the section from bench/results/latest.json alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const LATEST = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(0)} ms`;
const times = (s) => `${ms(s.median)} / ${ms(s.p95)}`;
const count = (s) => (s.median === s.p95 ? String(s.median) : `${s.median} (p95 ${s.p95})`);

/** [measure, figure, target] rows, in the order the README shows them. */
export function tableRows(result) {
  const rows = [
    ['CDN file `iamsmart.js`: every element and the SDK (min+gzip)', kb(result.sizes.cdnGzip), ''],
    ...(result.sizes.cdnOnDemandGzip === undefined ? [] : [['CDN chunks fetched on the first signature or form filling (min+gzip)', kb(result.sizes.cdnOnDemandGzip), '']]),
    ['npm, first paint: elements without the SDK (min+gzip)', kb(result.sizes.firstPaintGzip), ''],
    ['npm, SDK loaded on the first login (min+gzip)', kb(result.sizes.lazySdkGzip), ''],
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
  lines.push('', 'Reproduce: `npm run build && npm run bench` (`BENCH_RUNS=50 npm run bench` for more runs; `node bench/run.js --only=server` for the server part alone, `BENCH_SERVER_SECONDS=10` to shorten it).');
  return lines.join('\n');
}

/** Replaces the README's Performance figures; returns false when the markers are missing. */
export function updateReadme(result) {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) return false;
  writeFileSync(README, `${readme.slice(0, start + START.length)}\n${renderSection(result)}\n${readme.slice(end)}`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!updateReadme(JSON.parse(readFileSync(LATEST, 'utf8')))) {
    console.error(`README.md has no ${START} … ${END} section.`);
    process.exit(1);
  }
}
