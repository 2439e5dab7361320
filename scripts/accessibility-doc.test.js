// The WCAG table's check (scripts/accessibility-doc.js) fails on each way the page could stop
// being true. The page itself is checked by `npm run docs:check`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CRITERIA, problems } from './accessibility-doc.js';

const FILES = { 'a.test.ts': "it('is reached with Tab', () => {}); it('the page\\'s title', () => {});" };
const read = (path) => FILES[path];
const row = (criterion, checkedBy) => `| ${criterion} Name | A | Yes | How. | ${checkedBy} |`;
/** A table with every criterion checked by a test that exists, `rows` in place of theirs. */
function table(rows = {}) {
  return CRITERIA.map((criterion) => rows[criterion] ?? row(criterion, '`a.test.ts` › “is reached with Tab”')).join('\n');
}

test('passes a table whose rows all name an existing test, or say why not', () => {
  assert.deepEqual(problems(table({ '1.2.1': row('1.2.1', 'does not apply'), '2.3.1': row('2.3.1', "manual: not automated — nothing flashes"), '2.4.2': row('2.4.2', "`a.test.ts` › “the page's title”") }), read), []);
});

test('fails a file that does not exist, a test name not in its file, a row naming nothing', () => {
  assert.deepEqual(problems(table({ '1.1.1': row('1.1.1', '`gone.test.ts` › “is reached with Tab”') }), read), ['1.1.1: gone.test.ts does not exist']);
  assert.deepEqual(problems(table({ '2.1.1': row('2.1.1', '`a.test.ts` › “is reached with Enter”') }), read), ['2.1.1: no test “is reached with Enter” in a.test.ts']);
  assert.deepEqual(problems(table({ '4.1.2': row('4.1.2', 'axe, somewhere') }), read), ['4.1.2: names no test, and does not say "manual: not automated" or "does not apply"']);
});

test('fails a missing, repeated or unknown criterion', () => {
  const lines = table().split('\n');
  assert.deepEqual(problems(lines.filter((line) => !line.startsWith('| 2.5.8 ')).join('\n'), read), ['2.5.8: no row']);
  assert.deepEqual(problems(`${table()}\n${row('1.4.3', '`a.test.ts`')}\n${row('2.4.13', '`a.test.ts`')}`, read), [
    '1.4.3: more than one row',
    '2.4.13: not a WCAG 2.2 level A or AA criterion',
  ]);
});

test('docs/accessibility.md has a row for each of the 56 criteria', () => {
  assert.equal(CRITERIA.length, 56);
  const rows = readFileSync(new URL('../docs/accessibility.md', import.meta.url), 'utf8').match(/^\| \d\.\d+\.\d+ /gm);
  assert.equal(rows?.length, CRITERIA.length);
});
