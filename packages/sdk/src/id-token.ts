import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { IamSmartError } from './errors.js';
import type { Discovery } from './discovery.js';
import type { IamSmartClaims } from './login/types.js';

export interface IdTokenExpectations {
  discovery: Discovery;
  clientId: string;
  /** The nonce this browser sent in the authorization request. */
  nonce: string;
  clockSkewSeconds: number;
  maxIdTokenAgeSeconds: number;
  requestTimeoutSeconds: number;
}

function claimError(claim: string, message: string, cause?: unknown): IamSmartError {
  return new IamSmartError('id_token_claims', `ID token claim \`${claim}\`: ${message}`, { cause });
}

/** Translates jose's errors into the kit's codes, naming the claim that failed. */
function fromJose(cause: unknown): IamSmartError {
  if (cause instanceof errors.JWTClaimValidationFailed || cause instanceof errors.JWTExpired) {
    return claimError(cause.claim, cause.message, cause);
  }
  if (cause instanceof errors.JWKSTimeout || (cause instanceof TypeError && !(cause instanceof errors.JOSEError))) {
    return new IamSmartError('issuer_unreachable', 'Could not fetch the provider\'s signing keys (jwks_uri).', { cause });
  }
  if (cause instanceof errors.JWKSInvalid || (cause instanceof errors.JOSEError && cause.code === errors.JOSEError.code)) {
    return new IamSmartError('discovery_invalid', `The provider's signing keys (jwks_uri) are unusable: ${cause.message}`, { cause });
  }
  if (cause instanceof errors.JWKSMultipleMatchingKeys) {
    // OpenID Connect Core §10.1: with several keys the provider must say which one (kid) signed.
    return new IamSmartError('id_token_signature', 'The ID token has no `kid` although the provider publishes several keys for its algorithm, so its signing key cannot be chosen.', { cause });
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return new IamSmartError('id_token_signature', `The ID token's signature is not valid: ${message}`, { cause });
}

type RemoteKeys = ReturnType<typeof createRemoteJWKSet>;
const keySets = new Map<string, RemoteKeys>();

/**
 * The provider's signing keys, one jose key set per jwks_uri for the page's life: a key id seen
 * once is never fetched again (cacheMaxAge: Infinity), and a token naming a key id the set lacks
 * refetches it at once (cooldownDuration: 0), so a rotated key is followed on its first token.
 * jose fetches only when the set is empty or lacks the token's key, and shares a fetch under way.
 */
function remoteKeys(jwksUri: string, requestTimeoutSeconds: number): RemoteKeys {
  const cacheKey = `${requestTimeoutSeconds} ${jwksUri}`;
  let keys = keySets.get(cacheKey);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: requestTimeoutSeconds * 1000, cacheMaxAge: Infinity, cooldownDuration: 0 });
    keySets.set(cacheKey, keys);
  }
  return keys;
}

/**
 * Verifies the ID token with jose: signature against the provider's JWKS with an allow-list of
 * algorithms (a token without `kid` is accepted only when one key fits; an unknown critical header
 * is refused), then `iss` (exact), `aud` (exactly this client, no other audience), `azp`, `exp`,
 * `nbf`, `iat` (not in the future, not too old; all with the clock skew), `nonce` and `sub`. Returns the verified claims. oidc-client-ts checks none of these except
 * `sub` and `nonce`, and verifies no signature.
 */
export async function verifyIdToken(idToken: string, expected: IdTokenExpectations): Promise<IamSmartClaims> {
  const { discovery, clientId } = expected;
  const keys = remoteKeys(discovery.jwks_uri, expected.requestTimeoutSeconds);
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(idToken, keys, {
      algorithms: discovery.id_token_signing_alg_values_supported,
      issuer: discovery.issuer,
      audience: clientId,
      clockTolerance: expected.clockSkewSeconds,
      maxTokenAge: expected.maxIdTokenAgeSeconds,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    }));
  } catch (cause) {
    throw fromJose(cause);
  }

  const { aud, azp, nonce, sub } = payload;
  if (azp !== undefined && azp !== clientId) throw claimError('azp', `is ${JSON.stringify(azp)}, not this client.`);
  // OpenID Connect Core §3.1.3.7: a token whose audiences include one the client does not trust
  // must be rejected, whatever azp says. This client trusts only itself, so aud is exactly it.
  const audiences = Array.isArray(aud) ? aud : [aud];
  const untrusted = audiences.filter((audience) => audience !== clientId);
  if (untrusted.length > 0 || audiences.length !== 1) {
    throw claimError('aud', `names audiences this client does not trust (${JSON.stringify(untrusted)}); it must name only this client.`);
  }
  if (nonce !== expected.nonce) throw claimError('nonce', 'does not match the nonce sent with the login (possible replay).');
  if (typeof sub !== 'string' || sub === '') throw claimError('sub', 'missing or empty.');
  return payload as IamSmartClaims;
}
