/**
 * Hash signing for a logged-in resident (PLATFORM.md "Signing"):
 * `POST /api/v1/account/signing/initiateRequest` (signed, encrypted) answers `{ authByQR, ticketID }`;
 * the browser goes through getQR with the ticketID (auth.js), the resident sees the site, the
 * department, service, document name and the hash's fingerprint on the simulator's signing screen,
 * and on approval the hash is signed with the resident's key from the sandbox CA (the CSC
 * service's, sign/ca.js) and pushed to the redirectURI (push.js) like an e-ME result.
 * `POST /api/v1/account/signing/ackResult` records the relying party's SR001/SR002.
 * The not-public points are in choices.js and codes.js (decision 032).
 */
import { createHash, constants, privateEncrypt } from 'node:crypto';
import { findResident } from '../residents.js';
import { credentialIdFor } from '../sign/ca.js';
import { endingPush, loggedInResident, requestBasics, routeRequest, sealedContent, ticketBook } from './account-requests.js';
import { SIGN_ACK_VALUES, SIGN_ALGORITHMS, SIGN_TEXT_MAX } from './choices.js';
import {
  CANCELLED, FAILED, HKIC_HASH_MISMATCH, PlatformError, REJECTED,
  SIGN_ALGORITHM_UNSUPPORTED, SIGN_HASH_INVALID, SIGN_NOT_GRANTED, SIGN_PARAMETER_INVALID, SUCCESS, TIMEOUT,
} from './codes.js';

/** @typedef {import('./eme.js').EmeRequest} EmeRequest */

/**
 * @typedef {object} SigningDetails what is signed, carried on the login session's request
 * @property {string} hashCode Base64 of the 32-byte SHA-256 digest
 * @property {string} department
 * @property {string} serviceName
 * @property {string} documentName
 * @property {string} sigAlgo
 */

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** DER prefix of a DigestInfo for SHA-256 (RFC 8017 §9.2 note 1): the digest's 32 bytes follow. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** @type {Record<import('./login-sessions.js').EmeOutcome, [string, string]>} */
const ENDINGS = {
  approved: [SUCCESS, 'SUCCESS'],
  declined: [REJECTED, 'The resident declined to sign.'],
  stopped: [FAILED, 'The request was stopped in the app (a wrong identification code, or a second phone).'],
  cancelled: [CANCELLED, 'The request was cancelled on the page.'],
  expired: [TIMEOUT, 'The request timed out.'],
};

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

  /** POST /account/signing/initiateRequest. @type {import('./api.js').SignedHandler} */
  function initiateRequest({ client, body }) {
    const { hashCode, HKICHash, sigAlgo } = body;
    const { residentId, openID, device } = loggedInResident({ tokenFor, accountIdFor }, client, body, 'eidapi_sign', SIGN_NOT_GRANTED);
    const bad = (/** @type {string} */ details) => new PlatformError(SIGN_PARAMETER_INVALID, details);
    const { businessID, redirectURI, state } = requestBasics(client, body, sources, bad);
    const texts = /** @type {Record<string, unknown>} */ ({ department: body.department, serviceName: body.serviceName, documentName: body.documentName });
    for (const [name, max] of Object.entries(SIGN_TEXT_MAX)) {
      const text = texts[name];
      if (typeof text !== 'string' || text.trim() === '' || text.length > max) throw bad(`${name} must be 1 to ${max} characters.`);
    }
    const algorithm = sigAlgo ?? SIGN_ALGORITHMS[0];
    if (typeof algorithm !== 'string' || !SIGN_ALGORITHMS.includes(algorithm)) {
      throw new PlatformError(SIGN_ALGORITHM_UNSUPPORTED, `sigAlgo must be ${SIGN_ALGORITHMS.join(' or ')}.`);
    }
    if (typeof hashCode !== 'string' || !BASE64.test(hashCode) || Buffer.from(hashCode, 'base64').length !== 32
      || Buffer.from(hashCode, 'base64').toString('base64') !== hashCode) {
      throw new PlatformError(SIGN_HASH_INVALID, 'hashCode must be the Base64 of a SHA-256 digest (32 bytes).');
    }
    const resident = findResident(residentId);
    if (!resident || HKICHash !== hkicHashOf(resident)) {
      throw new PlatformError(HKIC_HASH_MISMATCH, 'HKICHash is not the resident\'s: the platform does not sign for anybody else.');
    }
    return routeRequest(tickets, toPhone, client, {
      residentId, openID, businessID, clientId: client.clientId, redirectUri: redirectURI, state,
      lang: 'zh-HK', formName: /** @type {string} */ (texts.documentName), formNum: '', formDesc: '', fields: [],
      signing: {
        hashCode, department: /** @type {string} */ (texts.department), serviceName: /** @type {string} */ (texts.serviceName),
        documentName: /** @type {string} */ (texts.documentName), sigAlgo: algorithm,
      },
    }, device);
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
    .post('/account/signing/initiateRequest', api.signed(initiateRequest))
    .post('/account/signing/ackResult', api.signed(ackResult));

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
          const credential = ca.credentials.get(credentialIdFor(/** @type {string} */ (request.residentId)));
          if (!credential) throw new Error('the resident has no signing credential');
          const certificate = await ca.certificateFor(credential, /** @type {string} */ (request.openID));
          const signature = signDigest(credential.privateKey, Buffer.from(signing.hashCode, 'base64'));
          const content = {
            businessID: request.businessID, hashCode: signing.hashCode, timestamp: api.now(),
            signature: signature.toString('base64'), cert: certificate.raw.toString('base64'),
          };
          Object.assign(push, sealedContent(client, content));
          results.set(resultKey(client.clientId, request.businessID), { clientId: client.clientId });
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
