// scripts/size.js fails a page that grows past a budget, with the figure and the budget in the
// message, and measures a lazy chunk apart from the first paint (decision 043).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SIZE = fileURLToPath(new URL('./size.js', import.meta.url));

/** A page whose entry carries `entryBytes` of incompressible data and loads `lazy.js` on a click. */
function fixture(ceilings) {
  const dir = mkdtempSync(join(tmpdir(), 'size-test-'));
  writeFileSync(join(dir, 'big.js'), `export const big = ${JSON.stringify(randomBytes(6000).toString('base64'))};\n`);
  writeFileSync(join(dir, 'lazy.js'), `export const lazy = ${JSON.stringify(randomBytes(3000).toString('base64'))};\n`);
  writeFileSync(
    join(dir, 'budgets.js'),
    `export default {
  entry: "import { big } from './big.js'; document.body.append(big); document.onclick = () => import('./lazy.js').then((m) => document.body.append(m.lazy));",
  resolveDir: ${JSON.stringify(dir)},
  rows: [
    { name: 'first paint: fixture', files: (graph) => graph.firstPaint, target: 1024, ceiling: ${ceilings.firstPaint} },
    { name: 'click: fixture', files: (graph) => graph.loadedBy(/lazy\\.js$/), target: 1024, ceiling: ${ceilings.click} },
  ],
};
`,
  );
  return dir;
}

const run = (dir) => spawnSync(process.execPath, [SIZE, `--budgets=${join(dir, 'budgets.js')}`], { encoding: 'utf8' });

test('an entry grown past its ceiling fails with the figure, the ceiling and the target', (t) => {
  const dir = fixture({ firstPaint: 4096, click: 100_000 });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { status, stderr } = run(dir);
  assert.equal(status, 1, stderr);
  // 8,000 base64 characters of random bytes gzip to about 6 KB: over 4,096 B, whatever the random.
  const failure = stderr.split('\n').find((line) => line.startsWith('over budget: first paint: fixture: '));
  assert.ok(failure, stderr);
  const figure = Number(/: (\d+) B /.exec(failure)[1]);
  assert.ok(figure > 4096 && figure < 8000, failure);
  assert.match(failure, /over its ceiling of 4096 B \(4\.0 KB\); target 1\.0 KB$/);
  assert.doesNotMatch(stderr, /over budget: click/);
});

test('within its ceilings the check passes, listing the rows over target, and the lazy chunk is measured apart', (t) => {
  const dir = fixture({ firstPaint: 100_000, click: 100_000 });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { status, stdout, stderr } = run(dir);
  assert.equal(status, 0, stderr);
  const figure = (name) => Number(new RegExp(`${name}: [\\d.]+ KB \\((\\d+) B\\)`).exec(stdout)[1]);
  // 4,000 base64 characters gzip to about 3 KB, 8,000 to about 6 KB: each in its own row.
  assert.ok(figure('click: fixture') > 2800 && figure('click: fixture') < 4000, stdout);
  assert.ok(figure('first paint: fixture') > 5600 && figure('first paint: fixture') < 8000, stdout);
  assert.match(stdout, /2 row\(s\) over target, under their temporary ceiling/);
});
