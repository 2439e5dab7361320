// A QR login: a session whose approval is a login. Its ID token is verified as in the redirect
// flow, and the user is stored like any other login. Loaded on the first QR login (lazy-sessions.ts).
import { normalizeScope } from '@iamsmart/protocol';
import type { ClientParts } from '../client-parts.js';
import type { SessionFlow } from '../session/engine.js';
import type { SessionRequest } from '../session/transport.js';
import type { OidcApproval } from '../transport/oidc/transport.js';
import type { IamSmartUser, QrLoginRequest, QrLoginSnapshot } from './types.js';

/** Asks for the login's scope (and any authorization details); finishes by verifying the ID token. */
export class QrLoginFlow implements SessionFlow<OidcApproval, IamSmartUser, QrLoginSnapshot> {
  private readonly parts: ClientParts;
  private readonly request: SessionRequest;

  constructor(parts: ClientParts, request: QrLoginRequest) {
    this.parts = parts;
    const { authorizationDetails, lang } = request;
    this.request = {
      flow: 'login',
      scope: normalizeScope(request.scope ?? parts.config.scope),
      ...(authorizationDetails === undefined ? {} : { authorizationDetails }),
      ...(lang === undefined ? {} : { lang }),
    };
  }

  prepare(): Promise<SessionRequest> {
    return Promise.resolve(this.request);
  }

  finish({ tokens, nonce, discovery }: OidcApproval): Promise<IamSmartUser> {
    return this.parts.provider.verifyDeviceTokens(tokens, nonce, discovery, this.request.scope);
  }
}
