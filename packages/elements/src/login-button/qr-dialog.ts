import { html, type TemplateResult } from 'lit';
import '../qr-login/define.js';

/*
 * The QR login's modal dialog, loaded by the login button on its first click in `qr` mode, so the
 * button paints without <iams-qr-login> and qrcode. The button renders it in its own shadow root
 * and keeps its styles (login-button.styles.ts).
 */

export interface QrDialogOptions {
  lang: string;
  heading: string;
  closeLabel: string;
  /** The dialog closed: Esc, the Close button, or a completed login. */
  onClose: () => void;
}

function closeDialog(event: Event): void {
  (event.currentTarget as Element).closest('dialog')?.close();
}

/**
 * A native `<dialog>` (opened with `showModal()`: the rest of the page is inert, so focus stays
 * inside, and Esc closes it) named by its heading. `iams-login` from the QR login bubbles on to
 * the page as it is; the dialog only closes.
 */
export function qrDialog({ lang, heading, closeLabel, onClose }: QrDialogOptions): TemplateResult {
  return html`<dialog part="dialog" class="dialog" lang=${lang} aria-labelledby="qr-dialog-heading" @close=${onClose} @iams-login=${closeDialog}>
    <div class="dialog-header">
      <h2 id="qr-dialog-heading" class="dialog-heading">${heading}</h2>
      <button type="button" part="dialog-close" class="dialog-close" @click=${closeDialog}>${closeLabel}</button>
    </div>
    <iams-qr-login lang=${lang}></iams-qr-login>
  </dialog>`;
}
