// The second step of `npm run version-packages`, after `changeset version`: the five packages are
// one fixed version group (.changeset/config.json), so their ranges on each other follow that
// version — the elements' peer `^V` on @iamsmart/sdk, the sandbox's exact `V` on
// @iamsmart/protocol. Changesets leaves these to us (`bumpVersionsWithWorkspaceProtocolOnly`):
// otherwise a 0.x minor leaves the peer range `^0.1.0` and it bumps the whole group to 1.0.0.
// See docs/decisions/038-publishing.md. `npm run check:packages` fails when they disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const PUBLISHED = ['protocol', 'sdk', 'elements', 'server', 'sandbox'];

const read = (name) => JSON.parse(readFileSync(join(ROOT, 'packages', name, 'package.json'), 'utf8'));
const versions = new Set(PUBLISHED.map((name) => read(name).version));
if (versions.size !== 1) throw new Error(`The fixed group's versions differ: ${[...versions].join(', ')}`);
const [version] = versions;

/** The range a package in the group puts on another: a peer accepts the minor, a dependency is pinned. */
const internalRange = (field, groupVersion) => (field === 'peerDependencies' ? `^${groupVersion}` : groupVersion);

for (const name of PUBLISHED) {
  const file = join(ROOT, 'packages', name, 'package.json');
  const text = readFileSync(file, 'utf8');
  const pkg = JSON.parse(text);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const dep of Object.keys(pkg[field] ?? {})) {
      if (dep.startsWith('@iamsmart/')) pkg[field][dep] = internalRange(field, version);
    }
  }
  const out = `${JSON.stringify(pkg, null, 2)}\n`;
  if (out !== text) {
    writeFileSync(file, out);
    console.log(`packages/${name}/package.json: @iamsmart/* ranges set for ${version}`);
  }
}
