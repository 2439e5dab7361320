import type { SessionState, EmeField, IamSmartClaims, IamSmartResident, IamSmartErrorCode, SignResult, BackendSignResult } from '@iamsmart/sdk';
import type { EmeUnknownName } from './eme-autofill/fields.js';
import type { EmeFilledField, EmeRefusedField } from './eme-autofill/fill.js';

/** `iams-error`'s detail. */
export interface IamsErrorDetail {
  /** Stable, machine-readable: one of the SDK's error codes. */
  code: IamSmartErrorCode;
  /** For the resident, in the element's language. */
  message: string;
  /** What went wrong, for developers (usually an `IamSmartError` with an English message). */
  cause?: unknown;
}

/**
 * A resident logged in; `detail` holds the validated claims (name, pairwise `sub`, …), or in
 * backend mode the resident as the website's backend reports it (`openID`, `enName`, `chName`).
 */
export class IamsLoginEvent extends Event {
  static readonly eventName = 'iams-login';
  readonly detail: IamSmartClaims | IamSmartResident;

  constructor(claims: IamSmartClaims | IamSmartResident) {
    super(IamsLoginEvent.eventName, { bubbles: true, composed: true });
    this.detail = claims;
  }
}

/**
 * A login or a signing (or its start) failed. Cancelable: an element that shows the message itself skips
 * that when a listener calls `preventDefault()` to show it in its own way.
 */
export class IamsErrorEvent extends Event {
  static readonly eventName = 'iams-error';
  readonly detail: IamsErrorDetail;

  constructor(detail: IamsErrorDetail) {
    super(IamsErrorEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

/** The resident logged out (the SDK client's `logout()` finished). */
export class IamsLogoutEvent extends Event {
  static readonly eventName = 'iams-logout';

  constructor() {
    super(IamsLogoutEvent.eventName, { bubbles: true, composed: true });
  }
}

/** `iams-state`'s detail. */
export interface IamsStateDetail {
  state: SessionState;
  /** The identification code shown, once the session has one. */
  userCode: string | undefined;
  /** When the code expires, in ms since the epoch, once known. */
  expiresAt: number | undefined;
}

/** A cross-device (QR) session moved to another state (not fired when only the QR payload rotates). */
export class IamsStateEvent extends Event {
  static readonly eventName = 'iams-state';
  readonly detail: IamsStateDetail;

  constructor(detail: IamsStateDetail) {
    super(IamsStateEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/**
 * A document was signed; `detail` is the verified signature: in OpenID Connect mode a `SignResult`
 * the SDK verified in the page (chain to the configured trust anchor, validity, key usage, the RSA
 * signature over the document's hash); in backend mode a `BackendSignResult` the website's server
 * verified (the signature and chain in it only when the server passes them on).
 */
export class IamsSignedEvent extends Event {
  static readonly eventName = 'iams-signed';
  readonly detail: SignResult | BackendSignResult;

  constructor(result: SignResult | BackendSignResult) {
    super(IamsSignedEvent.eventName, { bubbles: true, composed: true });
    this.detail = result;
  }
}

/** `iams-filled`'s detail. */
export interface IamsFilledDetail {
  /** The controls written, with the `data-eme` name each asked for. */
  filled: EmeFilledField[];
  /** The controls not written, and why (hidden, covered, added after approval, no matching choice…). */
  refused: EmeRefusedField[];
  /** Requested fields iAM Smart did not return: left out by the resident, or not in their e-ME profile. */
  missing: EmeField[];
  /** Returned fields the SDK dropped as malformed, with why. */
  invalid: { field: EmeField; reason: string }[];
  /** `data-eme` names the element does not know (also logged with `console.warn`). */
  unknown: EmeUnknownName[];
}

/** A form was filled with e-ME data the resident approved in iAM Smart; `detail` says what went where, and what did not. */
export class IamsFilledEvent extends Event {
  static readonly eventName = 'iams-filled';
  readonly detail: IamsFilledDetail;

  constructor(detail: IamsFilledDetail) {
    super(IamsFilledEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** `iams-notify`'s detail: the topics the resident gets updates about now (none: not opted in, or stopped). */
export interface IamsNotifyDetail {
  consented: string[];
}

/** The resident's choice of updates in iAM Smart changed: approved in the app, topics removed, or every update stopped (decision 059). */
export class IamsNotifyEvent extends Event {
  static readonly eventName = 'iams-notify';

  constructor(readonly detail: IamsNotifyDetail) {
    super(IamsNotifyEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'iams-login': IamsLoginEvent;
    'iams-error': IamsErrorEvent;
    'iams-logout': IamsLogoutEvent;
    'iams-state': IamsStateEvent;
    'iams-signed': IamsSignedEvent;
    'iams-filled': IamsFilledEvent;
    'iams-notify': IamsNotifyEvent;
  }
}
