import type { EmeField, IamSmartErrorCode } from '@iamsmart/sdk';
import type { PluralForms } from './plural.js';
import type { EmeRefusalReason } from '../eme-autofill/fill.js';

/**
 * Every string the elements show or announce. Each language's feature files (`en/common.ts`, …)
 * implement their part of it (`Catalogues`), so a missing string (or a new error code without a
 * message) is a type error, not a blank button.
 */
export interface Messages {
  /** The button's label and accessible name, in iAM Smart's own wording. */
  loginLabel: string;
  /** The link to the iAM Smart website next to the button. */
  moreInfo: string;
  /** iAM Smart's website in this language. */
  moreInfoUrl: string;
  /** Appended (visually hidden) to links that open a new tab, so screen-reader users are not surprised; starts with the language's separator. */
  opensInNewTab: string;
  /** Announced while the login starts. */
  connecting: string;
  /** Announced while `<iams-provider>` completes a login that returned to the page. */
  completing: string;
  /** The button has no client: no `<iams-provider>` around it and no `client` set. */
  notConfigured: string;
  /**
   * Any login failure's message when the error messages (the `errors` catalogue, loaded with the
   * first failure or flow) could not be loaded: the `unknown` message, in the first paint's catalogue
   * so a failure is always told in the page's language (decision 045).
   */
  errorFallback: string;
  /** `<iams-qr-login>` in backend mode, where iAM Smart hosts the QR page: the title. */
  hostedQrTitle: string;
  /** Under it: the login button below takes the resident to iAM Smart's own QR page (or the app on a phone). */
  hostedQrHint: string;
  /** What the resident is told for each SDK error code, when logging in. */
  errors: Record<IamSmartErrorCode, string>;
  /** `<iams-qr-login>` and the login button's QR dialog. */
  qr: QrMessages;
  /** Signing: `<iams-sign-dialog>`, and `<iams-qr-login flow="sign">` in place of the login wording. */
  sign: SignMessages;
  /** Form filling: `<iams-eme-autofill>`, and `<iams-qr-login flow="eme">` in place of the login wording. */
  eme: EmeMessages;
  /** Notifications: `<iams-notify-optin>`, and `<iams-qr-login flow="notify">` in place of the login wording. */
  notify: NotifyMessages;
}

/**
 * The catalogues by feature (decision 042): each language's strings are split so a page loads only
 * what its elements show — the login button needs `common`, a QR session `qr`, and so on.
 */
export type CommonMessages = Pick<Messages, 'loginLabel' | 'moreInfo' | 'moreInfoUrl' | 'opensInNewTab' | 'connecting' | 'completing' | 'notConfigured' | 'errorFallback'>;
/** The login's error messages: loaded with a QR session, or when a failure is told (decision 045), not with the first paint. */
export type ErrorMessages = Pick<Messages, 'errors'>;
/** `<iams-qr-login>`'s strings and the login button's QR dialog. */
export type QrFeatureMessages = Pick<Messages, 'hostedQrTitle' | 'hostedQrHint' | 'qr'>;

/** One language's catalogue of each feature. */
export interface Catalogues {
  common: CommonMessages;
  errors: ErrorMessages;
  qr: QrFeatureMessages;
  sign: SignMessages;
  eme: EmeMessages;
  notify: NotifyMessages;
}

/** A part of the catalogue, loaded together. */
export type Feature = keyof Catalogues;

/** What a cross-device session is for: the words that name it differ ("Login not approved", "Signing not approved"). */
export type { Flow } from '@iamsmart/protocol';

/** The QR strings that name what the resident is doing; each flow has its own. `{…}` placeholders are filled by the element. */
export interface QrFlowMessages {
  /** The three steps, in order: open the app, tap "Scan", check the identification code. */
  steps: readonly [string, string, string];
  /** The QR image's accessible name; `{code}` is the identification code spoken digit by digit. */
  qrName: string;
  /** The resident approved; the page completes the login or the signing. */
  approved: string;
  /** The login or the signing is complete. */
  done: string;
  /** Title when the resident declined or chose the wrong code. */
  denied: string;
  /** Title of an error. */
  failed: string;
}

/** Strings of the cross-device (QR) session, with the login's wording. */
export interface QrMessages extends QrFlowMessages {
  /** Label above the identification code. */
  codeLabel: string;
  /** The visible countdown, `{time}` as m:ss. */
  expiresIn: string;
  /** Announced when a minute is left. */
  minutesLeft: PluralForms;
  /** Announced when the last seconds start; says how to get more time (WCAG 2.2.1). */
  secondsLeft: PluralForms;
  /** The button that starts a new session, before and after expiry. */
  newCode: string;
  /** The same action after a failure. */
  tryAgain: string;
  /** The same-device path: opens the iAM Smart app on this device. */
  openApp: string;
  /** The typing path; `{uri}` is where to type, `{code}` the identification code. */
  typeCode: string;
  /** Shown and announced while the session starts. */
  starting: string;
  /** Announced once the QR code is shown. */
  ready: string;
  /** Title once the app has opened the QR code (the QR code is hidden then). */
  scanned: string;
  /** Under `scanned`: what to do on the phone. */
  scannedHint: string;
  /** What the live region says on `scanned`: `{title}` (`scanned`) and `{hint}` as two sentences, with the language's full stop. */
  scannedSaid: string;
  /** Title when the code ran out of time. */
  expired: string;
  /** Shown while the connection to iAM Smart is retried. */
  reconnecting: string;
  /** The dialog's Close button. */
  close: string;
  /** Backend mode, `app` channel (the request waits in the resident's app): the stage's title. */
  appTitle: string;
  /** Under it, when there is no identification code (form filling). */
  appHint: string;
  /** Under it, with the identification code shown below (signing). */
  appCodeHint: string;
  /** Announced once the request is in the app. */
  appReady: string;
  /** Backend mode, `hosted` channel: the link that opens iAM Smart's own page in a new tab. */
  hostedLink: string;
  /** Under the link: what that page does. */
  hostedHint: string;
  /** The status line: this page follows by itself. */
  hostedStatus: string;
  /** Announced once the link is there. */
  hostedReady: string;
  /** `app` and `hosted`: the button that sends a new request (there is no code to renew). */
  startAgain: string;
  /** `app` and `hosted`: title when the request ran out of time. */
  requestExpired: string;
  /** `app` and `hosted`: the message of `session_expired` (in place of the flow's, which speaks of a code). */
  requestExpiredMessage: string;
  /** `app` and `hosted`: announced when a minute is left. */
  requestMinutesLeft: PluralForms;
  /** `app` and `hosted`: announced when the last seconds start; says how to get more time (WCAG 2.2.1). */
  requestSecondsLeft: PluralForms;
}

/** Strings of `<iams-sign-dialog>`. `{…}` placeholders are filled by the element. */
export interface SignMessages {
  /** The trigger button's label and the dialog's heading, in iAM Smart's own wording. */
  label: string;
  /** The element has no client: no `<iams-provider>` around it and no `client` set. */
  notConfigured: string;
  /** What the resident is told for each SDK error code, when signing (notifications' own codes never reach it). */
  errors: Record<FlowErrorCode, string>;
  /** The QR session's wording for signing. */
  qr: QrFlowMessages;
  /** Term for the document's name. */
  document: string;
  /** Term for the document's size. */
  size: string;
  /** Term for the document's hash fingerprint. */
  fingerprint: string;
  /** Under the fingerprint: what to compare it with. */
  fingerprintHint: string;
  /** Shown and announced while the document is hashed. */
  preparing: string;
  /** Title of the result. */
  signed: string;
  /** Announced when the signature is verified; `{signer}` is the signer's name. */
  signedBy: string;
  /** Term for the signer's name. */
  signer: string;
  /** Term for the signing time. */
  signedAt: string;
  /** Heading of the signer's certificate details. */
  certificate: string;
  /** Term for the certificate's subject (distinguished name). */
  subject: string;
  /** Term for the certificate's issuer. */
  issuer: string;
  /** Term for the certificate's serial number. */
  serialNumber: string;
  /** Term for the certificate's validity period. */
  validity: string;
  /** The validity period, `{from}` and `{to}` as dates. */
  validityRange: string;
  /** Term for the certificate's SHA-256 fingerprint. */
  certificateFingerprint: string;
  /** The link that saves the signature as a JSON file. */
  download: string;
  /** The button that closes the dialog after signing. */
  done: string;
}

/** Why a form field was not written (a control refused, or e-ME gave no usable value), in words for the summary. */
export type EmeNotFilledMessages = Record<EmeRefusalReason | 'missing' | 'invalid', string>;

/** Strings of `<iams-eme-autofill>`. `{…}` placeholders are filled by the element. */
export interface EmeMessages {
  /** The trigger button's label and the dialog's heading, in iAM Smart's own wording. */
  label: string;
  /** The element has no client: no `<iams-provider>` around it and no `client` set. */
  notConfigured: string;
  /** What the resident is told for each SDK error code, when filling a form (notifications' own codes never reach it). */
  errors: Record<FlowErrorCode, string>;
  /** The QR session's wording for form filling. */
  qr: QrFlowMessages;
  /** iAM Smart's e-ME name of each field. */
  fields: Record<EmeField, string>;
  /** Term for the form's name. */
  form: string;
  /** Term for the form's number. */
  formNum: string;
  /** Term for why the form asks. */
  purpose: string;
  /** Above the list of fields, before the request. */
  intro: string;
  /** After a required field's name. */
  required: string;
  /** After an optional field's name. */
  optional: string;
  /** Under the list: the values are not shown here, and the app asks first. */
  privacy: string;
  /** The button that starts the request. */
  continue: string;
  /** Title of the summary after filling. */
  filled: string;
  /** Announced when the form was filled; `{count}` fields. */
  filledCount: PluralForms;
  /** Heading of the list of fields written. */
  filledList: string;
  /** Heading of the list of fields not written. */
  notFilledList: string;
  /** Why a field was not written. */
  notFilled: EmeNotFilledMessages;
  /**
   * A refused control named by the page's own words, with the e-ME field it asked for (which the
   * page's label may hide): `{why}` is the reason, `{field}` the field's name.
   */
  refusedAskedFor: string;
  /** Under the summary: what the resident should do before submitting. */
  check: string;
  /** The button that restores the form's previous values. */
  undo: string;
  /** Shown and announced after Undo. */
  undone: string;
  /** The button that closes the dialog after filling. */
  done: string;
}

/**
 * The codes only notifications give (decision 059). Signing and form filling never meet them, so
 * their catalogues do not word them; `flowMessages` answers the flow's own `unknown` message for
 * them, should one ever arrive.
 */
export type NotificationErrorCode = 'login_required' | 'not_consented' | 'topic_unknown' | 'message_invalid' | 'message_too_large' | 'link_invalid';
/** The codes signing's and form filling's catalogues word. */
export type FlowErrorCode = Exclude<IamSmartErrorCode, NotificationErrorCode>;

/** Strings of `<iams-notify-optin>` (decision 059). */
export interface NotifyMessages {
  /** The button that asks the app for consent, in iAM Smart's own wording; also the dialog's heading. */
  label: string;
  /** The element has no client: no `<iams-provider>` around it and no `client` set. */
  notConfigured: string;
  /** What the resident is told for each SDK error code, about notifications. */
  errors: Record<IamSmartErrorCode, string>;
  /** The session's wording for the consent. */
  qr: QrFlowMessages;
  /** The element's heading (and the topics' fieldset's legend follows it). */
  title: string;
  /** Shown and announced while the website's topics and the resident's choice are read. */
  loading: string;
  /** OpenID Connect mode: notifications need the website's backend. */
  unavailable: string;
  /** Nobody is logged in on the website: log in with iAM Smart first. */
  loginRequired: string;
  /** The website declares no topic (or none of those the element was narrowed to). */
  noTopics: string;
  /** The topics' fieldset's legend. */
  choose: string;
  /** Under the topics: the app asks first, and the resident can stop at any time. */
  chooseHint: string;
  /** Why the button does nothing with no topic ticked. */
  noneChosen: string;
  /** Above the topics the resident gets. */
  subscribed: string;
  /** The button that goes back to the choice with the current topics ticked. */
  change: string;
  /** The button that stops every update. */
  stop: string;
  /** Leaves "Change topics" without changing anything. */
  cancel: string;
  /** Reads the website's topics again after a failure. */
  tryAgain: string;
  /** Announced once the resident approved in the app. */
  started: string;
  /** Announced once topics were removed. */
  updated: string;
  /** Announced once every update was stopped. */
  stopped: string;
}
