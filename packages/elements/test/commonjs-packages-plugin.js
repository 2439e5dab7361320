// A @web/test-runner dev-server plugin that serves CommonJS-only packages (qrcode, jsqr) to the
// browser as ES modules. Browsers cannot load CommonJS, and @rollup/plugin-commonjs does not work
// in the dev server for these (see TOOLCHAIN.md); esbuild bundles each package once into an ESM
// file whose default export is the package's `module.exports`, which is what Rollup (the build)
// and Vite (Storybook) give a default import of the same package.
import { build } from 'esbuild';

/** @param {string[]} names packages to serve this way */
export function commonjsPackagesPlugin(names) {
  /** @type {Map<string, Promise<string>>} */
  const bundles = new Map();
  const bundle = (name) =>
    build({
      stdin: { contents: `import m from '${name}';\nexport default m;\n`, resolveDir: process.cwd() },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
    }).then((result) => result.outputFiles[0].text);
  return {
    name: 'commonjs-packages',
    serve(context) {
      const name = names.find((candidate) => context.path.startsWith(`/node_modules/${candidate}/`));
      if (!name) return undefined;
      if (!bundles.has(name)) bundles.set(name, bundle(name));
      return bundles.get(name).then((body) => ({ body, type: 'js' }));
    },
  };
}
