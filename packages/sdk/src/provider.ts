import type { ResolvedIamSmartConfig } from './config/types.js';
import { fetchDiscovery } from './discovery.js';
import type { Discovery } from './discovery.js';
import { verifyIdToken } from './id-token.js';
import type { IamSmartUser } from './login/types.js';
import type { DeviceTokens } from './transport/oidc/token-polling.js';
import { IamSmartUserManager } from './login/user-manager.js';

/**
 * The client's OpenID Provider, shared by login and the OpenID Connect sessions: discovery and the
 * login manager (each fetched once, retried after a failure), ID-token checks, revocation.
 */
export class Provider {
  private readonly config: ResolvedIamSmartConfig;
  private discovery: Promise<Discovery> | undefined;
  private manager: Promise<IamSmartUserManager> | undefined;

  constructor(config: ResolvedIamSmartConfig) {
    this.config = config;
  }

  /** Discovery is fetched once per client and validated before anything uses it; a failure is retried next time. */
  getDiscovery(): Promise<Discovery> {
    this.discovery ??= fetchDiscovery(this.config.issuer, this.config.requestTimeoutSeconds).catch((error: unknown) => {
      this.discovery = undefined;
      throw error;
    });
    return this.discovery;
  }

  getManager(): Promise<IamSmartUserManager> {
    this.manager ??= this.getDiscovery().then(
      (discovery) => new IamSmartUserManager(this.config, discovery),
      (error: unknown) => {
        this.manager = undefined;
        throw error;
      },
    );
    return this.manager;
  }

  /** RFC 7009 at the provider's revocation endpoint, if it has one; a failure changes nothing here. */
  revokeQuietly(token: string): void {
    this.getManager()
      .then((manager) => (manager.hasRevocationEndpoint ? manager.revokeAccessToken(token) : undefined))
      .catch(() => undefined);
  }

  /** The same ID-token checks as the redirect flow (verifyIdToken), with the nonce the session sent. */
  async verifyDeviceTokens(tokens: DeviceTokens, nonce: string, discovery: Discovery, scope: string): Promise<IamSmartUser> {
    // The configuration carries the expectations' clientId, clock skew, token age and timeout.
    const claims = await verifyIdToken(tokens.idToken, { ...this.config, discovery, nonce });
    return {
      claims,
      idToken: tokens.idToken,
      accessToken: tokens.accessToken,
      tokenType: tokens.tokenType,
      scope: tokens.scope ?? scope,
      expiresAt: tokens.expiresIn === undefined ? undefined : Math.floor(Date.now() / 1000) + tokens.expiresIn,
    };
  }
}
