// Production build (`npm run build` runs `rollup -c`, then the custom-elements manifest):
//  1. packages/elements/cdn/ — the CDN folder @iamsmart/elements ships (so any npm CDN serves it at
//     …/npm/@iamsmart/elements@<version>/cdn/, decision 039): iamsmart.js, the minified ES module a
//     page loads (`<script type="module" src=".../iamsmart.js">`, as the demo site does), which
//     registers every element (decision 047); sdk.js, the SDK's API, which the provider imports in
//     OpenID Connect mode and page scripts may import; what the elements and the SDK load when used
//     (dialogs, QR encoder, cross-device login, signing and its certificate code, e-ME, the
//     backend-mode client, messages) in cdn/chunks/, fetched from beside them; iamsmart.bundle.js,
//     both APIs without chunks (one file, one hash); integrity.json (every file's SHA-384) and
//     importmap.json (the split build's hashes as an import map's `integrity`); LICENSES.txt, the
//     licence texts of the bundled libraries;
//  2. packages/sdk/dist and packages/elements/dist — unminified ES modules, one per source file,
//     dependencies left as imports, so npm consumers' bundlers dedupe Lit and split the SDK off;
//     @iamsmart/protocol (an internal package, published only for the sandbox) is inlined into them, in dist/_protocol/;
//  3. type declarations in packages/*/dist/types (tsc, tsconfig.build.json), protocol's among them
//     in dist/types/_protocol/ with the imports of it rewritten to relative paths;
//  4. dist/sizes.json — min+gzip sizes: the CDN entry, sdk.js and the chunks, and, for npm consumers, what a
//     page needs before the SDK and what loads on login, on a QR code and on signing; and the two
//     login paths whole (OpenID Connect mode's SDK, backend mode's client). The build fails when the
//     backend path carries an OpenID Connect, JOSE, signing or certificate module, or outgrows
//     BACKEND_PATH_BUDGET_GZIP;
//  5. dist/demo/bank-app.js — the demo site's Preact form (demo-site/bank-app/), which the demo
//     server serves as /bank-app.js; not part of the kit.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, posix, relative, resolve as resolvePath, sep } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import license from 'rollup-plugin-license';
import { writeCdnManifest } from './scripts/cdn-manifest.js';
import { workspaceSources } from './scripts/workspace-sources.js';

const require = createRequire(import.meta.url);

/** Inside the package, so npm CDNs serve it under the version's URL; git-ignored build output. */
const CDN_DIR = 'packages/elements/cdn';
const ELEMENTS_ENTRY = 'packages/elements/src/index.ts';
const SDK_ENTRY = 'packages/sdk/src/index.ts';
const SDK_SIGNING_ENTRY = 'packages/sdk/src/sign/index.ts';
const SDK_BACKEND_ENTRY = 'packages/sdk/src/backend/index.ts';

/**
 * Bare imports that npm consumers install themselves (see the packages' dependencies and
 * peerDependencies). Not @iamsmart/protocol: it is internal (decision 021), so each package carries what it uses.
 */
const PACKAGE_EXTERNALS = /^(lit|@lit\/context|oidc-client-ts|jose|qrcode|@peculiar\/(x509|asn1-schema|asn1-x509)|@iamsmart\/sdk)(\/|$)/;

/** TypeScript through esbuild; it reads experimentalDecorators/useDefineForClassFields from tsconfig.json, which Lit's decorators need. */
const typescript = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: true });

/**
 * workspaceSources() resolves the workspace packages' entry points to their TypeScript (see
 * scripts/workspace-sources.js); `browser` picks browser builds of dependencies (the export
 * condition, and the package.json "browser" field that qrcode uses instead).
 */
const resolve = () => [workspaceSources(), nodeResolve({ browser: true, exportConditions: ['browser'], extensions: ['.ts', '.js', '.mjs'] })];

const PROTOCOL_SRC = resolvePath('packages/protocol/src');

/**
 * File names in a package's dist/ (preserveModules): its own modules mirror src/, the inlined
 * @iamsmart/protocol modules go to _protocol/ (where its declarations go too).
 */
const packageFileNames = (chunk) =>
  chunk.facadeModuleId?.startsWith(PROTOCOL_SRC + sep) ? `_protocol/${basename(chunk.facadeModuleId, '.js')}.js` : '[name].js';

/** Minified, keeping the dependencies' licence notices (Lit's BSD-3-Clause asks for them). */
const minify = () => terser({ ecma: 2022, module: true, format: { comments: /@license|@preserve|^!/ } });

/**
 * The CSS inside the elements' css`` templates, minified with lightningcss (no browser targets: no
 * rewriting, only whitespace and redundancy out). terser leaves template text alone, so without this
 * every indent and newline of the styles ships. html`` templates are left as written: their
 * whitespace can be rendered text.
 */
const minifyCss = () => minifyLiterals({ failOnError: true, options: { shouldMinify: () => false } });

/**
 * The CDN build's entries (decision 047), named by the file each becomes:
 *  - `iamsmart.js`: `@iamsmart/elements` itself: registers every element and exports the elements'
 *    API (classes, event classes, the language helpers). The elements load what they do lazily (the
 *    provider the SDK for its mode, the login button its QR dialog, the dialogs their content), and
 *    those imports become files of their own, each under the import map's integrity;
 *  - `sdk.js`: `@iamsmart/sdk` itself, for pages that script the SDK (`createClient`, …). It is the
 *    very module the provider's lazy import of the SDK loads, so a client a page makes with it and
 *    the elements' own share one SDK, and the file is fetched once.
 */
const CDN_SPLIT_INPUT = { iamsmart: ELEMENTS_ENTRY, sdk: SDK_ENTRY };

/**
 * Keeps every module the elements import statically inside iamsmart.js, those they share with the
 * SDK too (the protocol's language, error and session vocabulary), which Rollup would otherwise put
 * in a chunk of their own that iamsmart.js imports: a second request, found only once the entry is
 * parsed, before any element registers. sdk.js imports that shared code from iamsmart.js instead
 * (the SDK on the CDN always comes with the elements: it is their package's CDN folder).
 */
function cdnEntryChunk() {
  const entry = resolvePath(ELEMENTS_ENTRY);
  let closure;
  return (id, { getModuleInfo }) => {
    if (!closure) {
      closure = new Set();
      const visit = (moduleId) => {
        if (closure.has(moduleId)) return;
        closure.add(moduleId);
        for (const imported of getModuleInfo(moduleId)?.importedIds ?? []) visit(imported);
      };
      visit(entry);
    }
    return closure.has(id) ? 'iamsmart' : undefined;
  };
}

/** The single file's entry: both APIs in one module (its code is all inlined there anyway). */
const CDN_BUNDLE_ENTRY = '\0iamsmart-cdn-bundle';
function cdnBundleEntry() {
  return {
    name: 'iamsmart-cdn-bundle-entry',
    resolveId: (id) => (id === CDN_BUNDLE_ENTRY ? id : null),
    load: (id) => (id === CDN_BUNDLE_ENTRY ? "export * from '@iamsmart/elements';\nexport * from '@iamsmart/sdk';\n" : null),
  };
}

/**
 * What a backend-mode page must never load (decision 036): the OpenID Connect and JOSE libraries,
 * the certificate code, and the SDK's own OpenID Connect, signing and e-ME flow modules.
 */
const NOT_ON_BACKEND_PATH = /[\\/]node_modules[\\/](oidc-client-ts|jose|@peculiar|asn1js|pvtsutils|reflect-metadata|tsyringe|qrcode)[\\/]|[\\/]sdk[\\/]src[\\/](sign[\\/]|eme[\\/]flow|transport[\\/]oidc[\\/]|login[\\/](login|user-manager|token-store)\.ts|id-token\.ts|discovery\.ts|provider\.ts|client\.ts)/;

/** min+gzip bytes the backend-mode client may add to a page's first paint (its chunks, shared ones included). */
const BACKEND_PATH_BUDGET_GZIP = 3790; // 3,682 B on 2026-12-04 with the notifications' three methods (decision 059; 3,513 B on 2026-12-03, decision 046)

function measure(code) {
  return {
    minBytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
    brotliBytes: brotliCompressSync(code).length,
  };
}

/** Which on-demand part a lazily loaded chunk belongs to, by the modules in it. */
function onDemandPart(chunk) {
  const ids = Object.keys(chunk.modules);
  if (ids.some((id) => /[\\/]sdk[\\/]src[\\/]backend[\\/]/.test(id))) return 'backend';
  // document/: the document's hash, which both signing flows (OpenID Connect and backend) share.
  if (ids.some((id) => /[\\/]sign[\\/]|[\\/]sdk[\\/]src[\\/]document[\\/]|@peculiar|sign-dialog/.test(id))) return 'signing';
  // QR: the encoder, and the SDK's cross-device login (its OpenID Connect session transport and QR login flow), loaded on the first QR login or session.
  if (ids.some((id) => /[\\/]qrcode[\\/]|qr-code|[\\/]transport[\\/]oidc[\\/]|qr-login\.ts$/.test(id))) return 'qr';
  if (ids.some((id) => /[\\/]eme[\\/]|eme-autofill/.test(id))) return 'eme';
  if (ids.some((id) => /notify-optin/.test(id))) return 'notify';
  // The dialog every flow opens (its view, styles, and the login button's QR-mode body) loads on the first dialog, not with the SDK.
  if (ids.some((id) => /elements[\\/]src[\\/]shared[\\/]|qr-dialog/.test(id))) return 'dialog';
  return 'login';
}

/**
 * Writes dist/sizes.json: the CDN file and its chunks as built, plus a code-split build of the
 * elements made in memory (not written), where the entry chunk and its static imports are what a
 * page loads to paint the button; the rest loads on the first login (the SDK), the first QR code
 * (the encoder) or the first signature (signing and certificate code).
 */
function sizeReport() {
  return {
    name: 'size-report',
    async generateBundle(_options, bundle) {
      const cdnChunks = Object.values(bundle).filter((file) => file.type === 'chunk');
      const cdn = cdnChunks.find((file) => file.fileName === 'iamsmart.js');
      const cdnSdk = cdnChunks.find((file) => file.fileName === 'sdk.js');
      const split = await rollup({ input: ELEMENTS_ENTRY, plugins: [resolve(), commonjs(), typescript(), minifyCss()], onwarn });
      const { output } = await split.generate({ format: 'es', plugins: [minify()] });
      await split.close();
      const chunks = new Map(output.filter((file) => file.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
      const firstPaint = new Set();
      const visit = (fileName) => {
        if (firstPaint.has(fileName)) return;
        firstPaint.add(fileName);
        for (const imported of chunks.get(fileName).imports) visit(imported);
      };
      visit(output.find((file) => file.type === 'chunk' && file.isEntry).fileName);
      const code = (names) => names.map((name) => chunks.get(name).code).join('\n');
      const lazy = { login: [], backend: [], dialog: [], qr: [], signing: [], eme: [], notify: [] };
      for (const [name, chunk] of chunks) if (!firstPaint.has(name)) lazy[onDemandPart(chunk)].push(name);
      // A login path whole: the chunk the provider imports for the mode, and every chunk it imports, beyond the first paint.
      const pathFrom = (entry) => {
        // The entry's own chunk; not always a facade (backend/index.ts shares its chunk with code the backend's lazy sessions import).
        const facade = [...chunks.values()].find((chunk) => (chunk.facadeModuleId && entry.test(chunk.facadeModuleId)) || Object.keys(chunk.modules).some((id) => entry.test(id)));
        if (!facade) throw new Error(`size report: no chunk for ${entry}`);
        const seen = new Set();
        const walk = (fileName) => {
          if (seen.has(fileName) || firstPaint.has(fileName)) return;
          seen.add(fileName);
          for (const imported of chunks.get(fileName).imports) walk(imported);
        };
        walk(facade.fileName);
        return [...seen];
      };
      const loginPath = pathFrom(/[\\/]sdk[\\/]src[\\/]index\.ts$/);
      const backendPath = pathFrom(/[\\/]sdk[\\/]src[\\/]backend[\\/]index\.ts$/);
      // Static and dynamic imports alike: nothing the backend client could ever load may be OpenID
      // Connect or signing code. (The first paint's chunks are the elements, already loaded; what
      // they import on demand is theirs: the OpenID Connect SDK only in that mode, signing on a click.)
      const reachable = new Set();
      const reach = (fileName) => {
        if (reachable.has(fileName) || firstPaint.has(fileName)) return;
        reachable.add(fileName);
        const chunk = chunks.get(fileName);
        for (const imported of [...chunk.imports, ...chunk.dynamicImports]) if (chunks.has(imported)) reach(imported);
      };
      for (const name of backendPath) reach(name);
      const forbidden = [...reachable].flatMap((name) => Object.keys(chunks.get(name).modules).filter((id) => NOT_ON_BACKEND_PATH.test(id)).map((id) => `${id} (in ${name}${backendPath.includes(name) ? ', loaded with the client' : ''})`));
      if (forbidden.length > 0) throw new Error(`the backend-mode path loads what it must not (decision 036):\n  ${forbidden.join('\n  ')}`);
      const sizes = {
        cdn: { file: `${CDN_DIR}/iamsmart.js`, description: 'the file a page loads: every element registered (the SDK and each element\'s flows load on use)', ...measure(cdn.code) },
        cdnSdk: { file: `${CDN_DIR}/sdk.js`, description: 'the SDK\'s API and OpenID Connect client (oidc-client-ts, jose), loaded by the provider in that mode or by a page script', ...measure(cdnSdk.code) },
        cdnOnDemand: {
          description: `${CDN_DIR}/chunks/: everything else, fetched on first use (dialogs, QR encoder, the cross-device login, signing and certificate code, e-ME, the backend-mode client, message catalogues)`,
          ...measure(cdnChunks.filter((chunk) => !chunk.isEntry).map((chunk) => chunk.code).join('\n')),
        },
        firstPaint: { description: 'every element registered, SDK not loaded yet (split build, minified)', ...measure(code([...firstPaint])) },
        lazy: { description: 'loaded on login or callback: the SDK (oidc-client-ts, jose)', ...measure(code(lazy.login)) },
        loginPath: { description: 'OpenID Connect mode: everything the provider loads for the client beyond the first paint (the SDK with oidc-client-ts and jose, shared chunks included)', ...measure(code(loginPath)) },
        backendPath: {
          description: 'backend mode: everything the provider loads for the backend client beyond the first paint (no oidc-client-ts, jose, signing or certificate code: checked)',
          budgetGzipBytes: BACKEND_PATH_BUDGET_GZIP,
          ...measure(code(backendPath)),
        },
        lazyBackendSessions: {
          description: 'backend mode: loaded on the first signing or e-ME session (the backend transport and flows; the document hash is counted with signing)',
          ...measure(code(lazy.backend.filter((name) => !backendPath.includes(name)))),
        },
        lazyDialog: { description: 'loaded on the first dialog (QR login, signing or e-ME): the shared dialog view and its styles', ...measure(code(lazy.dialog)) },
        lazyQr: { description: 'loaded on the first QR code or session: the encoder (qrcode) and the SDK\'s cross-device login (device authorization, status stream, token polling)', ...measure(code(lazy.qr)) },
        lazySigning: { description: 'loaded on the first signature: hashing, CSC calls, verification (@peculiar/x509)', ...measure(code(lazy.signing)) },
        lazyEme: { description: 'loaded on the first form filling: the e-ME request, checks and form filler', ...measure(code(lazy.eme)) },
        lazyNotify: { description: 'loaded when <iams-notify-optin> first connects: its panel, styles and dialog (decision 059)', ...measure(code(lazy.notify)) },
      };
      if (sizes.backendPath.gzipBytes > BACKEND_PATH_BUDGET_GZIP) {
        throw new Error(`the backend-mode path is ${sizes.backendPath.gzipBytes} B min+gzip, over its budget of ${BACKEND_PATH_BUDGET_GZIP} B (rollup.config.js)`);
      }
      mkdirSync('dist', { recursive: true });
      writeFileSync('dist/sizes.json', `${JSON.stringify(sizes, null, 2)}\n`);
      const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
      console.log(
        `sizes (min+gzip): CDN ${kb(sizes.cdn.gzipBytes)} (sdk.js ${kb(sizes.cdnSdk.gzipBytes)}, chunks ${kb(sizes.cdnOnDemand.gzipBytes)} on demand); npm: first paint ${kb(sizes.firstPaint.gzipBytes)}, ` +
          `SDK ${kb(sizes.lazy.gzipBytes)} (login path ${kb(sizes.loginPath.gzipBytes)}; backend path ${kb(sizes.backendPath.gzipBytes)}), dialog ${kb(sizes.lazyDialog.gzipBytes)}, QR ${kb(sizes.lazyQr.gzipBytes)}, signing ${kb(sizes.lazySigning.gzipBytes)}, e-ME ${kb(sizes.lazyEme.gzipBytes)}, notifications ${kb(sizes.lazyNotify.gzipBytes)} on demand`,
      );
    },
  };
}

/**
 * Emits .d.ts files for both packages and @iamsmart/protocol (allowJs: from its JSDoc) with one tsc
 * run (rootDir `packages`), then moves each package's tree to packages/<name>/dist/types, where the
 * packages' `types` exports point. @iamsmart/protocol is internal, so a package whose declarations
 * refer to it gets a copy of protocol's in dist/types/_protocol/, and the references (the bare
 * specifier, or a relative path into packages/protocol/src) become relative paths to that copy.
 * Any other reference leaving the package's own tree fails the build.
 */
function declarations() {
  return {
    name: 'declarations',
    writeBundle() {
      const tmp = 'dist/.types';
      rmSync(tmp, { recursive: true, force: true });
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
      for (const name of ['sdk', 'elements']) {
        const target = `packages/${name}/dist/types`;
        rmSync(target, { recursive: true, force: true });
        mkdirSync(dirname(target), { recursive: true });
        const emitted = `${tmp}/${name}/src`;
        if (inlineProtocolTypes(emitted, `${tmp}/protocol/src`)) cpSync(`${tmp}/protocol/src`, `${emitted}/_protocol`, { recursive: true });
        renameSync(emitted, target);
      }
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Rewrites, in place, the .d.ts files under `root` that refer to protocol; true if any did. */
function inlineProtocolTypes(root, protocolRoot) {
  let refersToProtocol = false;
  const files = readdirSync(root, { recursive: true }).filter((file) => String(file).endsWith('.d.ts'));
  for (const file of files.map(String)) {
    const path = join(root, file);
    const toProtocol = (module) => {
      const spec = posix.relative(posix.dirname(file.split(sep).join('/')), `_protocol/${module}`);
      return spec.startsWith('.') ? spec : `./${spec}`;
    };
    const text = readFileSync(path, 'utf8');
    const rewritten = text.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\2/g, (whole, lead, quote, spec) => {
      let replacement = spec;
      if (spec === '@iamsmart/protocol') replacement = toProtocol('index.js');
      else if (spec.startsWith('.')) {
        const absolute = resolvePath(dirname(path), spec);
        if (absolute.startsWith(resolvePath(protocolRoot) + sep)) replacement = toProtocol(relative(resolvePath(protocolRoot), absolute).split(sep).join('/'));
        else if (!absolute.startsWith(resolvePath(root) + sep)) throw new Error(`${path}: "${spec}" points outside the package`);
      }
      if (replacement === spec) return whole;
      refersToProtocol = true;
      return `${lead}${quote}${replacement}${quote}`;
    });
    if (rewritten !== text) writeFileSync(path, rewritten);
  }
  return refersToProtocol && existsSync(protocolRoot);
}

/** Clears a package's previous output so renamed source files leave no stale modules behind. */
function cleanDir(dir) {
  return { name: 'clean', buildStart: () => rmSync(dir, { recursive: true, force: true }) };
}

const onwarn = (warning, warn) => {
  // Circular imports inside dependencies are theirs; anything else should fail loudly.
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
  warn(warning);
};

const ELEMENTS_VERSION = JSON.parse(readFileSync('packages/elements/package.json', 'utf8')).version;
/** Kept by terser (`/*!`): which package and version a CDN file is, and where its bundled libraries' licences are. */
const cdnBanner = (chunk) => (chunk.isEntry ? `/*! @iamsmart/elements ${ELEMENTS_VERSION} (MIT) | bundled libraries' licences: LICENSES.txt beside this file */` : '');

/** Licences the bundled libraries may carry: permissive ones whose notice LICENSES.txt keeps. */
const CDN_LICENCES = '(MIT OR ISC OR BSD-2-Clause OR BSD-3-Clause OR Apache-2.0 OR 0BSD)';

/**
 * cdn/LICENSES.txt: each bundled npm package (found from the modules in the bundle) with its
 * licence text, as MIT, BSD and Apache-2.0 ask of copies. The build fails on a package without a
 * licence or with one outside CDN_LICENCES. The kit's own packages are under the package's LICENSE.
 */
function thirdPartyNotices() {
  return license({
    thirdParty: {
      multipleVersions: true,
      allow: { test: CDN_LICENCES, failOnUnlicensed: true, failOnViolation: true },
      output: {
        file: `${CDN_DIR}/LICENSES.txt`,
        template: (dependencies) =>
          [
            'Third-party software bundled in iamsmart.js, iamsmart.bundle.js and chunks/ (the iAM Smart Web Kit itself: see the package\'s LICENSE).',
            ...dependencies
              .filter((dependency) => !dependency.name.startsWith('@iamsmart/'))
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((dependency) =>
                [
                  `${dependency.name} ${dependency.version} (${dependency.license})${dependency.homepage ? ` ${dependency.homepage}` : ''}`,
                  dependency.licenseText?.trim() || `Licensed under ${dependency.license}; the package ships no licence file.`,
                  dependency.noticeText?.trim(),
                ]
                  .filter(Boolean)
                  .join('\n\n'),
              ),
          ].join(`\n\n${'-'.repeat(78)}\n\n`) + '\n',
      },
    },
  });
}

/** After the last CDN file is written: cdn/integrity.json, cdn/importmap.json and the README's snippet (scripts/cdn-manifest.js). */
function cdnManifest() {
  return { name: 'cdn-manifest', writeBundle: () => writeCdnManifest(CDN_DIR) };
}

export default [
  {
    input: CDN_SPLIT_INPUT,
    // Lets the chunks import shared code from an entry itself (Lit, the shared element code from
    // iamsmart.js; the SDK's from sdk.js) instead of each entry becoming a facade over one more chunk.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: CDN_DIR,
      format: 'es',
      sourcemap: true,
      // iamsmart.js and sdk.js; what the elements and the SDK import on demand is in chunks/, loaded relative to them.
      entryFileNames: '[name].js',
      manualChunks: cdnEntryChunk(),
      banner: cdnBanner,
      // Word characters and dashes only, so a server can serve chunks/ by the name's shape.
      chunkFileNames: (chunk) => `chunks/${chunk.name.replace(/[^\w-]/g, '-')}-[hash].js`,
    },
    plugins: [cleanDir(CDN_DIR), resolve(), commonjs(), typescript(), minifyCss(), minify(), sizeReport()],
    onwarn,
  },
  {
    // The single-file build: the same modules with the chunks inlined, for sites whose policy wants
    // one hash per script and browsers without import-map integrity. Runs after the split build
    // (rollup -c builds the list in order), so the manifest sees every file.
    input: CDN_BUNDLE_ENTRY,
    output: { file: `${CDN_DIR}/iamsmart.bundle.js`, format: 'es', sourcemap: true, inlineDynamicImports: true, banner: cdnBanner },
    plugins: [cdnBundleEntry(), resolve(), commonjs(), typescript(), minifyCss(), minify(), thirdPartyNotices(), cdnManifest()],
    onwarn,
  },
  {
    input: [SDK_ENTRY, SDK_SIGNING_ENTRY, SDK_BACKEND_ENTRY],
    external: (id) => PACKAGE_EXTERNALS.test(id),
    output: {
      dir: 'packages/sdk/dist',
      format: 'es',
      sourcemap: true,
      preserveModules: true,
      preserveModulesRoot: 'packages/sdk/src',
      entryFileNames: packageFileNames,
    },
    plugins: [cleanDir('packages/sdk/dist'), resolve(), typescript()],
    onwarn,
  },
  {
    input: ELEMENTS_ENTRY,
    external: (id) => PACKAGE_EXTERNALS.test(id),
    output: {
      dir: 'packages/elements/dist',
      format: 'es',
      sourcemap: true,
      preserveModules: true,
      preserveModulesRoot: 'packages/elements/src',
      entryFileNames: packageFileNames,
    },
    plugins: [cleanDir('packages/elements/dist'), resolve(), typescript(), minifyCss(), declarations()],
    onwarn,
  },
  {
    input: 'demo-site/bank-app/main.js',
    output: { file: 'dist/demo/bank-app.js', format: 'es', sourcemap: true },
    plugins: [resolve(), minify()],
    onwarn,
  },
];
