import type { IamSmartErrorCode } from '@iamsmart/sdk';
import type { PluralForms } from './plural.js';

/**
 * Every string the elements show or announce. Each language file implements this interface, so a
 * missing string (or a new error code without a message) is a type error, not a blank button.
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
  /** What the resident is told for each SDK error code. */
  errors: Record<IamSmartErrorCode, string>;
  /** `<iams-qr-login>` and the login button's QR dialog. */
  qr: QrMessages;
}

/** Strings of the cross-device (QR) login. `{…}` placeholders are filled by the element. */
export interface QrMessages {
  /** The three steps, in order: open the app, tap "Scan", check the identification code. */
  steps: readonly [string, string, string];
  /** The QR image's accessible name; `{code}` is the identification code spoken digit by digit. */
  qrName: string;
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
  /** The resident approved; the page completes the login. */
  approved: string;
  /** The login is complete. */
  done: string;
  /** Title when the resident declined or chose the wrong code. */
  denied: string;
  /** Title when the code ran out of time. */
  expired: string;
  /** Title of an error. */
  failed: string;
  /** Shown while the connection to iAM Smart is retried. */
  reconnecting: string;
  /** The dialog's Close button. */
  close: string;
}
