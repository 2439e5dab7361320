import type { ResolvedIamSmartConfig } from './config/types.js';
import { fetchDiscovery } from './discovery.js';
import type { Discovery } from './discovery.js';
import { verifyIdTokenLater } from './verify-later.js';
import type { IamSmartUser } from './login/types.js';
import type { DeviceTokens } from './transport/oidc/token-polling.js';
import { IamSmartOidcClient } from './login/user-manager.js';

/**
 * The client's OpenID Provider, shared by login and the OpenID Connect sessions: discovery and the
 * login manager (each fetched once, retried after a failure), ID-token checks, revocation.
 */
export interface Provider {
  /** Discovery is fetched once per client and validated before anything uses it; a failure is retried next time. */
  getDiscovery(): Promise<Discovery>;
  getManager(): Promise<IamSmartOidcClient>;
  /** RFC 7009 at the provider's revocation endpoint, if it has one; a failure changes nothing here. */
  revokeQuietly(token: string): void;
  /** The same ID-token checks as the redirect flow (verifyIdToken), with the nonce the session sent. */
  verifyDeviceTokens(tokens: DeviceTokens, nonce: string, discovery: Discovery, scope: string): Promise<IamSmartUser>;
}

/** The provider of `config`. (A closure rather than a class: its state is local variables, which minify.) */
export function createProvider(config: ResolvedIamSmartConfig): Provider {
  let discovery: Promise<Discovery> | undefined;
  let manager: Promise<IamSmartOidcClient> | undefined;
  const getDiscovery = (): Promise<Discovery> =>
    (discovery ??= fetchDiscovery(config.issuer, config.requestTimeoutSeconds).catch((error: unknown) => {
      discovery = undefined;
      throw error;
    }));
  const getManager = (): Promise<IamSmartOidcClient> =>
    (manager ??= getDiscovery().then(
      (fetched) => new IamSmartOidcClient(config, fetched),
      (error: unknown) => {
        manager = undefined;
        throw error;
      },
    ));
  return {
    getDiscovery,
    getManager,
    revokeQuietly(token) {
      getManager()
        .then((loaded) => (loaded.hasRevocationEndpoint ? loaded.revokeAccessToken(token) : undefined))
        .catch(() => undefined);
    },
    async verifyDeviceTokens(tokens, nonce, fetched, scope) {
      // The configuration carries the expectations' clientId, clock skew, token age and timeout.
      const claims = await verifyIdTokenLater(tokens.idToken, { ...config, discovery: fetched, nonce });
      return {
        claims,
        idToken: tokens.idToken,
        accessToken: tokens.accessToken,
        tokenType: tokens.tokenType,
        scope: tokens.scope ?? scope,
        expiresAt: tokens.expiresIn === undefined ? undefined : Math.floor(Date.now() / 1000) + tokens.expiresIn,
      };
    },
  };
}
