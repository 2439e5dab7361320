/**
 * The one list of error codes. The SDK's `IamSmartError.code`, the elements' `iams-error`
 * `detail.code` and the messages shown to residents are all keyed by these.
 */
export const ERROR_CODES = Object.freeze(/** @type {const} */ ([
  /** createClient was given a configuration it cannot work with. */
  'invalid_config',
  /** The issuer's discovery document could not be fetched (network error, timeout, non-2xx). */
  'issuer_unreachable',
  /** The discovery document is not JSON or lacks required fields, or names another issuer. */
  'discovery_invalid',
  /** The token endpoint failed (5xx, non-JSON, missing fields) or could not be reached. */
  'token_endpoint_error',
  /** The callback URL's `state` matches no login this browser started. */
  'state_mismatch',
  /** RFC 9207: the authorization response's `iss` is missing (when advertised) or wrong. */
  'issuer_mismatch',
  /** The ID token's signature does not verify against the issuer's JWKS, or its `alg` is not allowed. */
  'id_token_signature',
  /** An ID token claim failed validation: iss, aud (exactly this client), azp, exp, nbf, iat, nonce or sub. */
  'id_token_claims',
  /** The callback URL is malformed: no code, or both code and error, or unexpected parameters. */
  'callback_invalid',
  /** The resident declined in the app or on the sign-in page (OAuth `access_denied`). */
  'access_denied',
  /** The provider returned another OAuth error in the authorization response. */
  'authorization_error',
  /** The resident closed the popup, or the browser blocked it. */
  'popup_closed',
  /** The operation was cancelled by the page or the resident. */
  'cancelled',
  /** A request or login took too long. */
  'timeout',
  /** A cross-device (QR) session ran out of time before the resident approved it (RFC 8628 `expired_token`). */
  'session_expired',
  /** The provider refused to start another session for now (HTTP 429); `retryAfter` seconds may be known. */
  'rate_limited',
  /** The connection to the provider was lost and could not be re-established. */
  'network_error',
  /** The resident chose an identification code that did not match the one this page shows; the session was stopped for safety. */
  'code_mismatch',
  /** The QR code or identification code was opened on a second phone; the session was stopped for safety (start again). */
  'scanned_elsewhere',
  /** A document to sign is empty, over the size limit or of the wrong type, or a given hash is not a base64 SHA-256 value. */
  'document_invalid',
  /** A signature result failed verification: hash, algorithm, signature, the certificate path (chain, validity, CA, path length, name constraints, critical extensions, key usage, extended key usage), or the signer is not the resident who approved. */
  'signature_invalid',
  /** The signing service refused or failed to sign (e.g. the approval does not cover the hash, or it has expired). */
  'signing_failed',
  /** An e-ME request lists no field, an unknown field, or a field twice; or the form has nothing iAM Smart can fill. */
  'form_invalid',
  /** The e-ME data could not be read after approval (userinfo failed, or answered for another resident). */
  'form_data_error',
  /** The website's own iAM Smart service (backend mode) could not be reached, or its session store is down (HTTP 503). */
  'backend_unavailable',
  /** iAM Smart's platform answered the website's backend with an error code or something it could not read (backend mode). */
  'platform_error',
  /** The website's backend refused a request that came from another site (Fetch Metadata / Origin check). */
  'cross_site_request',
  /** The website's backend was sent a request it cannot accept (a missing or malformed parameter, a return address on another site). */
  'invalid_request',
  /** The signer is not the person the website expected: the HKID the website knows is not the resident's (platform D70005), or a certificate names another resident (backend mode). */
  'signer_mismatch',
  /** The website asked for something that needs the resident to be logged in through it first (backend mode: notifications). */
  'login_required',
  /** Notifications: the resident has not agreed to updates on this topic, or has stopped them (decision 059). */
  'not_consented',
  /** Notifications: the topic is not one the website declared. */
  'topic_unknown',
  /** Notifications: a message is not plain text in English, Traditional and Simplified Chinese (empty, markup, control characters). */
  'message_invalid',
  /** Notifications: a message's text is over the size limit. */
  'message_too_large',
  /** Notifications: a message's link is not an https address on the website's own registered origin. */
  'link_invalid',
  /** Anything else; the message says what. */
  'unknown',
]));

/** @typedef {(typeof ERROR_CODES)[number]} ErrorCode */

/**
 * The code a session's failed state stands for when the session carries no error of its own
 * (a page or element reporting `denied` without an `IamSmartError`, say).
 * @type {Readonly<{ denied: ErrorCode, expired: ErrorCode, error: ErrorCode }>}
 */
export const FAILURE_CODES = Object.freeze({
  denied: 'access_denied',
  expired: 'session_expired',
  error: 'unknown',
});

/**
 * @param {unknown} value
 * @returns {value is ErrorCode}
 */
export function isErrorCode(value) {
  return typeof value === 'string' && /** @type {readonly string[]} */ (ERROR_CODES).includes(value);
}
