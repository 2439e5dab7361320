// `npm run size` (a stage of `npm test`, after the build): the size budgets of issue 15, decision 043.
// Each row is what a page really loads, measured the way: esbuild (bundled, minified,
// code-split as an npm consumer's bundler splits on dynamic imports), each file gzip level 9
// (size-limit's file plugin), KB = 1024 bytes. A row fails over its ceiling; a row over its target
// is listed. Ceilings are today's figures plus under 3 %, so growth fails while the cuts of
// issue 15 land; each ceiling comes down to its target as its row gets there (decision 043).
//   node scripts/size.js                       the kit's rows
//   node scripts/size.js --budgets=<module>    another set (scripts/size.test.js uses a fixture)
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import filePlugin from '@size-limit/file';
import * as esbuild from 'esbuild';
import sizeLimit from 'size-limit';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KB = 1024;
const ENTRY_NAME = 'size-entry.js';

/** The settings every measured entry is built with, the bench's peers too (bench/sizes.js). */
export const ESBUILD_SETTINGS = { bundle: true, minify: true, format: 'esm', splitting: true, target: 'es2022', platform: 'browser', legalComments: 'none', logLevel: 'silent' };

/**
 * The kit's rows. `entry` is a login page's script as an npm user writes it, built from the
 * packages' dist/ (npm run build), so it measures what npm users get. The provider loads the SDK
 * for its mode with a dynamic import; a redirect login's click loads nothing else today (the login
 * button's QR dialog loads only in QR mode), so the SDK's chunks are what the first click loads.
 */
export const KIT = {
  entry: "import '@iamsmart/elements/provider/define';\nimport '@iamsmart/elements/login-button/define';\n",
  rows: [
    {
      name: 'first paint: `<iams-provider>` + `<iams-login-button>` (npm)',
      files: (graph) => graph.firstPaint,
      target: 10 * KB,
      ceiling: 16_000, // temporary (decision 043): 15,630 B on 2026-12-03 merged (045, 049, 050): dialog and error messages off, @lit/context's controllers instead of its decorators (050)
    },
    {
      name: 'redirect login: loaded by the first click, beyond first paint (OpenID Connect mode)',
      files: (graph) => graph.loadedBy(/[\\/]sdk[\\/]dist[\\/]index\.js$/),
      target: 28 * KB,
      ceiling: 20_200, // 19,774 B on 2026-12-03 merged (+ prepareQrLogin, 049): OidcClient without UserManager, jose and the session engine off the click (046)
    },
    {
      name: 'backend-mode login: everything the page ever loads',
      files: (graph) => [...graph.firstPaint, ...graph.loadedBy(/[\\/]sdk[\\/]dist[\\/]backend[\\/]index\.js$/)],
      target: 12 * KB,
      ceiling: 21_200, // temporary (decision 043): 20,678 B on 2026-12-03 merged, the session engine off the backend login (046), context controllers (050)
    },
    {
      name: 'CDN entry `iamsmart.js` (as built, chunks load later)',
      files: () => [join(ROOT, 'packages/elements/cdn/iamsmart.js')],
      target: 25 * KB,
      ceiling: 24_200, // 23,569 B on 2026-12-04 with <iams-notify-optin>'s class (decision 059; 23,103 B on 2026-12-03 merged: the elements only, the SDK in sdk.js and every flow in chunks/, decision 047, context controllers, 050)
    },
  ],
};

/**
 * Builds `entry` (source text) code-split into `outdir`; returns the files a page loads before any
 * dynamic import (`firstPaint`) and `loadedBy(pattern)`: the chunk a dynamic import of the module
 * matching `pattern` fetches, with every chunk it imports statically, less what first paint has.
 */
export async function buildGraph(entry, outdir, resolveDir = ROOT) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  // An empty tsconfig: the repository's maps @iamsmart/* to their sources, and npm users get dist/.
  const tsconfig = join(outdir, 'tsconfig.json');
  writeFileSync(tsconfig, '{}\n');
  const { metafile } = await esbuild.build({
    ...ESBUILD_SETTINGS,
    stdin: { contents: entry, resolveDir, sourcefile: ENTRY_NAME, loader: 'js' },
    outdir,
    entryNames: 'entry',
    tsconfig,
    metafile: true,
  });
  const outputs = metafile.outputs;
  const cwd = process.cwd();
  const closure = (start, skip = new Set()) => {
    const seen = new Set();
    const walk = (file) => {
      if (seen.has(file) || skip.has(file)) return;
      seen.add(file);
      for (const imported of outputs[file].imports) if (imported.kind === 'import-statement') walk(imported.path);
    };
    walk(start);
    return seen;
  };
  const entryFile = Object.keys(outputs).find((file) => resolve(cwd, outputs[file].entryPoint ?? '') === resolve(resolveDir, ENTRY_NAME));
  const firstPaint = closure(entryFile);
  const absolute = (files) => [...files].map((file) => resolve(cwd, file));
  return {
    firstPaint: absolute(firstPaint),
    loadedBy(pattern) {
      const lazy = Object.keys(outputs).find((file) => outputs[file].entryPoint && pattern.test(resolve(cwd, outputs[file].entryPoint)));
      if (!lazy) throw new Error(`size: no chunk is loaded by a dynamic import of ${pattern}; did the import change?`);
      return absolute(closure(lazy, firstPaint));
    },
  };
}

/** Sum of each file's gzip (level 9) size, as size-limit's file plugin measures it. */
export async function gzipSize(files) {
  const [{ size }] = await sizeLimit([filePlugin], { checks: [{ files, gzip: true }] });
  return size;
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

/** Measures every row; returns the rows with `size` and the failures' messages. */
export async function check(budgets, outdir) {
  const graph = await buildGraph(budgets.entry, outdir, budgets.resolveDir);
  const rows = [];
  for (const row of budgets.rows) {
    const files = row.files(graph);
    for (const file of files) if (!existsSync(file)) throw new Error(`size: ${relative(ROOT, file)} is missing: run \`npm run build\` first`);
    rows.push({ ...row, files, size: await gzipSize(files) });
  }
  const failures = rows
    .filter((row) => row.size > row.ceiling)
    .map((row) => `${row.name}: ${row.size} B (${kb(row.size)}) min+gzip, over its ceiling of ${row.ceiling} B (${kb(row.ceiling)}); target ${kb(row.target)}`);
  return { rows, failures };
}

export function report({ rows, failures }) {
  const lines = ['size budgets (esbuild, minified, each file gzip level 9; KB = 1024 bytes): figure / ceiling / target'];
  for (const row of rows) {
    const state = row.size > row.ceiling ? 'FAIL' : row.size > row.target ? 'over target' : 'ok';
    lines.push(`  ${state.padEnd(11)} ${row.name}: ${kb(row.size)} (${row.size} B) / ${kb(row.ceiling)} / ${kb(row.target)}, ${row.files.length} file(s)`);
  }
  const over = rows.filter((row) => row.size > row.target && row.size <= row.ceiling);
  if (over.length) lines.push(`${over.length} row(s) over target, under their temporary ceiling (decision 043): ${over.map((row) => row.name.split(/[:(]/)[0].trim()).join('; ')}`);
  for (const failure of failures) lines.push(`over budget: ${failure}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const module = process.argv.find((arg) => arg.startsWith('--budgets='))?.slice('--budgets='.length);
  const budgets = module ? (await import(pathToFileURL(resolve(module)).href)).default : KIT;
  const outdir = join(ROOT, 'dist/size', module ? 'fixture' : 'kit');
  const result = await check(budgets, outdir);
  const text = report(result);
  mkdirSync(dirname(outdir), { recursive: true });
  if (!module) writeFileSync(join(ROOT, 'dist/size/report.txt'), `${text}\n`);
  (result.failures.length ? console.error : console.log)(text);
  process.exit(result.failures.length ? 1 : 0);
}
