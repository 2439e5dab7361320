/**
 * The result codes the sandbox's platform API answers (`{ txID, code, message }`).
 *
 * Public (PLATFORM.md "Codes"): D00000, D20001, D20008, D20009, D20031, the D30001–D30004 key and
 * encryption range, D40000–D40004. Which of D30001–D30004 means what is not public; neither are the
 * codes for a refused signature, timestamp or nonce: the sandbox answers those with codes of its
 * own in D29xxx, a range no public material uses, so they cannot be mistaken for real ones.
 * Every choice is listed in choices.js and docs/platform.md.
 */

/** A refusal the platform answers with a D-code; nothing the refused request asked for happens. */
export class PlatformError extends Error {
  /**
   * @param {string} code e.g. 'D20008'
   * @param {string} message English, for the relying party's developer (no resident reads it)
   */
  constructor(code, message) {
    super(message);
    this.name = 'PlatformError';
    this.code = code;
  }
}

/** Success (public). */
export const SUCCESS = 'D00000';

/** The resident declined the request in the app (public). */
export const DECLINED = 'D20001';
/** `redirectURI` is not one the client registered (public). */
export const REDIRECT_URI_UNREGISTERED = 'D20008';
/** The access token is missing (public). */
export const TOKEN_MISSING = 'D20009';
/** The QR code is missing or expired (public). */
export const QR_MISSING_OR_EXPIRED = 'D20031';

/** A signed-request header is missing or malformed (sandbox's choice; the message names it). */
export const HEADER_INVALID = 'D29001';
/** `clientID` is not a registered platform client (sandbox's choice). */
export const CLIENT_UNKNOWN = 'D29002';
/** `signatureMethod` is not HmacSHA256 (sandbox's choice). */
export const SIGNATURE_METHOD_UNSUPPORTED = 'D29003';
/** The signature does not match the request (sandbox's choice). */
export const SIGNATURE_INVALID = 'D29004';
/** `timestamp` is lower than this client's last accepted one, or outside the clock window (sandbox's choice). */
export const TIMESTAMP_INVALID = 'D29005';
/** `nonce` was already used by this client (sandbox's choice). */
export const NONCE_REUSED = 'D29006';
/** `nonce` is empty or longer than 36 characters (sandbox's choice). */
export const NONCE_INVALID = 'D29007';
/** The body is not `{"content":"…"}`, or the decrypted content is not a JSON object (sandbox's choice). */
export const BODY_INVALID = 'D29010';

/** The client has no content key: it never called getKey (range public, meaning the sandbox's choice). */
export const KEY_MISSING = 'D30001';
/** The content key has expired (issueAt + expiresIn has passed) (range public, meaning the sandbox's choice). */
export const KEY_EXPIRED = 'D30002';
/** The content key was revoked with revokeKey (range public, meaning the sandbox's choice). */
export const KEY_REVOKED = 'D30003';
/** The content cannot be decrypted: bad Base64, IV length other than 12, or a GCM tag that fails (range public, meaning the sandbox's choice). */
export const CONTENT_UNDECRYPTABLE = 'D30004';

/** The resident cancelled (public). */
export const CANCELLED = 'D40000';
/** The request was rejected (public). */
export const REJECTED = 'D40001';
/** The request failed (public). */
export const FAILED = 'D40002';
/** The request timed out (public). */
export const TIMEOUT = 'D40003';
/** The authorization code expired or was already used (public). */
export const CODE_EXPIRED = 'D40004';

/* The login's own refusals (decision 030). */
/** A getQR parameter is missing or not allowed: responseType, source, scope, lang, state, brokerPage. */
export const PARAMETER_INVALID = 'D29020';
/** getToken: `grantType` is not "authorization_code", or `code` is not a string. */
export const GRANT_INVALID = 'D29021';
/** profiles: `profileFields` is not a non-empty list of known fields. */
export const PROFILE_FIELDS_INVALID = 'D29022';
/** profiles: the access token is unknown, expired, or another client's. */
export const TOKEN_INVALID = 'D29023';
/** profiles: `openID` is not the token's resident. */
export const OPEN_ID_MISMATCH = 'D50001';
/** profiles: the token's scope does not include eidapi_profiles. */
export const PROFILE_NOT_GRANTED = 'D50002';

/* e-ME form filling's refusals (decision 031; the D6000x range is public, each meaning the sandbox's choice). */
/** e-ME: a parameter is missing or not allowed: businessID (1–36), source, state, lang, formName, formNum, formDesc. */
export const EME_PARAMETER_INVALID = 'D60001';
/** e-ME: `eMEFields` is not a non-empty list of distinct e-ME field names the platform answers. */
export const EME_FIELDS_INVALID = 'D60002';
/** e-ME: the access token's scope does not include eidapi_formFilling. */
export const EME_NOT_GRANTED = 'D60003';
/** e-ME: `ticketID` at getQR is unknown, used, expired or another client's. */
export const EME_TICKET_INVALID = 'D60004';

/** An unexpected failure inside the sandbox (sandbox's choice); the request changed nothing. */
export const INTERNAL_ERROR = 'D99999';

/* Hash signing's refusals (decision 032; the D70000–D70006 range is public, D70005's meaning is public, the others are the sandbox's choice). */
/** signing: a parameter is missing or not allowed: businessID (1–36), source, state, lang, department, serviceName, documentName; ackResult's businessID or signingResult; an anonymous getResult's businessID. */
export const SIGN_PARAMETER_INVALID = 'D70001';
/** signing: `hashCode` (PDF signing: `docDigest`) is not Base64 of 32 bytes (a SHA-256 digest). */
export const SIGN_HASH_INVALID = 'D70002';
/** signing: the access token's scope does not include eidapi_sign (anonymous signing: the client is not registered with it). */
export const SIGN_NOT_GRANTED = 'D70003';
/** signing: `sigAlgo` is not SHA256withRSA. */
export const SIGN_ALGORITHM_UNSUPPORTED = 'D70004';
/** signing: `HKICHash` is not Base64(SHA-256) of the resident's HKID without its check digit (public). */
export const HKIC_HASH_MISMATCH = 'D70005';

/* The profile request's refusals (decision 033; the D5000x range is public, each meaning the sandbox's choice). */
/** profile initiateRequest: a parameter is missing or not allowed: businessID (1–36), source, state, lang. */
export const PROFILE_PARAMETER_INVALID = 'D50003';

/*
 * Notifications' refusals (decision 059). No relying-party notification API is public: the calls,
 * the D80001–D80008 range and each meaning are the kit's design, not the platform's.
 */
/** notification: a parameter is missing or not allowed: businessID, source, state, lang, topics (1–10 distinct, each a topicID and a name in three languages), an openID or topicID of the wrong shape, a message that is not an object. */
export const NOTIFY_PARAMETER_INVALID = 'D80001';
/** notification send: the resident has not consented to this topic now (never, or withdrawn by the site or in the app). */
export const NOTIFY_NOT_CONSENTED = 'D80002';
/** notification send: the message is not plain text in en-US, zh-HK and zh-CN (markup, a control character, a language missing or extra). */
export const NOTIFY_MESSAGE_INVALID = 'D80003';
/** notification send: the link is not an https: URL (http: on the loopback) without credentials on one of the client's registered origins. */
export const NOTIFY_LINK_INVALID = 'D80004';
/** notification send: a language's text is longer than the size limit. */
export const NOTIFY_MESSAGE_TOO_LARGE = 'D80005';
/** notification send: the client sent its limit of messages in the last minute. */
export const NOTIFY_CLIENT_RATE_LIMITED = 'D80006';
/** notification send: the client sent its limit of messages to this resident in the last minute. */
export const NOTIFY_RESIDENT_RATE_LIMITED = 'D80007';
/** notification: `openID` is no resident of this client. */
export const NOTIFY_OPEN_ID_UNKNOWN = 'D80008';
