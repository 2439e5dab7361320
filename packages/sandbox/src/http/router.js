/**
 * The sandbox's own routes, in front of oidc-provider's: the login interaction (login/), the
 * phone-app simulator (app/) and the static assets. Anything else goes on to the provider.
 */
import Router from '@koa/router';
import { appRoutes } from '../app/routes.js';
import { loginRoutes } from '../login/routes.js';
import { assetRoutes } from './assets.js';

/**
 * @param {import('oidc-provider').default} provider
 * @param {{ issuer: string, sessions: import('../app/state.js').SessionEngine,
 *   accountIdFor: (clientId: string, residentId: string) => string }} options `sessions`: the
 *   cross-device engine behind the simulator's QR and identification-code pages; `accountIdFor`:
 *   the resident's account id at a client (pairwise: it is the `sub`)
 */
export function sandboxRoutes(provider, { issuer, sessions, accountIdFor }) {
  const authorizationEndpoint = new URL(provider.pathFor('authorization'), issuer);
  return new Router()
    .use(loginRoutes({ provider, accountIdFor }).routes())
    .use(appRoutes({ issuer, authorizationEndpoint, engine: sessions }).routes())
    .use(assetRoutes().routes())
    .routes();
}
