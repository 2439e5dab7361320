// The ID-token verification (id-token.ts: jose's JWS verification, JWT claims and remote key set)
// is imported when a token has to be verified — on the callback page, or when a QR login's tokens
// arrive — never by the click that starts a redirect login (decision 046). Every check runs as
// before; only when its code downloads changes. A failed download is `network_error`, and nothing
// is stored then.
import { IamSmartError } from './errors.js';
import type { IdTokenExpectations } from './id-token.js';
import type { IamSmartClaims } from './login/types.js';

/** Starts the download (callers start it early, beside the code exchange); shared by every caller. */
export const loadVerifier = (): Promise<typeof import('./id-token.js')> =>
  import('./id-token.js').catch((cause: unknown) => {
    throw new IamSmartError('network_error', "Could not load the SDK's ID-token verification code.", { cause });
  });

/** `verifyIdToken` of id-token.ts, its code imported on first use. */
export async function verifyIdTokenLater(idToken: string, expected: IdTokenExpectations): Promise<IamSmartClaims> {
  return (await loadVerifier()).verifyIdToken(idToken, expected);
}
