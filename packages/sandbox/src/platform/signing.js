/**
 * Hash signing for a logged-in resident (PLATFORM.md "Signing"):
 * `POST /api/v1/account/signing/initiateRequest` (signed, encrypted) answers `{ authByQR, ticketID }`;
 * the browser goes through getQR with the ticketID (auth.js), the resident sees the site, the
 * department, service, document name and the hash's fingerprint on the simulator's signing screen,
 * and on approval the hash is signed with the resident's key from the sandbox CA (the CSC
 * service's, sign/ca.js) and pushed to the redirectURI (push.js) like an e-ME result.
 * `POST /api/v1/account/signing/ackResult` records the relying party's SR001/SR002.
 * `/account/pdfsigning/initiateRequest` is the same with `docDigest` instead of `hashCode`, answered
 * with a detached CMS signature (pdf-signing.js); the anonymous variants are in anonymous-signing.js,
 * registered here so that they share the ticket book and the signer.
 * The not-public points are in choices.js and codes.js (decisions 032, 034).
 */
import { createHash, constants, privateEncrypt } from 'node:crypto';
import { findResident } from '../residents.js';
import { credentialIdFor } from '../sign/ca.js';
import { endingPush, endingsOf, loggedInResident, requestBasics, requestLangOf, routeRequest, sealedContent, ticketBook } from './account-requests.js';
import { anonymousSigningRoutes } from './anonymous-signing.js';
import {
  PDF_SIGN_RESULT_MEMBERS, PDF_SIGNATURE_MEMBER, SIGN_ACK_VALUES, SIGN_ALGORITHMS, SIGN_RESULT_MEMBERS, SIGN_TEXT_MAX,
} from './choices.js';
import { detachedSignedData } from './pdf-signing.js';
import {
  FAILED, HKIC_HASH_MISMATCH, PlatformError, SIGN_ALGORITHM_UNSUPPORTED, SIGN_HASH_INVALID, SIGN_NOT_GRANTED,
  SIGN_PARAMETER_INVALID,
} from './codes.js';

/** @typedef {import('./eme.js').EmeRequest} EmeRequest */

/**
 * @typedef {object} SigningDetails what is signed, carried on the login session's request
 * @property {string} hashCode Base64 of the 32-byte SHA-256 digest (a PDF request's docDigest)
 * @property {string} department
 * @property {string} serviceName
 * @property {string} documentName
 * @property {string} sigAlgo
 * @property {boolean} [pdf] a PDF signing request: the digest came as docDigest and the answer is a detached CMS signature
 */

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** DER prefix of a DigestInfo for SHA-256 (RFC 8017 §9.2 note 1): the digest's 32 bytes follow. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** @type {Record<import('./login-sessions.js').EmeOutcome, [string, string]>} */
const ENDINGS = endingsOf('The resident declined to sign.');

/** Base64(SHA-256(HKID without its check digit)), as the relying party computes HKICHash. @param {import('../residents.js').Resident} resident */
export function hkicHashOf(resident) {
  return createHash('sha256').update(resident.eme.idNo.identification).digest('base64');
}

/**
 * RSASSA-PKCS1-v1_5 over a SHA-256 digest already computed (the relying party sends only the
 * hash): PKCS#1 type-1 padding of DigestInfo ‖ digest with the private key, which is what
 * `crypto.sign('sha256', document, key)` gives for the document itself.
 * @param {import('node:crypto').KeyObject} privateKey @param {Buffer} digest 32 bytes
 */
export function signDigest(privateKey, digest) {
  return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest]));
}

/** The member naming the digest to sign: `hashCode`, or `docDigest` for PDF signing. @param {boolean} pdf */
export const digestMember = (pdf) => (pdf ? 'docDigest' : 'hashCode');

/**
 * The parameters every signing initiateRequest shares, checked in this order: businessID, source,
 * redirectURI, state, lang, department/serviceName/documentName, sigAlgo, then the digest
 * (hashCode, or docDigest for PDF signing).
 * @param {import('./api.js').PlatformClient} client @param {Record<string, unknown>} body
 * @param {readonly string[]} sources @param {boolean} pdf
 * @returns {Omit<EmeRequest, 'clientId'>} the request without its resident
 */
export function checkedSigningRequest(client, body, sources, pdf) {
  const bad = (/** @type {string} */ details) => new PlatformError(SIGN_PARAMETER_INVALID, details);
  const { businessID, redirectURI, state } = requestBasics(client, body, sources, bad);
  const lang = requestLangOf(body.lang, bad);
  const texts = /** @type {Record<string, unknown>} */ ({ department: body.department, serviceName: body.serviceName, documentName: body.documentName });
  for (const [name, max] of Object.entries(SIGN_TEXT_MAX)) {
    const text = texts[name];
    if (typeof text !== 'string' || text.trim() === '' || text.length > max) throw bad(`${name} must be 1 to ${max} characters.`);
  }
  const algorithm = body.sigAlgo ?? SIGN_ALGORITHMS[0];
  if (typeof algorithm !== 'string' || !SIGN_ALGORITHMS.includes(algorithm)) {
    throw new PlatformError(SIGN_ALGORITHM_UNSUPPORTED, `sigAlgo must be ${SIGN_ALGORITHMS.join(' or ')}.`);
  }
  const member = digestMember(pdf);
  const digest = body[member];
  if (typeof digest !== 'string' || !BASE64.test(digest) || Buffer.from(digest, 'base64').length !== 32
    || Buffer.from(digest, 'base64').toString('base64') !== digest) {
    throw new PlatformError(SIGN_HASH_INVALID, `${member} must be the Base64 of a SHA-256 digest (32 bytes).`);
  }
  const documentName = /** @type {string} */ (texts.documentName);
  return {
    businessID, redirectUri: redirectURI, state, lang, formName: documentName, formNum: '', formDesc: '', fields: [],
    signing: {
      hashCode: digest, department: /** @type {string} */ (texts.department), serviceName: /** @type {string} */ (texts.serviceName),
      documentName, sigAlgo: algorithm, ...(pdf ? { pdf: true } : {}),
    },
  };
}

/**
 * @param {object} deps
 * @param {ReturnType<typeof import('./api.js').createPlatformApi>} deps.api
 * @param {import('./account-requests.js').TokenFor} deps.tokenFor
 * @param {(clientId: string, residentId: string) => string} deps.accountIdFor
 * @param {import('./push.js').Pusher} deps.pusher
 * @param {readonly string[]} deps.sources
 * @param {Awaited<ReturnType<typeof import('../sign/ca.js').loadSigningCa>>} deps.ca
 * @param {import('./account-requests.js').ToPhone} [deps.toPhone] the phone's inbox (decision 033)
 */
export function signingRoutes({ api, tokenFor, accountIdFor, pusher, sources, ca, toPhone }) {
  const tickets = ticketBook(api);
  /** businessID → what was pushed and acknowledged, per client. @type {Map<string, { clientId: string, ack?: string }>} */
  const results = new Map();
  const resultKey = (/** @type {string} */ clientId, /** @type {string} */ businessID) => `${clientId}\n${businessID}`;

  /**
   * POST /account/signing/initiateRequest, or /account/pdfsigning/initiateRequest when `pdf`.
   * @param {boolean} pdf @returns {import('./api.js').SignedHandler}
   */
  const initiateRequest = (pdf) => ({ client, body }) => {
    const { residentId, openID, device } = loggedInResident({ tokenFor, accountIdFor }, client, body, 'eidapi_sign', SIGN_NOT_GRANTED);
    const request = checkedSigningRequest(client, body, sources, pdf);
    const resident = findResident(residentId);
    if (!resident || body.HKICHash !== hkicHashOf(resident)) {
      throw new PlatformError(HKIC_HASH_MISMATCH, 'HKICHash is not the resident\'s: the platform does not sign for anybody else.');
    }
    return routeRequest(tickets, toPhone, client, { ...request, residentId, openID, clientId: client.clientId }, device);
  };

  /**
   * The signed result of an approved request: `{ businessID, hashCode | docDigest, timestamp,
   * signature, cert }`, signature being the raw RSASSA-PKCS1-v1_5 signature, or for PDF signing
   * the detached CMS SignedData (PDF_SIGNATURE_MEMBER); recorded for ackResult.
   * @param {EmeRequest & { signing: SigningDetails }} request @param {string} openID the resident's at this client (the certificate's pseudonym)
   */
  async function resultOf(request, openID) {
    const { signing } = request;
    const credential = ca.credentials.get(credentialIdFor(/** @type {string} */ (request.residentId)));
    if (!credential) throw new Error('the resident has no signing credential');
    const certificate = await ca.certificateFor(credential, openID);
    const digest = Buffer.from(signing.hashCode, 'base64');
    const timestamp = api.now();
    const signature = signing.pdf
      ? detachedSignedData({ digest, privateKey: credential.privateKey, certificate, chain: [ca.rootCertificate], signingTime: new Date(timestamp) })
      : signDigest(credential.privateKey, digest);
    results.set(resultKey(request.clientId, request.businessID), { clientId: request.clientId });
    /** @type {Record<string, unknown>} */
    const values = {
      businessID: request.businessID, [digestMember(Boolean(signing.pdf))]: signing.hashCode, timestamp,
      [signing.pdf ? PDF_SIGNATURE_MEMBER : 'signature']: signature.toString('base64'), cert: certificate.raw.toString('base64'),
    };
    return Object.fromEntries((signing.pdf ? PDF_SIGN_RESULT_MEMBERS : SIGN_RESULT_MEMBERS).map((member) => [member, values[member]]));
  }

  /** POST /account/signing/ackResult. @type {import('./api.js').SignedHandler} */
  function ackResult({ client, body }) {
    const { businessID, signingResult } = body;
    const result = typeof businessID === 'string' ? results.get(resultKey(client.clientId, businessID)) : undefined;
    if (!result) throw new PlatformError(SIGN_PARAMETER_INVALID, 'businessID is not a signing result pushed to this client.');
    if (typeof signingResult !== 'string' || !SIGN_ACK_VALUES.includes(signingResult)) {
      throw new PlatformError(SIGN_PARAMETER_INVALID, `signingResult must be ${SIGN_ACK_VALUES.join(' or ')}.`);
    }
    result.ack = signingResult;
    return { businessID };
  }

  api.router
    .post('/account/signing/initiateRequest', api.signed(initiateRequest(false)))
    .post('/account/pdfsigning/initiateRequest', api.signed(initiateRequest(true)))
    .post('/account/signing/ackResult', api.signed(ackResult));
  anonymousSigningRoutes({
    api, tokenFor, accountIdFor, issue: tickets.issue, resultOf,
    checked: (client, body, pdf) => checkedSigningRequest(client, body, sources, pdf),
  });

  return {
    /** The signing request of a ticketID, used once (getQR). */
    take: tickets.take,

    /**
     * How the signing request ended, pushed to the redirectURI: approved with the signature and
     * certificate; otherwise its code and no content (as e-ME).
     * @param {EmeRequest} request @param {import('./login-sessions.js').EmeOutcome} outcome
     */
    async settle(request, outcome) {
      const client = api.clientFor(request.clientId);
      const signing = request.signing;
      if (!client || !signing) return;
      const push = endingPush(ENDINGS, request, outcome);
      if (outcome === 'approved') {
        try {
          Object.assign(push, sealedContent(client, await resultOf({ ...request, signing }, /** @type {string} */ (request.openID))));
        } catch (error) {
          // Approved but not signed: the relying party still hears how it ended, without content.
          console.warn(`iAM Smart sandbox: signing for ${request.businessID} failed: ${/** @type {Error} */ (error).message}`);
          Object.assign(push, { code: FAILED, message: 'The signature could not be made.' });
        }
      }
      void pusher.deliver(request.redirectUri, push);
    },

    /** The acknowledgement recorded for a businessID (tests, the demo). @param {string} clientId @param {string} businessID */
    ackOf(clientId, businessID) {
      return results.get(resultKey(clientId, businessID))?.ack;
    },
  };
}

/** @typedef {ReturnType<typeof signingRoutes>} SigningRequests */
