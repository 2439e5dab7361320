// `npm run check:packages` (a stage of `npm test`, after the build): what an npm consumer gets.
// Packs @iamsmart/sdk, @iamsmart/elements and @iamsmart/server as `npm publish` would, checks the
// tarballs (no tests, stories or test support; every export, type reference and manifest path
// resolves inside the tarball; nothing refers to the private @iamsmart/protocol), then installs ONLY
// the two browser packages' tarballs (plus vite and typescript, at the repo's versions) into a fresh Vite + TypeScript app
// whose main.ts uses the public API, and runs `tsc --noEmit` (strict, skipLibCheck off) and
// `vite build` there. Run `npm run build` first. See docs/decisions/021-package-contract.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workspaceSourceMap } from './workspace-sources.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(ROOT, 'package.json'));
const PACKAGES = ['sdk', 'elements', 'server'];
/** Where each package's type entry point is (the server's tsc writes beside its bundle). */
const TYPES_ENTRY = { sdk: 'dist/types/index.d.ts', elements: 'dist/types/index.d.ts', server: 'dist/index.d.ts' };
/** What must never ship: tests, stories, test support, test fixtures. */
const NOT_SHIPPED = /(^|\/)(test-support|tests?|__tests__|stories)\/|\.(test|spec|stories)\.[cm]?[jt]sx?(\.map)?$|\.test\.d\.ts$/;
/** Module specifiers in JS and .d.ts (static and dynamic imports, re-exports, import types). */
const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;

const started = Date.now();
const failures = [];
const checked = [];
const fail = (message) => failures.push(message);

/** The app's npm runs outside the repo: drop npm's per-run settings inherited from `npm run`. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^npm_/i.test(key) || /^npm_config_(cache|registry|userconfig|globalconfig)$/i.test(key),
  ),
);

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${result.stdout}\n${result.stderr}`.trim());
  }
  return result.stdout;
}

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

/** Checks one unpacked tarball; returns its manifest. */
function checkTarball(name, dir) {
  const files = new Set(listFiles(dir));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const label = manifest.name;

  for (const file of files) if (NOT_SHIPPED.test(file)) fail(`${label}: ships ${file}`);
  if (manifest.private) fail(`${label}: is private`);

  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    if (manifest[field]?.['@iamsmart/protocol']) fail(`${label}: ${field} names the private @iamsmart/protocol`);
  }

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
  for (const field of ['main', 'types', 'customElements']) {
    if (manifest[field] && !files.has(manifest[field].replace(/^\.\//, ''))) fail(`${label}: "${field}" → ${manifest[field]}: not in the tarball`);
  }

  // Every relative import resolves inside the tarball; nothing imports @iamsmart/protocol.
  let modules = 0;
  for (const file of files) {
    const isDts = file.endsWith('.d.ts');
    if (!isDts && !file.endsWith('.js')) continue;
    modules += 1;
    const text = readFileSync(join(dir, file), 'utf8');
    for (const [, , spec] of text.matchAll(SPECIFIERS)) {
      if (spec === '@iamsmart/protocol' || spec.startsWith('@iamsmart/protocol/')) fail(`${label}: ${file} imports ${spec}`);
      if (!spec.startsWith('.')) continue;
      const resolved = posix.normalize(posix.join(posix.dirname(file), spec));
      const candidates = isDts ? [resolved.replace(/\.js$/, '.d.ts'), `${resolved}.d.ts`, `${resolved}/index.d.ts`] : [resolved];
      if (!candidates.some((candidate) => files.has(candidate))) fail(`${label}: ${file} imports ${spec}, not in the tarball`);
    }
  }

  if (name === 'elements') checkElements(label, manifest, files, dir);
  checked.push(`${label}: ${files.size} files, ${exportKeys.length} exports (${exportKeys.join(', ')}), ${modules} modules' imports resolve inside the tarball`);
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

  t = Date.now();
  run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  checked.push(`app: tsc --noEmit (strict, skipLibCheck false): main.ts uses createClient, createBackendClient (@iamsmart/sdk/backend), SignResult, EmeData, IamSmartErrorCode, SessionState, @iamsmart/sdk/sign, ${elements.length} define entries, HTMLElementTagNameMap, GlobalEventHandlersEventMap['iams-login'] (${((Date.now() - t) / 1000).toFixed(1)} s)`);

  t = Date.now();
  run(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], app);
  const assets = readdirSync(join(app, 'dist/assets')).filter((file) => file.endsWith('.js'));
  if (!assets.length) fail('app: vite build wrote no JavaScript');
  checked.push(`app: vite build: ${assets.length} JS files (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

const tmp = mkdtempSync(join(tmpdir(), 'iamsmart-packages-'));
try {
  checkRepoResolution();

  const tarballs = {};
  let elements = [];
  for (const name of PACKAGES) {
    const packageDir = join(ROOT, 'packages', name);
    if (!existsSync(join(packageDir, 'dist/index.js')) || !existsSync(join(packageDir, TYPES_ENTRY[name]))) {
      throw new Error(`packages/${name}/dist is missing: run \`npm run build\` first`);
    }
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp, '--loglevel=error'], packageDir));
    tarballs[name] = join(tmp, packed.filename);
    const unpacked = join(tmp, `unpacked-${name}`);
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', tarballs[name], '-C', unpacked]);
    const manifest = checkTarball(name, join(unpacked, 'package'));
    checked.unshift(`packed ${packed.filename} (${(statSync(tarballs[name]).size / 1024).toFixed(0)} KB)`);
    if (name === 'elements') {
      elements = Object.keys(manifest.exports).filter((key) => key.endsWith('/define')).map((key) => key.slice(2, -'/define'.length));
    }
  }
  if (!failures.length) checkConsumerApp(tmp, tarballs, elements);
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
