/**
 * The sandbox signing service, a subset of the Cloud Signature Consortium API v2:
 * `POST /csc/v2/credentials/info`, `POST /csc/v2/signatures/signHash` (Bearer access token from a
 * grant with `credential` authorization details) and `GET /csc/v2/ca.pem` (the root certificate).
 * It signs only the hashes the resident approved, each once, with SHA256withRSA.
 */
import { constants, privateEncrypt } from 'node:crypto';
import { readBodyBytes } from '../http/respond.js';
import { clientOrigins } from '../views/html.js';
import { DEFAULT_CREDENTIAL, decodeBase64, SHA256_OID, SHA256_WITH_RSA_OID } from './authorization-details.js';

export const CSC_PATH = '/csc/v2';
const MAX_BODY_BYTES = 64 * 1024;
/** DER of DigestInfo { sha256, NULL } before the 32-byte hash (RFC 8017 §9.2, note 1). */
const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** An error answered as `{ error, error_description }`. */
class CscError extends Error {
  /**
   * @param {number} status
   * @param {string} error
   * @param {string} description
   */
  constructor(status, error, description) {
    super(description);
    this.status = status;
    this.error = error;
  }
}

/**
 * SHA256withRSA (RSASSA-PKCS1-v1_5) over a hash computed elsewhere: the key signs the DigestInfo.
 * @param {import('node:crypto').KeyObject} privateKey
 * @param {Buffer} hash 32 bytes
 */
export function signSha256Hash(privateKey, hash) {
  // privateEncrypt with PKCS#1 v1.5 padding is the raw signature primitive (block type 1);
  // crypto.sign would hash its input once more.
  return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO_PREFIX, hash]));
}

/** GeneralizedTime, as CSC gives certificate validity ("20261126152900Z"). @param {string} date */
const generalizedTime = (date) => `${new Date(date).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/** @param {import('node:crypto').X509Certificate} certificate */
const base64Der = (certificate) => certificate.raw.toString('base64');

/**
 * @param {{ provider: import('oidc-provider').default,
 *   ca: Awaited<ReturnType<typeof import('./ca.js').loadSigningCa>>,
 *   residentFor: (clientId: string, accountId: string) => import('../residents.js').Resident | undefined,
 *   clients: import('../clients.js').ClientMetadata[] }} setup
 */
export function createSigningEndpoints({ provider, ca, residentFor, clients }) {
  // A preflight carries no token, so no client: it may go ahead for any registered client's
  // origin; the request itself is then checked against its own client's origins.
  const registeredOrigins = new Set(clients.flatMap((metadata) => clientOrigins({
    redirectUris: /** @type {string[] | undefined} */ (metadata.redirect_uris),
    postLogoutRedirectUris: /** @type {string[] | undefined} */ (metadata.post_logout_redirect_uris),
  })));
  /** Hashes signed per grant ("grantId hex"): each approved hash is signed once. */
  const signed = new Set();

  /** @param {import('koa').Context} ctx */
  async function readJson(ctx) {
    if (!ctx.is('application/json')) throw new CscError(415, 'invalid_request', 'send the parameters as application/json');
    const bytes = await readBodyBytes(ctx, MAX_BODY_BYTES);
    if (!bytes) throw new CscError(413, 'invalid_request', 'the request body is too large');
    try {
      const body = JSON.parse(bytes.toString('utf8'));
      if (body && typeof body === 'object' && !Array.isArray(body)) return /** @type {Record<string, unknown>} */ (body);
    } catch {
      // answered below
    }
    throw new CscError(400, 'invalid_request', 'the request body must be a JSON object');
  }

  /**
   * The access token, its resident and its `credential` details; sets CORS for its client.
   * @param {import('koa').Context} ctx
   */
  async function authorize(ctx) {
    const match = /^Bearer ([\w.~+/-]+=*)$/i.exec(ctx.get('authorization'));
    if (!match) throw new CscError(401, 'invalid_token', 'a Bearer access token is required');
    const token = await provider.AccessToken.find(match[1]);
    if (!token || token.isExpired) throw new CscError(401, 'invalid_token', 'the access token is invalid or has expired');
    const client = await provider.Client.find(String(token.clientId));
    const origin = ctx.get('origin');
    if (origin) {
      if (!client || !clientOrigins(client).includes(origin)) {
        throw new CscError(403, 'invalid_request', `origin ${origin} is not allowed for this access token's client`);
      }
      ctx.set('Access-Control-Allow-Origin', origin);
    }
    const resident = residentFor(String(token.clientId), String(token.accountId));
    /** @type {Record<string, any>[]} */
    const details = (token.rar ?? []).filter((/** @type {any} */ detail) => detail?.type === 'credential');
    if (!resident || details.length === 0) {
      throw new CscError(403, 'insufficient_scope', 'the access token carries no approval to sign (authorization_details of type "credential")');
    }
    return { token, resident, details };
  }

  /**
   * The credential a request names, if it is the resident's own and the grant covers it.
   * @param {unknown} requested
   * @param {Awaited<ReturnType<typeof authorize>>} auth
   */
  function credentialOf(requested, { resident, details }) {
    const own = [...ca.credentials.values()].find((credential) => credential.resident.id === resident.id);
    const credentialID = requested === DEFAULT_CREDENTIAL ? own?.credentialID : requested;
    if (typeof requested !== 'string' || !own || credentialID !== own.credentialID) {
      throw new CscError(400, 'invalid_request', 'credentialID is not the signing credential of the resident who approved');
    }
    const granted = details.filter((detail) => detail.credentialID === credentialID);
    if (granted.length === 0) throw new CscError(400, 'invalid_request', 'the approval does not cover this credentialID');
    return { credential: own, granted };
  }

  /** @param {import('koa').Context} ctx */
  async function credentialsInfo(ctx) {
    const auth = await authorize(ctx);
    const body = await readJson(ctx);
    const { credential } = credentialOf(body.credentialID, auth);
    // The account id is the resident's pairwise `sub` at this client (decision 004): the
    // certificate names it, so the client can tell that the signer is who approved.
    const certificate = await ca.certificateFor(credential, String(auth.token.accountId));
    ctx.body = {
      credentialID: credential.credentialID,
      description: 'iAM Smart sandbox signing credential (test only)',
      key: { status: 'enabled', algo: [SHA256_WITH_RSA_OID], len: 2048 },
      cert: {
        status: 'valid',
        certificates: [base64Der(certificate), base64Der(ca.rootCertificate)],
        issuerDN: certificate.issuer.replace(/\n/g, ', '),
        serialNumber: certificate.serialNumber,
        subjectDN: certificate.subject.replace(/\n/g, ', '),
        validFrom: generalizedTime(certificate.validFrom),
        validTo: generalizedTime(certificate.validTo),
      },
      authMode: 'oauth2code',
      scal: 'SCAL2',
      multisign: 1,
      lang: 'en',
    };
  }

  /** @param {import('koa').Context} ctx */
  async function signHash(ctx) {
    const auth = await authorize(ctx);
    const body = await readJson(ctx);
    const { credential, granted } = credentialOf(body.credentialID, auth);
    if (body.signAlgo !== SHA256_WITH_RSA_OID) {
      throw new CscError(400, 'invalid_request', `signAlgo must be ${SHA256_WITH_RSA_OID} (SHA256withRSA)`);
    }
    if (body.hashAlgorithmOID !== undefined && body.hashAlgorithmOID !== SHA256_OID) {
      throw new CscError(400, 'invalid_request', `hashAlgorithmOID must be ${SHA256_OID} (SHA-256)`);
    }
    const { hashes } = body;
    if (!Array.isArray(hashes) || hashes.length === 0) throw new CscError(400, 'invalid_request', 'hashes must be a non-empty array');
    const approved = new Set(granted.flatMap((detail) => (detail.documentDigests ?? [])
      .map((/** @type {{ hash: string }} */ digest) => decodeBase64(digest.hash)?.toString('hex'))));
    const grantId = String(auth.token.grantId);
    // All checked before any is signed, so a refused request signs nothing.
    const decoded = hashes.map((value, index) => {
      const bytes = decodeBase64(value);
      if (!bytes) throw new CscError(400, 'invalid_request', `hashes[${index}] is not base64`);
      if (bytes.length !== 32) throw new CscError(400, 'invalid_request', `hashes[${index}] is ${bytes.length} bytes; a SHA-256 hash is 32`);
      const hex = bytes.toString('hex');
      if (!approved.has(hex)) throw new CscError(400, 'invalid_request', `hashes[${index}] is not among the documents the resident approved`);
      if (signed.has(`${grantId} ${hex}`)) throw new CscError(400, 'invalid_request', `hashes[${index}] is already signed`);
      return { bytes, hex };
    });
    if (new Set(decoded.map(({ hex }) => hex)).size !== decoded.length) {
      throw new CscError(400, 'invalid_request', 'hashes lists the same hash twice');
    }
    for (const { hex } of decoded) signed.add(`${grantId} ${hex}`);
    ctx.body = { signatures: decoded.map(({ bytes }) => signSha256Hash(credential.privateKey, bytes).toString('base64')) };
  }

  /** @param {import('koa').Context} ctx */
  function preflight(ctx) {
    const origin = ctx.get('origin');
    if (!registeredOrigins.has(origin)) {
      throw new CscError(403, 'invalid_request', `origin ${origin || '(none)'} is not a registered client origin`);
    }
    ctx.status = 204;
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Allow-Methods', 'POST');
    ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    ctx.set('Access-Control-Max-Age', '600');
  }

  /** @type {Record<string, (ctx: import('koa').Context) => Promise<void>>} */
  const operations = {
    [`${CSC_PATH}/credentials/info`]: credentialsInfo,
    [`${CSC_PATH}/signatures/signHash`]: signHash,
  };

  /** @type {import('koa').Middleware} */
  async function middleware(ctx, next) {
    if (ctx.path === `${CSC_PATH}/ca.pem` && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      // A public certificate, readable from anywhere (as the JWKS is).
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.type = 'application/x-pem-file';
      ctx.body = ca.rootPem;
      return undefined;
    }
    const operation = operations[ctx.path];
    if (!operation) return next();
    ctx.vary('Origin');
    ctx.set('Cache-Control', 'no-store');
    try {
      if (ctx.method === 'OPTIONS') preflight(ctx);
      else if (ctx.method === 'POST') await operation(ctx);
      else {
        ctx.set('Allow', 'POST, OPTIONS');
        throw new CscError(405, 'invalid_request', 'use POST');
      }
    } catch (error) {
      if (!(error instanceof CscError)) throw error;
      ctx.status = error.status;
      // Without a valid token there is no client to check the origin against; the page may
      // still read why, if it is a registered client's.
      const origin = ctx.get('origin');
      if (error.status === 401 && registeredOrigins.has(origin)) ctx.set('Access-Control-Allow-Origin', origin);
      if (error.error === 'invalid_token' || error.error === 'insufficient_scope') {
        ctx.set('WWW-Authenticate', `Bearer realm="${CSC_PATH}", error="${error.error}", error_description="${error.message}"`);
      }
      ctx.body = { error: error.error, error_description: error.message };
    }
    return undefined;
  }

  return middleware;
}
