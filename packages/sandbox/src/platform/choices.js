/**
 * Every point of the platform API that public material does not settle (PLATFORM.md, "Not
 * public"), decided here and nowhere else, so a team holding the official specification can
 * check and change them in one place. docs/platform.md explains each; codes.js holds the
 * D-codes chosen for refusals.
 *
 * Most constants here are read by the code. Three only record a behaviour so it is listed with the
 * rest (GET_KEY_CONTENT_ENCRYPTED, PUB_KEY_DESCRIPTION, SIGNATURE_COMPARED_EXACTLY): changing one
 * of them means changing security.js or api.js too. So do ANONYMOUS_TOKEN_HAS_OPEN_ID (auth.js's
 * getToken), ANONYMOUS_SIGN_RESULT_KEPT_WITH_TOKEN (anonymous-signing.js) and
 * NOTIFY_LINK_ORIGINS_ARE_REDIRECT_ORIGINS (notifications.js).
 */

/** Content key life: 24 h. Long enough that a working day never sees an unplanned renewal; tests inject `now` to see expiry. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Authorization code life: 60 s, the top of the public "30–60 s", so a slow local debugger still makes it. */
export const CODE_LIFETIME_MS = 60 * 1000;

/** Access token life: 4 h, the public example (expiresIn 14 400 000 ms). */
export const ACCESS_TOKEN_LIFETIME_MS = 4 * 60 * 60 * 1000;

/**
 * How far a request's `timestamp` may be from the sandbox's clock, either way: 10 min. Nonces are
 * kept for this long, so an older request cannot be replayed once its nonce is forgotten.
 */
export const CLOCK_WINDOW_MS = 10 * 60 * 1000;

/** How many used nonces are kept per client at most (oldest forgotten first, with the window): a bound on memory. */
export const MAX_NONCES_PER_CLIENT = 100_000;

/** The longest request body read: 1 MiB. e-ME and signing payloads are a few KiB; more is a mistake or an attack. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * HTTP status of a D-code refusal: 200, with the code in the JSON body. The public clients read
 * `code` from the body and never branch on the HTTP status; 4xx/5xx stay for requests that never
 * reach the API (unknown path, wrong method).
 */
export const REFUSAL_HTTP_STATUS = 200;

/** txID: a random UUID (v4), unique per answer; public material shows the field, not its format. */
export const txID = () => globalThis.crypto.randomUUID();

/**
 * getKey answers its `content` as a plain JSON object, not encrypted: the only key it could be
 * encrypted under is the one it carries, and `secretKey` inside is already wrapped to the client's
 * certificate.
 */
export const GET_KEY_CONTENT_ENCRYPTED = false;

/**
 * getKey while the client's key is still live returns that same key (same issueAt and expiresIn):
 * several backend instances then share one key instead of invalidating each other. After expiry
 * or revokeKey, getKey issues a new one.
 */
export const GET_KEY_REUSES_LIVE_KEY = true;

/** How many expired or revoked keys are remembered per client, to answer D30002/D30003 rather than D30004 for them. */
export const RETIRED_KEYS_KEPT = 5;

/**
 * getKey's `pubKey`: what the real platform puts there is not public. The sandbox answers its own
 * RSA public key (Base64 of the DER SubjectPublicKeyInfo), created at start; nothing uses it yet.
 */
export const PUB_KEY_DESCRIPTION = 'sandbox platform RSA public key, Base64 DER SubjectPublicKeyInfo';

/** Scopes a platform client gets when its entry names none: all six, so a local client can try every flow. */
export const DEFAULT_SCOPES = Object.freeze(['eidapi_auth', 'eidapi_profiles', 'eidapi_formFilling', 'eidapi_sign', 'eidapi_fr', 'eidapi_bulksign']);

/** The shortest client_secret accepted: 16 characters, so a placeholder like "secret" is refused at start. */
export const MIN_SECRET_LENGTH = 16;

/** The smallest encipherment key accepted: RSA 2048 bits (public material: 256-byte wrapped keys for RSA-2048). */
export const MIN_RSA_BITS = 2048;

/** The signature header is compared exactly as URLEncode(Base64(…)) with upper-case escapes (%2B, %2F, %3D), as Java's URLEncoder writes it. */
export const SIGNATURE_COMPARED_EXACTLY = true;

/**
 * The hosted getQR page (decision 030): one QR code (and its identification code) per page,
 * fixed, living 2 minutes; the page counts down and offers a new code (WCAG 2.2.1) instead of
 * rotating.
 */
export const LOGIN_QR_LIFETIME_MS = 120_000;

/** How often the hosted page asks its status endpoint (same origin, JSON; see auth.js): 1 s. */
export const LOGIN_POLL_MS = 1_000;

/**
 * e-ME initiateRequest's `authByQR` (decision 031) when the request does not go to the phone's
 * inbox (decision 033, INBOX_RULE): true, the browser goes through getQR with the ticketID and
 * the resident scans or types its code.
 */
export const EME_AUTH_BY_QR = true;

/** How long an e-ME ticketID waits for its browser at getQR: 5 minutes, used once. */
export const EME_TICKET_LIFETIME_MS = 5 * 60 * 1000;

/**
 * The pushed e-ME result (push.js): one POST of JSON to the redirectURI, each attempt given
 * PUSH_TIMEOUT_MS; a 2xx answer is delivered, anything else (refused connection, timeout, other
 * status, a redirect, which is never followed) is tried again after each of PUSH_RETRY_DELAYS_MS,
 * all within the public "up to 18 minutes"; then the result is dropped (logged) and never kept.
 */
export const PUSH_TIMEOUT_MS = 10_000;
/** The waits before the second, third… attempts: 5 s, 30 s, 2 min, 5 min, 10 min (17 min 35 s in all). */
export const PUSH_RETRY_DELAYS_MS = Object.freeze([5_000, 30_000, 120_000, 300_000, 600_000]);

/**
 * What the push carries besides the published { txID, code, message, content, secretKey }:
 * `businessID`, the relying party's own reference from initiateRequest, also for a decline (which
 * has no content), so the backend can match the push to its request. A decline answers D40001
 * (rejected), no content and no secretKey.
 */
export const PUSH_CARRIES_BUSINESS_ID = true;

/**
 * The e-ME result's address shape: public material names "structured Hong Kong addresses (Chi/Eng
 * premises address…)" without the member names; the sandbox answers
 * `{ EngPremisesAddress: { Flat, Floor, Block, Building, Estate, Street, Area, District, Region },
 * ChiPremisesAddress: { same } }`, members the resident has only.
 */
export const EME_ADDRESS_MEMBERS = Object.freeze({
  flat: 'Flat', floor: 'Floor', block: 'Block', building: 'Building', estate: 'Estate', street: 'Street',
  area: 'Area', district: 'District', region: 'Region',
});

/**
 * Hash signing (decision 032): initiateRequest's `authByQR` is true, as for e-ME, unless the request
 * goes to the phone's inbox (decision 033): the browser goes through getQR with the ticketID. The
 * ticket lives as long as an e-ME one.
 */
export const SIGN_AUTH_BY_QR = true;
/** The only `sigAlgo` accepted (and the default when absent): RSASSA-PKCS1-v1_5 with SHA-256. */
export const SIGN_ALGORITHMS = Object.freeze(['SHA256withRSA']);
/** Longest department, serviceName and documentName accepted (characters). */
export const SIGN_TEXT_MAX = Object.freeze({ department: 200, serviceName: 200, documentName: 200 });
/**
 * The pushed signing result's content: `{ businessID, hashCode, timestamp (ms), signature (Base64 of
 * the RSASSA-PKCS1-v1_5 signature over hashCode's digest), cert (Base64 DER) }`. The certificate is
 * the resident's signing key's certificate for this client (the CSC service's, decision 028: named
 * by openID as pseudonym), issued by the sandbox root CA (`{issuer}/csc/v2/ca.pem`).
 */
export const SIGN_RESULT_MEMBERS = Object.freeze(['businessID', 'hashCode', 'timestamp', 'signature', 'cert']);
/** ackResult's values: SR001 the relying party accepted the signature, SR002 it did not (public); recorded, nothing else. */
export const SIGN_ACK_VALUES = Object.freeze(['SR001', 'SR002']);

/**
 * Anonymous signing (decision 034): no login grants a scope, so the client's registration does:
 * `/anonymous/signing|pdfsigning/initiateRequest` needs `eidapi_sign` among the client's scopes
 * (D70003 otherwise), and the access token getToken gives after it carries that scope only.
 */
export const ANONYMOUS_SIGN_SCOPE = 'eidapi_sign';
/**
 * getToken after an anonymous request (e-ME or signing) answers `openID` like a login's, the
 * resident who approved as this client sees them: the signature's certificate names the resident
 * by that same openID (decision 028), so leaving it out of getToken would hide nothing. "Anonymous"
 * means without a login beforehand. Records a behaviour of auth.js's getToken.
 */
export const ANONYMOUS_TOKEN_HAS_OPEN_ID = true;
/**
 * An anonymous request's signature is made at the first getResult (its `timestamp`), then the
 * same result is answered while the access token lives (4 h), so a retried getResult gets the
 * same signature.
 */
export const ANONYMOUS_SIGN_RESULT_KEPT_WITH_TOKEN = true;
/**
 * PDF signing's result (decision 034): the members of the hash result with `docDigest` instead of
 * `hashCode`, `signature` holding the Base64 DER of a detached CMS SignedData (PKCS#7,
 * adbe.pkcs7.detached), not a raw signature: signed attributes contentType (id-data),
 * messageDigest (= docDigest) and signingTime (= timestamp), signer identified by issuer and
 * serial number, rsaEncryption with SHA-256, the resident's certificate for this client and the
 * sandbox root in `certificates`. `cert` is the resident's certificate again, as for hash signing.
 */
export const PDF_SIGNATURE_MEMBER = 'signature';
/** The PDF result's members, in order. */
export const PDF_SIGN_RESULT_MEMBERS = Object.freeze(['businessID', 'docDigest', 'timestamp', PDF_SIGNATURE_MEMBER, 'cert']);

/**
 * When an account request (e-ME, hash signing, profile) answers `authByQR: false` (decision 033):
 * only when the access token's login was approved on a simulator phone that is still signed in as
 * that same resident and has "Receive requests from websites on this phone" on (login-sessions.js
 * `phones.inboxFor`). The request then waits in that phone's inbox and no ticketID is answered;
 * otherwise `{ authByQR: true, ticketID }`. The setting starts off, so every request goes through
 * getQR until the resident turns it on.
 */
export const RECEIVE_REQUESTS_DEFAULT = false;

/**
 * How long a request waits in the phone's inbox: as long as the getQR ticket it stands in for
 * (EME_TICKET_LIFETIME_MS, 5 minutes); then it leaves the inbox and D40003 is pushed.
 */
export const INBOX_REQUEST_LIFETIME_MS = EME_TICKET_LIFETIME_MS;

/**
 * The member of a signing initiateRequest's answer that carries the identification code the
 * relying party shows when the request went to the inbox (`authByQR: false`); public material
 * does not name it. The value is 8 digits as the app shows them ("1234-5678"); the phone offers it
 * among three, as on the QR path.
 */
export const SIGN_IDENTIFICATION_CODE_FIELD = 'identificationCode';

/*
 * Notifications (decision 059): no relying-party notification API is public; everything below is
 * the kit's design, in the platform's conventions, overridable for tests with
 * `startSandbox({ notifyLimits })`.
 */
/** Messages a client may send in a minute (a sliding window), to all its residents together. */
export const NOTIFY_CLIENT_LIMIT = 100;
/** Messages a client may send to one resident in a minute: enough for a burst of real updates, too few to flood an inbox. */
export const NOTIFY_RESIDENT_LIMIT = 10;
/** The window both limits count in. A refused send counts toward neither. */
export const NOTIFY_LIMIT_WINDOW_MS = 60_000;
/**
 * The origins a message's link may point to: the origins of the client's registered redirectURIs
 * (the platform knows no other origin of a relying party). Records a behaviour of notifications.js.
 */
export const NOTIFY_LINK_ORIGINS_ARE_REDIRECT_ORIGINS = true;
/** Messages kept per resident in the simulator's inbox, newest kept first: a bound on memory. */
export const NOTIFY_INBOX_KEPT = 200;
