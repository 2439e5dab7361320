// docs/accessibility.md must stay true (`npm run docs:check`): a row for every WCAG 2.2 level A
// and AA success criterion, and every row names a test that exists — a file in the repository and,
// after "›", a test name found in that file — or says "manual: not automated" or "does not apply".
// A renamed or deleted test then fails the docs, not only the reader.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DOC = 'docs/accessibility.md';

/** WCAG 2.2's level A and AA success criteria (4.1.1 is obsolete in 2.2 and listed as such). */
export const CRITERIA = [
  '1.1.1', '1.2.1', '1.2.2', '1.2.3', '1.2.4', '1.2.5', '1.3.1', '1.3.2', '1.3.3', '1.3.4', '1.3.5',
  '1.4.1', '1.4.2', '1.4.3', '1.4.4', '1.4.5', '1.4.10', '1.4.11', '1.4.12', '1.4.13',
  '2.1.1', '2.1.2', '2.1.4', '2.2.1', '2.2.2', '2.3.1', '2.4.1', '2.4.2', '2.4.3', '2.4.4', '2.4.5',
  '2.4.6', '2.4.7', '2.4.11', '2.5.1', '2.5.2', '2.5.3', '2.5.4', '2.5.7', '2.5.8',
  '3.1.1', '3.1.2', '3.2.1', '3.2.2', '3.2.3', '3.2.4', '3.2.6', '3.3.1', '3.3.2', '3.3.3', '3.3.4',
  '3.3.7', '3.3.8', '4.1.1', '4.1.2', '4.1.3',
];

/**
 * The problems of `markdown`: missing or repeated criteria, rows naming no test, files that do
 * not exist and test names not in their file. `read(path)` answers a file's text, or undefined.
 * @param {string} markdown
 * @param {(path: string) => string | undefined} read
 * @returns {string[]}
 */
export function problems(markdown, read) {
  const found = [];
  const out = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
    const criterion = /^(\d\.\d+\.\d+) /.exec(cells[0] ?? '')?.[1];
    if (!criterion) continue;
    found.push(criterion);
    const checkedBy = cells.at(-1) ?? '';
    let named = 0;
    // `file` › “name”: the file must exist; the name (as written, or a fixed part of it) must be in it.
    for (const [, path, name] of checkedBy.matchAll(/`([\w./-]+\.(?:js|mjs|ts))`(?:\s*›\s*“([^”]+)”)?/g)) {
      named += 1;
      const text = read(path);
      if (text === undefined) {
        out.push(`${criterion}: ${path} does not exist`);
        continue;
      }
      // Test names are written in JS strings: compare with their escapes undone.
      if (name !== undefined && !text.replace(/\\(['"`])/g, '$1').includes(name)) out.push(`${criterion}: no test “${name}” in ${path}`);
    }
    if (named === 0 && !/manual: not automated|does not apply/.test(checkedBy)) out.push(`${criterion}: names no test, and does not say "manual: not automated" or "does not apply"`);
  }
  for (const criterion of CRITERIA) if (!found.includes(criterion)) out.push(`${criterion}: no row`);
  for (const [i, criterion] of found.entries()) {
    if (!CRITERIA.includes(criterion)) out.push(`${criterion}: not a WCAG 2.2 level A or AA criterion`);
    if (found.indexOf(criterion) !== i) out.push(`${criterion}: more than one row`);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const read = (path) => (existsSync(`${ROOT}${path}`) ? readFileSync(`${ROOT}${path}`, 'utf8') : undefined);
  const found = problems(readFileSync(`${ROOT}${DOC}`, 'utf8'), read);
  for (const problem of found) console.error(`${DOC}: ${problem}`);
  if (found.length) process.exit(1);
  console.log(`${DOC}: ${CRITERIA.length} criteria, every row names an existing test or says why not`);
}
