// Builds dist/: one ES module bundled by esbuild (redis and @peculiar/x509 stay imports, installed
// with the package; the internal @iamsmart/protocol and the SDK modules the server shares with the
// browser (e-ME checks, signature verification with @peculiar/x509) are inlined), then the .d.ts
// files with tsc. tsc sees the SDK's sources too, so it writes declarations into a temporary
// folder mirroring packages/, and only the server's own are copied to dist/ (the public types
// are the server's own: nothing in them refers to the SDK).
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));
rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${here}src/index.ts`],
  outfile: `${here}dist/index.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['redis', '@peculiar/x509'],
  logLevel: 'warning',
});
const types = `${here}.types`;
rmSync(types, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', `${here}tsconfig.build.json`], { stdio: 'inherit' });
cpSync(`${types}/server/src`, `${here}dist`, { recursive: true });
rmSync(types, { recursive: true, force: true });
