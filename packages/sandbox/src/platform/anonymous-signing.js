/**
 * Anonymous signing (PLATFORM.md "Signing": `/anonymous/signing|pdfsigning/initiateRequest` and
 * `getResult`): no login, so no accessToken, openID or HKICHash. The relying party sends the
 * digest (hashCode, or docDigest for a PDF) with businessID, source, redirectURI, state, lang,
 * department, serviceName, documentName and sigAlgo, checked as for a logged-in resident
 * (signing.js) → `{ authByQR, ticketID }`; the browser goes through getQR with the ticketID, any
 * resident may approve on the simulator's signing screen, and the request ends like a login and
 * like an anonymous e-ME request: `code` (or `error_code`) and `state` at the redirectURI, getToken,
 * then `getResult { accessToken, businessID }` answers what account signing pushes. Registered by
 * signingRoutes (signing.js), whose ticket book and signer it shares. Decision 034.
 */
import { ANONYMOUS_SIGN_SCOPE, SIGN_AUTH_BY_QR } from './choices.js';
import { FAILED, PlatformError, SIGN_NOT_GRANTED, SIGN_PARAMETER_INVALID, TOKEN_INVALID, TOKEN_MISSING } from './codes.js';

/** @typedef {import('./eme.js').EmeRequest} EmeRequest */
/** @typedef {import('./signing.js').SigningDetails} SigningDetails */

/**
 * @param {object} deps
 * @param {ReturnType<typeof import('./api.js').createPlatformApi>} deps.api
 * @param {(accessToken: string, clientId: string) => { residentId: string, scopes: string[], eme?: EmeRequest } | undefined} deps.tokenFor
 * @param {(clientId: string, residentId: string) => string} deps.accountIdFor
 * @param {(client: import('./api.js').PlatformClient, body: Record<string, unknown>, pdf: boolean) => Omit<EmeRequest, 'clientId'>} deps.checked
 *   signing.js's parameter checks (checkedSigningRequest)
 * @param {(request: EmeRequest) => string} deps.issue a ticket in signing.js's book, so getQR finds it
 * @param {(request: EmeRequest & { signing: SigningDetails }, openID: string) => Promise<Record<string, unknown>>} deps.resultOf
 *   signing.js's signer
 */
export function anonymousSigningRoutes({ api, tokenFor, accountIdFor, checked, issue, resultOf }) {
  /** accessToken → its result, signed at the first getResult and answered alike while the token lives. @type {Map<string, { clientId: string, result: Promise<Record<string, unknown>> }>} */
  const made = new Map();

  /** POST /anonymous/signing/initiateRequest, or /anonymous/pdfsigning/… when `pdf`. @param {boolean} pdf @returns {import('./api.js').SignedHandler} */
  const initiateRequest = (pdf) => ({ client, body }) => {
    // No login grants a scope here: the client's registration is what allows it.
    if (!client.scopes.includes(ANONYMOUS_SIGN_SCOPE)) throw new PlatformError(SIGN_NOT_GRANTED, `This client is not registered for ${ANONYMOUS_SIGN_SCOPE}.`);
    const request = checked(client, body, pdf);
    return { authByQR: SIGN_AUTH_BY_QR, ticketID: issue({ ...request, anonymous: true, clientId: client.clientId }) };
  };

  /**
   * POST /anonymous/signing/getResult, or /anonymous/pdfsigning/… when `pdf`: the access token
   * from getToken after such a request and its businessID → the signed result.
   * @param {boolean} pdf @returns {import('./api.js').SignedHandler}
   */
  const getResult = (pdf) => async ({ client, body }) => {
    const { accessToken, businessID } = body;
    if (typeof accessToken !== 'string' || accessToken === '') throw new PlatformError(TOKEN_MISSING, 'accessToken is missing.');
    const token = tokenFor(accessToken, client.clientId);
    const request = token?.eme;
    if (!token || !request?.anonymous || !request.signing || Boolean(request.signing.pdf) !== pdf) {
      throw new PlatformError(TOKEN_INVALID, `The access token is unknown, expired, or not from an anonymous ${pdf ? 'PDF ' : ''}signing request.`);
    }
    if (businessID !== request.businessID) throw new PlatformError(SIGN_PARAMETER_INVALID, 'businessID is not the one of this request.');
    for (const [held, { clientId }] of made) if (!tokenFor(held, clientId)) made.delete(held);
    let entry = made.get(accessToken);
    if (!entry) {
      const signing = /** @type {SigningDetails} */ (request.signing);
      entry = { clientId: client.clientId, result: resultOf({ ...request, signing, residentId: token.residentId }, accountIdFor(client.clientId, token.residentId)) };
      made.set(accessToken, entry);
    }
    try {
      return await entry.result;
    } catch (error) {
      made.delete(accessToken);
      console.warn(`iAM Smart sandbox: signing for ${request.businessID} failed: ${/** @type {Error} */ (error).message}`);
      throw new PlatformError(FAILED, 'The signature could not be made.');
    }
  };

  api.router
    .post('/anonymous/signing/initiateRequest', api.signed(initiateRequest(false)))
    .post('/anonymous/signing/getResult', api.signed(getResult(false)))
    .post('/anonymous/pdfsigning/initiateRequest', api.signed(initiateRequest(true)))
    .post('/anonymous/pdfsigning/getResult', api.signed(getResult(true)));
}
