import type { IamSmartErrorCode } from '@iamsmart/sdk';

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
}
