/**
 * POST /api/v1/security/getKey and /revokeKey (PLATFORM.md "Keys and encryption").
 */
import { wrapKey } from './scheme.js';

/**
 * @param {ReturnType<typeof import('./api.js').createPlatformApi>} api
 */
export function securityRoutes(api) {
  // Signed, no body. The answer's content is plain JSON (choices.js GET_KEY_CONTENT_ENCRYPTED):
  // secretKey inside is wrapped to the client's encipherment certificate.
  api.router.post('/security/getKey', api.signed(({ client }) => {
    const record = api.keys.issue(client.clientId);
    return {
      secretKey: wrapKey(client.enciphermentCertificate, record.key),
      pubKey: api.platformPublicKey,
      issueAt: record.issueAt,
      expiresIn: record.expiresIn,
    };
  }, { encrypted: false }));

  // Signed, no body. Revokes the live key at once; without one it is refused (D3000x) and nothing
  // changes. No content: after the revoke there is no key to encrypt it under.
  api.router.post('/security/revokeKey', api.signed(({ client }) => {
    api.keys.revoke(client.clientId);
    return undefined;
  }, { encrypted: false }));
}
