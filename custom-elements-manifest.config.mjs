// Custom Elements Manifest for @iamsmart/elements, generated from the classes' JSDoc
// (`npm run analyze`). Storybook's autodocs read the root copy; the package ships its own copy
// (its package.json "customElements" field points at it), and the framework types and editor data
// made from it (scripts/framework-types.js).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, posix } from 'node:path';
import { frameworkIntegrations } from './scripts/framework-types.js';

const PACKAGE_DIR = 'packages/elements/';
const PACKAGE_MANIFEST = `${PACKAGE_DIR}custom-elements.json`;

/**
 * Drops what is not public API (private/protected members, `static styles` and friends) so the
 * docs tables show only what a page author can use.
 */
function publicApiOnly() {
  return {
    name: 'iams-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.members) {
            declaration.members = declaration.members.filter(
              (member) => !member.static && member.privacy !== 'private' && member.privacy !== 'protected' && !member.name.startsWith('#'),
            );
          }
          if (declaration.events) declaration.events = documentedEvents(declaration.events);
        }
      }
    },
  };
}

/**
 * The analyzer also guesses events from `dispatchEvent(new SomeEvent(arg))`, naming them after
 * the constructor's first argument (`undefined`, or a variable such as `detail`). Our event
 * classes carry their own names, so those guesses are wrong whenever `@event` documents the
 * same event type; keep the documented entries.
 */
function documentedEvents(events) {
  const documentedTypes = new Set(events.filter((event) => event.description).map((event) => event.type?.text));
  return events.filter((event) => event.name && (event.description || !documentedTypes.has(event.type?.text)));
}

/**
 * Writes the package's copy, with module paths pointing at the files the package ships and
 * relative to the package, as tools resolve them against the package root:
 * `packages/elements/src/login-button/login-button.ts` (or `/packages/…/login-button.js`, as the
 * analyzer writes some references) becomes `dist/login-button/login-button.js`. Modules that hold
 * only types compile to no JavaScript, so the copy leaves them out.
 */
function packageCopy() {
  const sourcePrefix = new RegExp(`^/?${PACKAGE_DIR}src/`);
  const relocate = (value) =>
    typeof value === 'string' && sourcePrefix.test(value) ? `dist/${value.replace(sourcePrefix, '').replace(/\.ts$/, '.js')}` : value;
  const typeOnly = new Set();
  return {
    name: 'iams-package-copy',
    analyzePhase({ ts, node, moduleDoc }) {
      if (ts.isSourceFile(node) && node.statements.length && node.statements.every((statement) => isTypeOnly(ts, statement))) {
        typeOnly.add(moduleDoc.path);
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const copy = JSON.parse(JSON.stringify(customElementsManifest), (key, value) =>
        key === 'path' || key === 'module' ? relocate(value) : value,
      );
      copy.modules = copy.modules.filter((mod) => !typeOnly.has(mod.path.replace(/^dist\//, `${PACKAGE_DIR}src/`).replace(/\.js$/, '.ts')));
      // A re-export (`export { X } from '../shared/x.js'`) keeps its specifier as written: resolved
      // here against its own module, as tools read every path from the package root. Re-exports of
      // a types-only module name nothing the package ships, so they go too.
      const shipsNothing = (module) => typeOnly.has(module.replace(/^dist\//, `${PACKAGE_DIR}src/`).replace(/\.js$/, '.ts'));
      for (const mod of copy.modules) {
        for (const exported of mod.exports ?? []) {
          const declared = exported.declaration?.module;
          if (typeof declared === 'string' && /^\.\.?\//.test(declared)) exported.declaration.module = posix.join(posix.dirname(mod.path), declared);
        }
        if (mod.exports) mod.exports = mod.exports.filter((exported) => !(exported.declaration?.module && shipsNothing(exported.declaration.module)));
      }
      mkdirSync(dirname(PACKAGE_MANIFEST), { recursive: true });
      writeFileSync(PACKAGE_MANIFEST, `${JSON.stringify(copy, null, 2)}\n`);
    },
  };
}

/** A statement that TypeScript erases: an interface, a type alias, a type-only import or export. */
function isTypeOnly(ts, statement) {
  return (
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    (ts.isImportDeclaration(statement) && Boolean(statement.importClause?.isTypeOnly)) ||
    (ts.isExportDeclaration(statement) && statement.isTypeOnly)
  );
}

export default {
  globs: ['packages/elements/src/**/*.ts'],
  // Only what the package ships: no tests, stories or test support.
  exclude: ['**/*.test.ts', '**/*.stories.ts', '**/*.d.ts', '**/test-support/**', '**/test/**'],
  outdir: '.',
  litelement: true,
  // The root package.json is not the elements package; its "customElements" field is set by hand.
  packagejson: false,
  plugins: [publicApiOnly(), packageCopy(), frameworkIntegrations({ packageDir: PACKAGE_DIR })],
};
