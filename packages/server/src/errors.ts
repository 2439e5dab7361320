/**
 * The server's typed errors. Every code is one of the kit's shared error codes
 * (`@iamsmart/protocol` ERROR_CODES); a test checks that the list below stays inside it.
 */

/** The shared error codes this server answers with. */
export type ServerErrorCode =
  | 'access_denied'
  | 'backend_unavailable'
  | 'callback_invalid'
  | 'cancelled'
  | 'code_mismatch'
  | 'cross_site_request'
  | 'document_invalid'
  | 'form_data_error'
  | 'form_invalid'
  | 'invalid_config'
  | 'invalid_request'
  | 'link_invalid'
  | 'login_required'
  | 'message_invalid'
  | 'message_too_large'
  | 'not_consented'
  | 'platform_error'
  | 'rate_limited'
  | 'session_expired'
  | 'signature_invalid'
  | 'signer_mismatch'
  | 'state_mismatch'
  | 'timeout'
  | 'topic_unknown';

export const SERVER_ERROR_CODES: readonly ServerErrorCode[] = Object.freeze([
  'access_denied', 'backend_unavailable', 'callback_invalid', 'cancelled', 'code_mismatch', 'cross_site_request', 'document_invalid',
  'form_data_error', 'form_invalid', 'invalid_config', 'invalid_request', 'link_invalid', 'login_required', 'message_invalid', 'message_too_large',
  'not_consented', 'platform_error', 'rate_limited', 'session_expired', 'signature_invalid', 'signer_mismatch', 'state_mismatch', 'timeout', 'topic_unknown',
] as const);

/** HTTP status of each code when answered as JSON. */
export const STATUS_OF: Readonly<Record<ServerErrorCode, number>> = Object.freeze({
  access_denied: 403,
  backend_unavailable: 503,
  callback_invalid: 400,
  cancelled: 400,
  code_mismatch: 403,
  cross_site_request: 403,
  document_invalid: 400,
  form_data_error: 502,
  form_invalid: 400,
  invalid_config: 500,
  invalid_request: 400,
  link_invalid: 400,
  login_required: 401,
  message_invalid: 400,
  message_too_large: 413,
  not_consented: 403,
  platform_error: 502,
  rate_limited: 429,
  session_expired: 401,
  signature_invalid: 502,
  signer_mismatch: 403,
  state_mismatch: 400,
  timeout: 504,
  topic_unknown: 400,
});

/** A failure with one of the shared codes and an English sentence for developers and logs. */
export class IamSmartServerError extends Error {
  readonly code: ServerErrorCode;
  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IamSmartServerError';
    this.code = code;
  }
}

/**
 * The platform refused a request (a D-code other than D00000), or answered something this
 * client cannot read (then `platformCode` is undefined). `txID` is the platform's transaction id
 * when it gave one: quote it to the platform's support.
 */
export class PlatformError extends IamSmartServerError {
  readonly platformCode: string | undefined;
  readonly txID: string | undefined;
  constructor(code: ServerErrorCode, message: string, details: { platformCode?: string | undefined, txID?: string | undefined, cause?: unknown } = {}) {
    super(code, message, { cause: details.cause });
    this.name = 'PlatformError';
    this.platformCode = details.platformCode;
    this.txID = details.txID;
  }
}

/** The session store cannot be reached (or did not answer in time). */
export class StoreUnavailableError extends IamSmartServerError {
  constructor(message = 'The session store is unavailable.', options?: { cause?: unknown }) {
    super('backend_unavailable', message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** A configuration the server cannot start with; the message names the option and its variable. */
export class ConfigError extends IamSmartServerError {
  constructor(message: string) {
    super('invalid_config', message);
    this.name = 'ConfigError';
  }
}

/**
 * The shared code a platform D-code stands for. Public meanings (PLATFORM.md "Codes"): D20001
 * declined, D20031 QR missing or expired, D40000 cancelled, D40001 rejected, D40003 timeout,
 * D40004 code expired or used, D70005 the HKICHash is not the resident's. The sandbox's D40002
 * (stopped in the app: a wrong identification code picked) is code_mismatch. The notification
 * calls' D80001–D80008 are the kit's design (decision 059): D80008, an openID that is not this
 * client's resident, is a parameter the platform does not allow. Anything else is the platform's
 * problem for the resident.
 */
export function codeForPlatformCode(dCode: string): ServerErrorCode {
  switch (dCode) {
    case 'D20001':
    case 'D40001':
      return 'access_denied';
    case 'D40000':
      return 'cancelled';
    case 'D40002':
      return 'code_mismatch';
    case 'D70005':
      return 'signer_mismatch';
    case 'D20031':
    case 'D40003':
    case 'D40004':
      return 'session_expired';
    case 'D80001':
    case 'D80008':
      return 'invalid_request';
    case 'D80002':
      return 'not_consented';
    case 'D80003':
      return 'message_invalid';
    case 'D80004':
      return 'link_invalid';
    case 'D80005':
      return 'message_too_large';
    case 'D80006':
    case 'D80007':
      return 'rate_limited';
    default:
      return 'platform_error';
  }
}
