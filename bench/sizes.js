// The bench's sizes part (`node bench/run.js --only=sizes`, decision 043): the kit's size rows
// (scripts/size.js, the budgets `npm test` enforces) beside the peers' minimal login pages, built
// with the same esbuild settings and measured the same way (each file a page loads at first
// paint, gzip level 9 by size-limit; KB = 1024 bytes). The peers are root devDependencies used by
// nothing but this file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KIT, buildGraph, check, gzipSize } from '../scripts/size.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist/size/peers');

/** Each peer's smallest page that shows a login button and starts a login on its click. */
const PEERS = [
  {
    name: 'oidc-client-ts (`UserManager` + `signinRedirect`)',
    package: 'oidc-client-ts',
    entry: `import { UserManager } from 'oidc-client-ts';
const users = new UserManager({ authority: 'https://op.example', client_id: 'site', redirect_uri: location.href });
document.querySelector('button').onclick = () => users.signinRedirect();`,
  },
  {
    name: 'keycloak-js (`init` + `login`)',
    package: 'keycloak-js',
    entry: `import Keycloak from 'keycloak-js';
const keycloak = new Keycloak({ url: 'https://id.example', realm: 'site', clientId: 'site' });
await keycloak.init({});
document.querySelector('button').onclick = () => keycloak.login();`,
  },
  {
    name: 'Auth0 SPA SDK (`createAuth0Client` + `loginWithRedirect`)',
    package: '@auth0/auth0-spa-js',
    entry: `import { createAuth0Client } from '@auth0/auth0-spa-js';
const auth0 = await createAuth0Client({ domain: 'site.auth0.example', clientId: 'site' });
document.querySelector('button').onclick = () => auth0.loginWithRedirect();`,
  },
  {
    name: 'MSAL browser (`PublicClientApplication` + `loginRedirect`)',
    package: '@azure/msal-browser',
    entry: `import { PublicClientApplication } from '@azure/msal-browser';
const msal = new PublicClientApplication({ auth: { clientId: 'site' } });
await msal.initialize();
document.querySelector('button').onclick = () => msal.loginRedirect();`,
  },
  {
    name: 'Hanko elements (`register` + `<hanko-auth>`)',
    package: '@teamhanko/hanko-elements',
    entry: `import { register } from '@teamhanko/hanko-elements';
await register('https://hanko.example');
document.body.append(document.createElement('hanko-auth'));`,
  },
  {
    name: 'Yivi (core + web + client)',
    package: ['@privacybydesign/yivi-core', '@privacybydesign/yivi-web', '@privacybydesign/yivi-client'],
    entry: `import { YiviCore } from '@privacybydesign/yivi-core';
import YiviWeb from '@privacybydesign/yivi-web';
import { YiviClient } from '@privacybydesign/yivi-client';
const yivi = new YiviCore({ element: '#yivi', session: { url: 'https://yivi.example' } });
yivi.use(YiviWeb);
yivi.use(YiviClient);
document.querySelector('button').onclick = () => yivi.start();`,
  },
];

// Read from node_modules: not every peer exports its package.json.
const version = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const versions = (names) => [names].flat().map((name) => `${name} ${version(name)}`).join(', ');

/** The kit's rows and the peers', in bytes, each peer with its ratio to the kit's first paint. */
export async function benchSizes() {
  const { rows } = await check(KIT, join(OUT, 'kit'));
  const kit = rows.map((row) => ({ name: row.name, gzipBytes: row.size, ceilingBytes: row.ceiling, targetBytes: row.target }));
  const firstPaint = kit[0].gzipBytes;
  const peers = [];
  for (const [index, peer] of PEERS.entries()) {
    const graph = await buildGraph(peer.entry, join(OUT, String(index)));
    const gzipBytes = await gzipSize(graph.firstPaint);
    peers.push({ name: peer.name, versions: versions(peer.package), gzipBytes, ratioToKitFirstPaint: Number((gzipBytes / firstPaint).toFixed(2)) });
  }
  return { settings: 'esbuild (bundled, minified, ESM, code-split, es2022), each file loaded at first paint gzip level 9, KB = 1024 bytes', kit, peers };
}
