import type { IamSmartLang } from '@iamsmart/sdk';
import { html, type TemplateResult } from 'lit';
import { sessionDialog } from '../shared/dialog-view.js';
import { dialogStyles } from '../shared/dialog.styles.js';

/*
 * What `<iams-login-button mode="qr">` loads on its first click: the session dialog every flow
 * shares, holding an `<iams-qr-login>`, so the button paints without them and qrcode (in the npm
 * build and on the CDN alike, decision 047).
 */

/** The dialog's styles, which the button adopts once this has loaded (after its own: see SessionDialogOptions.load). */
export const styles = [dialogStyles];

export interface QrDialogView {
  lang: IamSmartLang;
  heading: string;
  /** Close, and a completed login. */
  onClose: () => void;
  /** The `<dialog>` closed (Esc, or `close()`). */
  onDialogClose: (event: Event) => void;
}

/**
 * The shared session dialog with an `<iams-qr-login>` running its own login session: its
 * `iams-login`, `iams-state` and `iams-error` reach the page as they are; a login closes the dialog.
 */
export function qrDialog(view: QrDialogView): TemplateResult {
  return sessionDialog({
    id: 'qr',
    lang: view.lang,
    heading: view.heading,
    failure: undefined,
    onClose: view.onClose,
    onDialogClose: view.onDialogClose,
    body: html`<iams-qr-login lang=${view.lang} @iams-login=${view.onClose}></iams-qr-login>`,
  });
}

/** The dialog's controller comes with it: the button's first paint carries only its `TriggerController` (decision 045). */
export { SessionDialogController } from '../shared/session-dialog.js';
