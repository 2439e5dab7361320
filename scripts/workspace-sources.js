// In-repo resolution of the published packages' entry points to their TypeScript sources, so the
// build, the browser tests and Storybook run the code as written, never a stale dist/. The rule is
// one line: a package.json export whose file is `./dist/X.js` is `./src/X.ts` in the repo. Only the
// packages' public entry points resolve this way (as for an npm consumer); their modules import
// each other relatively. tsconfig.json's `paths` say the same for tsc, and
// scripts/check-packages.js checks that they agree with the exports.
// (The published packages carry no `source` export condition: it would point at files they do not
// ship. See docs/decisions/021-package-contract.md.)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The workspace packages whose public entry points resolve to sources. */
export const SOURCE_PACKAGES = ['sdk', 'elements'];

/**
 * `@iamsmart/<pkg>[/subpath]` → absolute path of the source file, for every export of the
 * packages that has a JavaScript file.
 * @returns {Map<string, string>}
 */
export function workspaceSourceMap() {
  /** @type {Map<string, string>} */
  const map = new Map();
  for (const dir of SOURCE_PACKAGES) {
    const packageDir = join(ROOT, 'packages', dir);
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const file = typeof target === 'string' ? target : target?.default;
      const match = typeof file === 'string' ? /^\.\/dist\/(.+)\.js$/.exec(file) : null;
      if (!match) continue;
      const source = join(packageDir, 'src', `${match[1]}.ts`);
      if (!existsSync(source)) throw new Error(`${manifest.name} exports ${subpath} → ${file}, but ${source} does not exist`);
      map.set(subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`, source);
    }
  }
  return map;
}

/**
 * A Rollup plugin (also usable in Vite) resolving the packages' entry points to their sources.
 * Goes through the other resolvers with the file's path, so @rollup/plugin-node-resolve still
 * applies the package's `sideEffects`.
 * @returns {{ name: string, enforce: 'pre', resolveId: (this: any, id: string, importer: string | undefined, options: object) => Promise<unknown> }}
 */
export function workspaceSources() {
  const map = workspaceSourceMap();
  return {
    name: 'iamsmart-workspace-sources',
    enforce: 'pre',
    async resolveId(id, importer, options) {
      const file = map.get(id);
      if (!file) return null;
      const resolved = typeof this?.resolve === 'function' ? await this.resolve(file, importer, { ...options, skipSelf: true }) : null;
      return resolved ?? file;
    },
  };
}

/**
 * The same for @web/dev-server / @web/test-runner: a plugin whose resolveImport answers with the
 * source's URL path from the server's root (the repository).
 * @returns {{ name: string, resolveImport: (args: { source: string }) => string | undefined }}
 */
export function workspaceSourcesDevServer() {
  const map = workspaceSourceMap();
  return {
    name: 'iamsmart-workspace-sources',
    resolveImport({ source }) {
      const file = map.get(source);
      return file ? `/${file.slice(ROOT.length + 1).split('\\').join('/')}` : undefined;
    },
  };
}
