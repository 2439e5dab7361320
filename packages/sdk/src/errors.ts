import type { ErrorCode } from '@iamsmart/protocol';

export { ERROR_CODES } from '@iamsmart/protocol';

/** The one list of error codes (`@iamsmart/protocol`): stable, machine-readable, shared by the SDK and every element. */
export type IamSmartErrorCode = ErrorCode;

/** A typed error. `code` is stable and machine-readable; `message` is English, for developers. */
export class IamSmartError extends Error {
  override readonly name = 'IamSmartError';
  readonly code: IamSmartErrorCode;
  /** With `rate_limited`: the seconds the provider asked to wait (HTTP `Retry-After`), when it said. */
  readonly retryAfter?: number;

  constructor(code: IamSmartErrorCode, message: string, options?: { cause?: unknown; retryAfter?: number }) {
    super(message, options);
    this.code = code;
    if (options?.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }
}

export function isIamSmartError(value: unknown): value is IamSmartError {
  return value instanceof IamSmartError;
}

/** `error` itself when typed; anything else (a bug, a library's own error) as `unknown`. */
export function toIamSmartError(error: unknown): IamSmartError {
  return isIamSmartError(error) ? error : new IamSmartError('unknown', `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
