// `npm run check:packages` (a stage of `npm test`, after the build): what an npm consumer gets.
// Packs the five published packages as `npm publish` would and checks each tarball against an
// explicit expectation (EXPECTED below): the files it must hold (LICENSE, README.md, CHANGELOG.md,
// package.json, every entry point), nothing outside its allowed entries (no tests, stories, test
// support, fixtures, tsconfig or build scripts), source maps only with their sources embedded, the
// metadata npm shows and needs (license, repository, publishConfig, engines…), every export, type
// reference and manifest path resolving inside the tarball, and only @iamsmart/sandbox depending on
// @iamsmart/protocol. Then the Node version truth: engines, the READMEs and the running Node agree,
// and every installed dependency's engines accept the Node we declare (or is a named exception).
// Last, it installs the browser packages' tarballs into a fresh Vite + TypeScript app whose main.ts
// uses their public API and runs `tsc --noEmit` (strict, skipLibCheck off) and `vite build` there;
// meanwhile, in another folder, it installs the sandbox's and protocol's tarballs and runs
// `iamsmart-sandbox --help` and `import('@iamsmart/sandbox')`.
// Run `npm run build` first. See docs/decisions/021-package-contract.md and 038-publishing.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, runAsync } from './npm-apps.js';
import { stripVTControlCharacters } from 'node:util';
import semver from 'semver';
import { workspaceSourceMap } from './workspace-sources.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(ROOT, 'package.json'));
const REPOSITORY = 'git+https://github.com/iamsmart-web-kit/iamsmart-web-kit.git';
/** Published in this order: a package's tarball exists before one that depends on it is installed. */
const PACKAGES = ['protocol', 'sdk', 'elements', 'server', 'sandbox'];
/** Packages whose dist/ the build writes (checked before packing, for a clear message). */
const BUILT = { sdk: 'dist/types/index.d.ts', elements: 'dist/types/index.d.ts', server: 'dist/index.d.ts' };
const DIST_JS = /^dist\/[\w./-]+\.js$/;
const DIST_MAP = /^dist\/[\w./-]+\.js\.map$/;
const DIST_DTS = /^dist\/[\w./-]+\.d\.ts$/;
/**
 * What each tarball may hold besides package.json, LICENSE, README.md and CHANGELOG.md (always
 * required): a file matching none of `allowed` fails the check. `node`: whether it runs in Node
 * (then it states engines.node) or in browsers (then it must not: npm would warn for nothing).
 */
const EXPECTED = {
  protocol: { allowed: [/^src\/[\w-]+\.js$/], node: false, sideEffects: false },
  sdk: { allowed: [DIST_JS, DIST_MAP, DIST_DTS], node: false, sideEffects: false },
  elements: {
    allowed: [
      DIST_JS,
      DIST_MAP,
      DIST_DTS,
      /^custom-elements\.json$/,
      // Framework and editor data generated from the manifest.
      /^types\/[\w-]+\.d\.ts$/,
      /^vscode\.(html|css)-custom-data\.json$/,
      /^web-types\.json$/,
      // The CDN build: the entries (iamsmart.js, sdk.js), the single file, lazy chunks, their maps, the integrity
      // manifest and import map, the bundled libraries' licence notices.
      /^cdn\/[\w.-]+\.js(\.map)?$/,
      /^cdn\/chunks\/[\w.-]+\.js(\.map)?$/,
      /^cdn\/[\w.-]+\.json$/,
      /^cdn\/(LICENSES?|NOTICES?|THIRD[-_]PARTY)[\w.-]*$/i,
      /^cdn\/LICENSES\/[\w.@+-]+$/,
    ],
    node: false,
    sideEffects: 'array',
  },
  server: { allowed: [DIST_JS, DIST_MAP, DIST_DTS], node: true, sideEffects: false },
  // No sideEffects field: it is for bundlers, and a CLI and server are not bundled.
  sandbox: { allowed: [/^src\/[\w/-]+\.js$/, /^src\/residents\.json$/, /^src\/public\/[\w-]+\.(css|svg|js)$/], node: true, sideEffects: undefined },
};
/** Always in every tarball. */
const REQUIRED = ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md'];
/** Never shipped, with the reason the failure names (checked before EXPECTED, for a clearer message). */
const FORBIDDEN = [
  [/(^|\/)(test-support|tests?|__tests__|stories|fixtures?|__fixtures__|test-vectors)\/|\.(test|spec|stories)\.[cm]?[jt]sx?(\.map)?$|\.test\.d\.ts$/, 'tests, stories, test support and fixtures never ship'],
  [/(^|\/)tsconfig[\w.-]*\.json$/, 'tsconfig files are for building the repo'],
  [/(^|\/)(build|rollup\.config|vite\.config|web-test-runner\.config)\.[cm]?[jt]s$/, 'build scripts are for building the repo'],
  [/(?<!\.d)\.ts$/, 'TypeScript sources do not ship (declarations are .d.ts)'],
];
/** Kept for what the check of other packages' imports needs: tests, stories, test support. */
const NOT_SHIPPED = FORBIDDEN[0][0];
/**
 * Installed development dependencies whose engines exclude the Node that runs the checks, and why
 * that is true of them only on paper. A new one fails the check until it is understood and named here.
 */
const ENGINE_EXCEPTIONS = {
  // @open-wc/testing 5 → @open-wc/semantic-dom-diff 0.21 → @web/test-runner-commands 1.0.1: only its
  // browser module (snapshot commands) is loaded, in the browser; the test runner's own, Node-side
  // copy is @web/test-runner-commands 0.9.0 (Node ≥ 18). Its Node-side dependencies are never run.
  '@web/test-runner-commands@1.0.1': 'browser-side module only',
  '@web/browser-logs@1.0.0': 'a dependency of the above, never loaded in Node',
  '@web/dev-server-core@1.0.1': 'a dependency of the above, never loaded in Node',
  '@web/parse5-utils@3.0.0': 'a dependency of the above, never loaded in Node',
  '@web/test-runner-core@1.0.0': 'a dependency of the above, never loaded in Node',
};
/** Module specifiers in JS and .d.ts (static and dynamic imports, re-exports, import types). */
const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;

const started = Date.now();
const failures = [];
const checked = [];
const fail = (message) => failures.push(message);

const listFiles = (dir, prefix = '') =>
  readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, rel) : [rel];
  });

/** Every file path an `exports` value names, with the conditions that lead to it. */
function exportTargets(value, path = []) {
  if (typeof value === 'string') return [{ target: value, conditions: path }];
  if (Array.isArray(value)) return value.flatMap((item) => exportTargets(item, path));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => exportTargets(item, [...path, key]));
  return [];
}

// A sideEffects glob (such as ./dist/**/define.js) as a RegExp over tarball paths: only `**` + slash,
// `*` and literals occur in them.
const globToRegExp = (glob) =>
  new RegExp(
    `^${glob
      .replace(/^\.\//, '')
      .split('**/')
      .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
      .join('(?:.*/)?')}$`,
  );

/** The package name a bare specifier imports (`@scope/name/sub` → `@scope/name`). */
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** Which files the tarball holds against EXPECTED: each failure names the file and the rule. */
function checkContents(name, label, files) {
  const { allowed } = EXPECTED[name];
  for (const file of REQUIRED) if (!files.has(file)) fail(`${label}: ${file} missing from the tarball`);
  for (const file of files) {
    if (REQUIRED.includes(file)) continue;
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(file));
    if (forbidden) fail(`${label}: ships ${file} (${forbidden[1]})`);
    else if (!allowed.some((pattern) => pattern.test(file))) fail(`${label}: ships ${file}, which is not among its expected files (EXPECTED.${name} in scripts/check-packages.js)`);
  }
  const cdn = [...files].filter((file) => file.startsWith('cdn/'));
  if (cdn.length) {
    // When the CDN folder ships, its entry and the bundled libraries' licence notices ship with it.
    // The two entries a page names (decision 047): the elements' and the SDK's.
    for (const entry of ['cdn/iamsmart.js', 'cdn/sdk.js']) if (!files.has(entry)) fail(`${label}: ships cdn/ without ${entry}`);
    if (!cdn.some((file) => /^cdn\/(LICENSES?|NOTICES?|THIRD[-_]PARTY)/i.test(file))) fail(`${label}: ships cdn/ without a licence notice file (cdn/LICENSES…)`);
  }
  return cdn.length;
}

/**
 * Source maps ship only where a debugger can use them whole: each beside its .js, every source
 * embedded in sourcesContent (the sources themselves are not in the tarball), no absolute paths
 * (they would leak the build machine's), and each .js's sourceMappingURL naming a shipped map.
 */
function checkSourceMaps(label, files, dir) {
  let maps = 0;
  for (const file of files) {
    if (file.endsWith('.js.map')) {
      maps += 1;
      if (!files.has(file.slice(0, -'.map'.length))) fail(`${label}: ${file} has no ${file.slice(0, -'.map'.length)} beside it`);
      let map;
      try {
        map = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      } catch (error) {
        fail(`${label}: ${file} is not JSON (${error instanceof Error ? error.message : String(error)})`);
        continue;
      }
      (map.sources ?? []).forEach((source, index) => {
        if (typeof map.sourcesContent?.[index] !== 'string') fail(`${label}: ${file}: source ${source} is not embedded (sourcesContent)`);
        if (isAbsolute(source) || /^file:/.test(source)) fail(`${label}: ${file}: source ${source} is an absolute path`);
      });
    } else if (file.endsWith('.js')) {
      const text = readFileSync(join(dir, file), 'utf8');
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
      if (url && !url.startsWith('data:') && !files.has(posix.normalize(posix.join(posix.dirname(file), url)))) {
        fail(`${label}: ${file} names the source map ${url}, not in the tarball`);
      }
    }
  }
  return maps;
}

/** What npm shows and needs; the kit's one fixed version and its internal ranges. */
function checkMetadata(name, label, manifest, files, dir, groupVersion, rootEngine) {
  const expect = EXPECTED[name];
  const missing = (field) => fail(`${label}: package.json "${field}" missing or wrong`);
  if (manifest.private) fail(`${label}: is private`);
  if (manifest.license !== 'MIT') missing('license (MIT)');
  for (const field of ['description', 'author', 'homepage']) if (typeof manifest[field] !== 'string' || !manifest[field]) missing(field);
  if (!Array.isArray(manifest.keywords) || !manifest.keywords.length) missing('keywords');
  if (!manifest.bugs?.url) missing('bugs.url');
  if (manifest.repository?.type !== 'git' || manifest.repository?.url !== REPOSITORY) missing(`repository (type git, url ${REPOSITORY})`);
  if (manifest.repository?.directory !== `packages/${name}`) missing(`repository.directory (packages/${name})`);
  if (manifest.type !== 'module') missing('type (module)');
  if (manifest.publishConfig?.access !== 'public') missing('publishConfig.access (public: scoped packages publish as restricted otherwise)');
  if (manifest.publishConfig?.provenance !== true) missing('publishConfig.provenance (true)');
  if (manifest.version !== groupVersion) fail(`${label}: version ${manifest.version}, the kit's fixed group is at ${groupVersion}`);
  const text = (file) => (files.has(file) ? readFileSync(join(dir, file), 'utf8') : undefined);
  if (files.has('CHANGELOG.md') && !text('CHANGELOG.md').includes(`\n## ${manifest.version}\n`)) fail(`${label}: CHANGELOG.md has no "## ${manifest.version}" entry`);
  if (files.has('README.md') && !text('README.md').startsWith(`# ${manifest.name}\n`)) fail(`${label}: README.md does not start with "# ${manifest.name}"`);
  if (files.has('LICENSE') && text('LICENSE') !== readFileSync(join(ROOT, 'LICENSE'), 'utf8')) fail(`${label}: LICENSE differs from the repository's LICENSE`);

  // Node: the packages that run there state the repo's minimum; the browser ones state none.
  if (expect.node && manifest.engines?.node !== rootEngine) fail(`${label}: engines.node is ${JSON.stringify(manifest.engines?.node)}, the repo's is ${JSON.stringify(rootEngine)}`);
  if (!expect.node && manifest.engines) fail(`${label}: declares engines ${JSON.stringify(manifest.engines)}, but runs in browsers (npm would warn Node users for nothing)`);

  // sideEffects: false where importing a module does nothing; the elements list every module that registers.
  if (expect.sideEffects === false && manifest.sideEffects !== false) missing('sideEffects (false)');
  if (expect.sideEffects === undefined && 'sideEffects' in manifest) fail(`${label}: has sideEffects, but it is not for bundlers`);
  if (expect.sideEffects === 'array') {
    const globs = (Array.isArray(manifest.sideEffects) ? manifest.sideEffects : []).map(globToRegExp);
    const registering = [...files].filter((file) => /^dist\/(.+\/)?define\.js$|^dist\/index\.js$|^cdn\/iamsmart[\w.-]*\.js$/.test(file));
    for (const file of registering) if (!globs.some((glob) => glob.test(file))) fail(`${label}: ${file} registers elements but sideEffects does not name it`);
  }

  // Internal ranges follow the fixed version (scripts/version-packages.js); only the sandbox needs protocol.
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (!dep.startsWith('@iamsmart/')) continue;
      const want = field === 'peerDependencies' ? `^${groupVersion}` : groupVersion;
      if (range !== want) fail(`${label}: ${field}["${dep}"] is ${range}, should be ${want} (npm run version-packages sets it)`);
      if (dep === '@iamsmart/protocol' && name !== 'sandbox') fail(`${label}: ${field} names @iamsmart/protocol, which the browser packages and the server inline (decision 021)`);
    }
  }
  if (name === 'sandbox' && !manifest.dependencies?.['@iamsmart/protocol']) fail(`${label}: does not depend on @iamsmart/protocol, which it imports`);
}

/** Checks one unpacked tarball; returns its manifest. */
function checkTarball(name, dir, groupVersion, rootEngine) {
  const files = new Set(listFiles(dir));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const label = manifest.name;

  const cdnFiles = checkContents(name, label, files);
  checkMetadata(name, label, manifest, files, dir, groupVersion, rootEngine);
  const maps = checkSourceMaps(label, files, dir);

  const exportKeys = Object.keys(manifest.exports ?? {});
  if (!exportKeys.length) fail(`${label}: no exports`);
  for (const key of exportKeys) {
    if (key.includes('*')) fail(`${label}: export pattern ${key} exposes internals`);
    for (const { target, conditions } of exportTargets(manifest.exports[key])) {
      const where = `${label} exports["${key}"]${conditions.map((c) => `.${c}`).join('')}`;
      if (conditions.includes('source')) fail(`${where}: a "source" condition`);
      if (!target.startsWith('./')) fail(`${where} → ${target}: not a ./ path`);
      else if (!files.has(target.slice(2))) fail(`${where} → ${target}: not in the tarball`);
    }
  }
  for (const field of ['main', 'types', 'customElements', 'web-types']) {
    if (manifest[field] && !files.has(manifest[field].replace(/^\.\//, ''))) fail(`${label}: "${field}" → ${manifest[field]}: not in the tarball`);
  }
  for (const [command, target] of Object.entries(manifest.bin ?? {})) {
    // `npm publish` rewrites "./x" to "x" and warns that the script "was invalid and removed".
    if (target.startsWith('./')) fail(`${label}: bin ${command} → ${target}: write it without "./" (npm publish rewrites it, with a warning)`);
    if (!files.has(target.replace(/^\.\//, ''))) fail(`${label}: bin ${command} → ${target}: not in the tarball`);
    else if (!readFileSync(join(dir, target), 'utf8').startsWith('#!/usr/bin/env node\n')) fail(`${label}: bin ${command} → ${target} has no "#!/usr/bin/env node" line`);
  }

  // Every relative import resolves inside the tarball; every bare one is a Node built-in, the
  // package itself or one of its dependencies (else a consumer's install cannot resolve it).
  const declared = new Set([manifest.name, ...Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies })]);
  let modules = 0;
  for (const file of files) {
    const isDts = file.endsWith('.d.ts');
    if ((!isDts && !file.endsWith('.js')) || file.startsWith('cdn/')) continue;
    modules += 1;
    // In JS, JSDoc's import() types are for the repo's type check, not for what runs.
    const source = readFileSync(join(dir, file), 'utf8');
    const text = isDts ? source : source.replace(/\/\*[\s\S]*?\*\//g, '');
    for (const [, , spec] of text.matchAll(SPECIFIERS)) {
      if (!spec.startsWith('.')) {
        if (spec.startsWith('node:') || builtinModules.includes(spec) || declared.has(packageOf(spec))) continue;
        fail(`${label}: ${file} imports ${spec}, which is not among its dependencies`);
        continue;
      }
      const resolved = posix.normalize(posix.join(posix.dirname(file), spec));
      const candidates = isDts ? [resolved.replace(/\.js$/, '.d.ts'), `${resolved}.d.ts`, `${resolved}/index.d.ts`] : [resolved];
      if (!candidates.some((candidate) => files.has(candidate))) fail(`${label}: ${file} imports ${spec}, not in the tarball`);
    }
  }

  if (name === 'elements') checkElements(label, manifest, files, dir);
  checked.push(
    `${label}: ${files.size} files, all expected (${maps} source maps with sources embedded${cdnFiles ? `, ${cdnFiles} in cdn/` : ''}); metadata complete; ${exportKeys.length} exports (${exportKeys.join(', ')}); ${modules} modules' imports resolve inside the tarball or to dependencies`,
  );
  return manifest;
}

/**
 * The elements' exports are `.`, each element folder's module and define, the manifest, package.json,
 * and the types-only React and Vue declarations (scripts/check-frameworks.js uses them).
 */
function checkElements(label, manifest, files, dir) {
  const srcDir = join(ROOT, 'packages/elements/src');
  const elements = readdirSync(srcDir).filter((entry) => existsSync(join(srcDir, entry, 'define.ts')));
  const expected = new Set(['.', './custom-elements.json', './package.json', './react', './vue', ...elements.flatMap((el) => [`./${el}`, `./${el}/define`])]);
  const actual = new Set(Object.keys(manifest.exports));
  for (const key of expected) if (!actual.has(key)) fail(`${label}: no export ${key} (src/${key.slice(2).split('/')[0]}/define.ts exists)`);
  for (const key of actual) if (!expected.has(key)) fail(`${label}: export ${key} is not an element, its define, the manifest or framework types`);

  const cem = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8'));
  const paths = new Set();
  JSON.stringify(cem, (key, value) => {
    if ((key === 'path' || key === 'module') && typeof value === 'string' && !value.startsWith('./')) paths.add(value);
    return value;
  });
  for (const path of paths) {
    if (!files.has(path)) fail(`${label}: custom-elements.json names ${path}, not in the tarball`);
    if (NOT_SHIPPED.test(path)) fail(`${label}: custom-elements.json names ${path}`);
  }
  // Packages the manifest refers to (superclasses, re-exports) are ones a consumer installs.
  const installable = new Set([manifest.name, ...Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })]);
  JSON.stringify(cem, (key, value) => {
    if (key === 'package' && typeof value === 'string' && !installable.has(value)) fail(`${label}: custom-elements.json refers to ${value}, not a dependency`);
    return value;
  });
  const tags = cem.modules.flatMap((mod) => (mod.declarations ?? []).map((d) => d.tagName).filter(Boolean));
  checked.push(`${label}: custom-elements.json: ${cem.modules.length} modules, all in dist/; elements ${tags.join(', ')}`);
  return elements;
}

/** In the repo, the exports' sources (scripts/workspace-sources.js) and tsconfig.json's paths agree. */
function checkRepoResolution() {
  const sources = workspaceSourceMap();
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
  const paths = tsconfig.compilerOptions?.paths ?? {};
  for (const [specifier, file] of sources) {
    const mapped = paths[specifier]?.[0];
    if (!mapped || join(ROOT, mapped) !== file) fail(`tsconfig.json: paths["${specifier}"] should be ["./${file.slice(ROOT.length + 1)}"]`);
  }
  for (const specifier of Object.keys(paths)) {
    if (specifier.startsWith('@iamsmart/') && !sources.has(specifier)) fail(`tsconfig.json: paths["${specifier}"] is not an export`);
  }
  checked.push(`in the repo: ${sources.size} entry points resolve to sources, the same in tsconfig.json paths`);
}

function consumerMain(elements) {
  const camel = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
  return `// Generated by scripts/check-packages.js: a consumer of @iamsmart/sdk and @iamsmart/elements.
import {
  createClient,
  ERROR_CODES,
  isIamSmartError,
  resolveLang,
  type EmeData,
  type EmeField,
  type IamSmartClient,
  type IamSmartErrorCode,
  type SessionState,
  type SignResult,
} from '@iamsmart/sdk';
import { hashDocument, verifySignatureResult } from '@iamsmart/sdk/sign';
import { createBackendClient, type IamSmartBackendClient, type IamSmartResident } from '@iamsmart/sdk/backend';
${elements.map((el) => `import '@iamsmart/elements/${el}/define';`).join('\n')}
${elements.map((el) => `import * as ${camel(el)}Module from '@iamsmart/elements/${el}';`).join('\n')}
import { IamsLoginEvent, messagesFor, type IamsErrorDetail } from '@iamsmart/elements';
import manifest from '@iamsmart/elements/custom-elements.json';

const client: IamSmartClient = createClient({ issuer: 'https://sandbox.example', clientId: 'package-check' });

const provider: HTMLElementTagNameMap['iams-provider'] = document.createElement('iams-provider');
provider.client = client; // the page's own SDK instance, shared with every element inside
const button: HTMLElementTagNameMap['iams-login-button'] = document.createElement('iams-login-button');
provider.append(button);
document.body.append(provider);

button.addEventListener('iams-login', (event: GlobalEventHandlersEventMap['iams-login']) => {
  const login: IamsLoginEvent = event;
  // OpenID Connect mode: validated claims; backend mode: the resident from {backend}/session.
  const who: string = 'sub' in login.detail ? login.detail.sub : login.detail.openID;
  console.log('logged in', who);
});
button.addEventListener('iams-error', (event) => {
  const detail: IamsErrorDetail = event.detail;
  const code: IamSmartErrorCode = detail.code;
  console.log(code, ERROR_CODES.includes(code), messagesFor(resolveLang('zh-HK')));
});

export function backendMode(): IamSmartBackendClient {
  const backendClient = createBackendClient({ backend: '/iamsmart' });
  provider.client = backendClient;
  backendClient.on('login', (user) => {
    const resident: IamSmartResident = user.claims;
    console.log(resident.openID, user.expiresAt);
  });
  return backendClient;
}

export function describeSignature(result: SignResult): string {
  return \`\${result.documentName} signed by \${result.signer} at \${result.signedAt}\`;
}
export function fields(data: EmeData): EmeField[] {
  return Object.keys(data) as EmeField[];
}
export function isFinal(state: SessionState): boolean {
  return state === 'done' || state === 'error';
}
export async function login(): Promise<string | undefined> {
  try {
    const user = await client.loginWithPopup();
    return user.claims.sub;
  } catch (error) {
    if (isIamSmartError(error)) return error.code;
    throw error;
  }
}

const modules: object[] = [${elements.map((el) => `${camel(el)}Module`).join(', ')}];
console.log(modules.length, manifest.modules.length, typeof hashDocument, typeof verifySignatureResult);
`;
}

function checkConsumerApp(tmp, tarballs, elements) {
  const app = join(tmp, 'app');
  mkdirSync(app);
  const version = (name) => require(`${name}/package.json`).version;
  const pkg = {
    name: 'iamsmart-package-check',
    private: true,
    type: 'module',
    dependencies: { '@iamsmart/sdk': `file:${tarballs.sdk}`, '@iamsmart/elements': `file:${tarballs.elements}` },
    devDependencies: { typescript: version('typescript'), vite: version('vite') },
  };
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(
    join(app, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          module: 'ESNext',
          moduleResolution: 'bundler',
          strict: true,
          noEmit: true,
          isolatedModules: true,
          verbatimModuleSyntax: true,
          resolveJsonModule: true,
          // The packages' own declarations must type-check too.
          skipLibCheck: false,
          types: [],
        },
        include: ['main.ts'],
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(app, 'index.html'), '<!doctype html>\n<html lang="en">\n<body>\n<script type="module" src="/main.ts"></script>\n</body>\n</html>\n');
  writeFileSync(join(app, 'main.ts'), consumerMain(elements));

  let t = Date.now();
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
  const installed = readdirSync(join(app, 'node_modules/@iamsmart')).sort();
  if (installed.join() !== 'elements,sdk') fail(`app: node_modules/@iamsmart holds ${installed.join(', ')}`);
  checked.push(`app: npm install of the two tarballs + typescript ${version('typescript')}, vite ${version('vite')} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  // Started now, awaited after tsc and vite: its npm install waits on the disk while tsc uses a core.
  const sandbox = checkSandboxFromTarball(tmp, tarballs);

  t = Date.now();
  run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  checked.push(`app: tsc --noEmit (strict, skipLibCheck false): main.ts uses createClient, createBackendClient (@iamsmart/sdk/backend), SignResult, EmeData, IamSmartErrorCode, SessionState, @iamsmart/sdk/sign, ${elements.length} define entries, HTMLElementTagNameMap, GlobalEventHandlersEventMap['iams-login'] (${((Date.now() - t) / 1000).toFixed(1)} s)`);

  t = Date.now();
  run(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], app);
  const assets = readdirSync(join(app, 'dist/assets')).filter((file) => file.endsWith('.js'));
  if (!assets.length) fail('app: vite build wrote no JavaScript');
  checked.push(`app: vite build: ${assets.length} JS files (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return sandbox;
}

/**
 * The sandbox installed from its tarball, as a relying party's tests would have it (a dev
 * dependency; its @iamsmart/protocol from protocol's tarball, as the registry does not have this
 * version yet), in a folder of its own: then `iamsmart-sandbox --help` through npm's bin link (the
 * CLI imports every module, and they read their assets and residents.json as they load) and
 * `import('@iamsmart/sandbox')` through its exports. Anything on stderr must be a warning the
 * sandbox's README quotes (oidc-provider's on Node 20), so no new warning passes unremarked.
 */
async function checkSandboxFromTarball(tmp, tarballs) {
  const t = Date.now();
  const dir = join(tmp, 'sandbox-app');
  mkdirSync(dir);
  const pkg = {
    name: 'iamsmart-sandbox-check',
    private: true,
    type: 'module',
    devDependencies: { '@iamsmart/sandbox': `file:${tarballs.sandbox}` },
    overrides: { '@iamsmart/protocol': `file:${tarballs.protocol}` },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const script = [
    "import { execFileSync } from 'node:child_process';",
    "const help = execFileSync('node_modules/.bin/iamsmart-sandbox', ['--help'], { encoding: 'utf8' });",
    "if (!help.includes('Usage:')) throw new Error(`iamsmart-sandbox --help printed: ${help}`);",
    "const sandbox = await import('@iamsmart/sandbox');",
    "if (typeof sandbox.startSandbox !== 'function') throw new Error('@iamsmart/sandbox exports no startSandbox');",
    "console.log(Object.keys(sandbox).sort().join(', '));",
  ].join('\n');
  writeFileSync(join(dir, 'sandbox-check.mjs'), `${script}\n`);

  const install = await runAsync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  if (install.status !== 0) return fail(`sandbox: npm install of its tarball failed:\n${install.stdout}\n${install.stderr}`.trim());
  const installed = readdirSync(join(dir, 'node_modules/@iamsmart')).sort();
  if (installed.join() !== 'protocol,sandbox') fail(`sandbox: node_modules/@iamsmart holds ${installed.join(', ')}`);
  const installSeconds = ((Date.now() - t) / 1000).toFixed(1);

  const { status, stdout, stderr } = await runAsync(process.execPath, ['sandbox-check.mjs'], dir);
  if (status !== 0) return fail(`sandbox from its tarball: iamsmart-sandbox --help or import('@iamsmart/sandbox') failed (exit ${status}):\n${stdout}\n${stderr}`.trim());
  const readme = readFileSync(join(dir, 'node_modules/@iamsmart/sandbox/README.md'), 'utf8');
  const warnings = [...new Set(stderr.split('\n').map((line) => stripVTControlCharacters(line).trim()).filter(Boolean))];
  for (const warning of warnings) {
    if (!readme.includes(warning.replace(/^oidc-provider WARNING: /, ''))) fail(`sandbox from its tarball: printed "${warning}", which its README does not mention`);
  }
  checked.push(
    `sandbox: npm install of its and protocol's tarballs (${installSeconds} s, beside tsc), then iamsmart-sandbox --help and import('@iamsmart/sandbox') (exports ${stdout.trim()})${warnings.length ? `; stderr, quoted in its README: ${warnings.join(' | ')}` : ''} (${((Date.now() - t) / 1000).toFixed(1)} s in all)`,
  );
}

/**
 * Node version truth: the repo's engines (README: "Node.js ≥ X") is what the server and sandbox
 * state and what their READMEs say; the Node running this (CI's) satisfies it; every installed
 * dependency of theirs accepts that minimum; and every installed package whose engines exclude the
 * running Node is a named exception (ENGINE_EXCEPTIONS).
 */
function checkNodeTruth(rootManifest) {
  const rootEngine = rootManifest.engines?.node;
  const minimum = /^>=(\d+\.\d+(?:\.\d+)?)$/.exec(rootEngine ?? '')?.[1];
  if (!minimum) {
    fail(`package.json: engines.node should be ">=X.Y", not ${JSON.stringify(rootEngine)}`);
    return rootEngine;
  }
  const floor = semver.coerce(minimum).version;
  if (!semver.satisfies(process.version, rootEngine)) fail(`Node ${process.version} runs the checks, but package.json's engines.node is ${rootEngine}`);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const stated = /Node\.js ≥ (\d+\.\d+(?:\.\d+)?)/.exec(readme)?.[1];
  if (stated !== minimum) fail(`README.md states Node.js ≥ ${stated ?? '(nothing)'}, package.json's engines.node is ${rootEngine}`);
  for (const name of ['server', 'sandbox']) {
    const text = readFileSync(join(ROOT, 'packages', name, 'README.md'), 'utf8');
    if (!text.includes(`Node ≥ ${minimum}`)) fail(`packages/${name}/README.md does not state "Node ≥ ${minimum}"`);
  }

  // Every installed package, once: name@version → { engines, dir }.
  const installed = new Map();
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (entry.startsWith('@')) {
        walk(path);
        continue;
      }
      const file = join(path, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      installed.set(`${pkg.name}@${pkg.version}`, { pkg, dir: path });
      walk(join(path, 'node_modules'));
    }
  };
  walk(join(ROOT, 'node_modules'));
  const excluding = [...installed].filter(([, { pkg }]) => pkg.engines?.node && !semver.satisfies(process.version, pkg.engines.node, { includePrerelease: true }));
  for (const [id, { pkg }] of excluding) {
    if (!ENGINE_EXCEPTIONS[id]) fail(`node_modules: ${id} declares engines.node ${pkg.engines.node}, which excludes Node ${process.version} that runs the checks (see ENGINE_EXCEPTIONS in scripts/check-packages.js)`);
  }
  for (const id of Object.keys(ENGINE_EXCEPTIONS)) {
    if (!excluding.some(([other]) => other === id)) fail(`scripts/check-packages.js: ENGINE_EXCEPTIONS names ${id}, which is no longer installed or no longer excludes Node ${process.version}`);
  }

  // The published Node packages' dependencies, through the tree npm installed: each accepts our minimum.
  const find = (from, dep) => {
    for (let dir = from; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', dep, 'package.json');
      if (existsSync(candidate)) return dirname(candidate);
      if (dir === ROOT || dir === dirname(dir)) return undefined;
    }
  };
  let runtimeDeps = 0;
  for (const name of ['server', 'sandbox']) {
    const seen = new Set();
    const queue = [join(ROOT, 'packages', name)];
    while (queue.length) {
      const dir = queue.shift();
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
        const depDir = find(dir, dep);
        if (!depDir || seen.has(depDir)) continue;
        seen.add(depDir);
        queue.push(depDir);
        const depPkg = JSON.parse(readFileSync(join(depDir, 'package.json'), 'utf8'));
        if (depPkg.engines?.node && !semver.satisfies(floor, depPkg.engines.node)) {
          fail(`@iamsmart/${name} states Node ≥ ${minimum}, but its dependency ${depPkg.name}@${depPkg.version} declares engines.node ${depPkg.engines.node}`);
        }
      }
    }
    runtimeDeps += seen.size;
  }
  checked.push(
    `Node: engines ${rootEngine} in package.json, @iamsmart/server and @iamsmart/sandbox, "Node.js ≥ ${minimum}" in README.md and "Node ≥ ${minimum}" in theirs; running ${process.version}; ${runtimeDeps} runtime dependencies of the two accept ${floor}; ${installed.size} installed packages, ${excluding.length} of whose engines exclude ${process.version}, all named exceptions (${excluding.map(([id]) => id).join(', ')})`,
  );
  return rootEngine;
}

/** The release tooling agrees with the packages: one fixed Changesets group of exactly these five, public. */
function checkChangesets(names) {
  const config = JSON.parse(readFileSync(join(ROOT, '.changeset/config.json'), 'utf8'));
  const group = config.fixed?.[0] ?? [];
  if (config.fixed?.length !== 1 || [...group].sort().join() !== [...names].sort().join()) fail(`.changeset/config.json: "fixed" should be one group of ${names.join(', ')}`);
  if (config.access !== 'public') fail('.changeset/config.json: "access" should be "public"');
  if (config.bumpVersionsWithWorkspaceProtocolOnly !== true) fail('.changeset/config.json: "bumpVersionsWithWorkspaceProtocolOnly" should be true (scripts/version-packages.js sets the internal ranges)');
  checked.push(`.changeset/config.json: one fixed group (${group.join(', ')}), access public`);
}

const tmp = mkdtempSync(join(tmpdir(), 'iamsmart-packages-'));
try {
  checkRepoResolution();
  const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const rootEngine = checkNodeTruth(rootManifest);
  for (const [name, entry] of Object.entries(BUILT)) {
    if (!existsSync(join(ROOT, 'packages', name, 'dist/index.js')) || !existsSync(join(ROOT, 'packages', name, entry))) {
      throw new Error(`packages/${name}/dist is missing: run \`npm run build\` first`);
    }
  }
  const versions = new Set(PACKAGES.map((name) => JSON.parse(readFileSync(join(ROOT, 'packages', name, 'package.json'), 'utf8')).version));
  if (versions.size !== 1) fail(`the packages' versions differ (${[...versions].join(', ')}); they are one fixed group`);
  const [groupVersion] = versions;

  // One npm process packs all five, in PACKAGES order.
  const packs = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp, '--loglevel=error', ...PACKAGES.map((name) => `--workspace=packages/${name}`)], ROOT));
  const tarballs = {};
  const manifests = {};
  PACKAGES.forEach((name, index) => {
    const packed = packs[index];
    tarballs[name] = join(tmp, packed.filename);
    const unpacked = join(tmp, `unpacked-${name}`);
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', tarballs[name], '-C', unpacked]);
    manifests[name] = checkTarball(name, join(unpacked, 'package'), groupVersion, rootEngine);
    checked.unshift(`packed ${packed.filename} (${(statSync(tarballs[name]).size / 1024).toFixed(0)} KB)`);
  });
  checkChangesets(PACKAGES.map((name) => manifests[name].name));
  const elements = Object.keys(manifests.elements.exports)
    .filter((key) => key.endsWith('/define'))
    .map((key) => key.slice(2, -'/define'.length));
  if (!failures.length) await checkConsumerApp(tmp, tarballs, elements);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

for (const line of checked) console.log(`  ${failures.length ? '·' : '✓'} ${line}`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length) {
  console.error(`\nPackage check FAILED (${seconds} s):`);
  for (const message of failures) console.error(`  ✗ ${message}`);
  process.exit(1);
}
console.log(`Package check passed in ${seconds} s.`);
