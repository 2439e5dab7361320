// `npm test`: every check the project has, in the order that fails fastest. Each stage is an
// npm script of its own, so any one can be run alone (see README "Testing").
import { spawnSync } from 'node:child_process';
import { ensureBrowsers } from './ensure-browsers.js';

const STAGES = [
  ['lint', 'npm run lint'],
  ['type check', 'npm run typecheck'],
  ['sandbox (node --test)', 'npm run test:sandbox'],
  ['build', 'npm run build'],
  ['size budgets (min+gzip of what a login page loads, CDN entry; decision 043)', 'npm run size'],
  ['server (node --test: real sandbox, real redis-server)', 'npm run test:server'],
  ['packages as npm consumers get them (pack; fresh Vite + TS, React 19, Vue 3 and plain-HTML apps)', 'npm run check:packages'],
  ['docs (README elements reference and CDN snippet, code names in code formatting, browser support)', 'npm run docs:check'],
  ['browser tests (Chromium, Firefox, WebKit)', 'npm run test:browser'],
  ['end to end (every flow in Chromium, Firefox and WebKit)', 'npm run test:e2e'],
  ['Storybook smoke (every story in Chromium: axe, accessibility snapshots, reflow and text spacing, forced colours, target sizes, reduced motion; again in Firefox and WebKit: play functions, roles, names and announcements, reflow, targets, reduced motion)', 'npm run test:storybook'],
];

ensureBrowsers();

const results = [];
for (const [name, command] of STAGES) {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${command}`);
  const { status } = spawnSync(command, { stdio: 'inherit', shell: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ok: status === 0, seconds });
  if (status !== 0) break;
}

console.log('\nStage summary');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
const skipped = STAGES.length - results.length;
if (skipped) console.log(`  ${skipped} later stage(s) not run`);
process.exit(failed ? 1 : 0);
