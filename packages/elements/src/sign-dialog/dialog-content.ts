import type { IamSmartLang, BackendSignResult, SignDocument, BackendSignSnapshot } from '@iamsmart/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { format, messagesFor } from '../i18n/index.js';
import type { SignMessages } from '../i18n/messages.js';
import { dialogQrLogin, failureBox, sessionDialog, type SessionDialogState } from '../shared/dialog-view.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { iconStyles } from '../shared/icons.styles.js';
import { tickIcon } from '../shared/icons.js';
import { spinner } from '../shared/spinner.js';
import { formatBytes, formatDate, formatDateTime, spellFingerprint } from './format.js';
import { signDialogStyles } from './sign-dialog.styles.js';

/*
 * The signing dialog's content, loaded by <iams-sign-dialog> on its first open with the shared
 * dialog and <iams-qr-login>, so the trigger paints without them and qrcode. The element holds
 * the state; this only draws it.
 */

/** The dialog's styles, which the element adopts once this has loaded (after its own: see SessionDialogOptions.load). */
export const styles = [dialogStyles, iconStyles, signDialogStyles];

export interface SignDialogView extends SessionDialogState {
  /** The name the dialog was opened with (the snapshot's, once hashed, is the same). */
  documentName: string;
  snapshot: BackendSignSnapshot | undefined;
  /** The signature result as a JSON file, in `done`. */
  downloadUrl: string | undefined;
}

/** The shared session dialog, with the document's details above what the signing is at. */
export function signDialog(view: SignDialogView): TemplateResult {
  const { lang, snapshot } = view;
  const text = messagesFor(lang).sign;
  return sessionDialog({
    id: 'sign',
    lang,
    heading: text.label,
    failure: view.failure,
    announcement: view.announcement,
    onClose: view.onClose,
    onDialogClose: view.onDialogClose,
    body: html`${view.documentName || snapshot?.document ? documentDetails(text, lang, view.documentName, snapshot?.document) : nothing}
    ${body(view, text)}`,
  });
}

function body(view: SignDialogView, text: SignMessages) {
  const { snapshot, failure, lang } = view;
  if (failure) return failureBox('sign', lang, 'sign', failure);
  if (snapshot?.state === 'done' && snapshot.result) return result(snapshot.result, view, text);
  if (snapshot?.state === 'starting' && !snapshot.document) {
    return html`<div part="progress" class="progress">${spinner('icon')}<p class="title">${text.preparing}</p></div>`;
  }
  return dialogQrLogin({ flow: 'sign', lang, now: view.now, session: view.session, onQrError: view.onQrError });
}

/** Name, size and fingerprint: what the resident checks against the app before approving. */
function documentDetails(text: SignMessages, lang: IamSmartLang, name: string, document: SignDocument | undefined) {
  return html`<dl part="document" class="details">
    <div class="row">
      <dt>${text.document}</dt>
      <dd class="document-name">${document?.name ?? name}</dd>
    </div>
    ${document?.size === undefined
      ? nothing
      : html`<div class="row">
          <dt>${text.size}</dt>
          <dd>${formatBytes(document.size, lang)}</dd>
        </div>`}
    ${document
      ? html`<div class="row">
          <dt>${text.fingerprint}</dt>
          <dd>
            <code class="fingerprint" aria-hidden="true" translate="no">${document.fingerprint}</code>
            <span class="visually-hidden">${spellFingerprint(document.fingerprint)}</span>
            <span class="hint">${text.fingerprintHint}</span>
          </dd>
        </div>`
      : nothing}
  </dl>`;
}

function result(signature: BackendSignResult, view: SignDialogView, text: SignMessages) {
  const { lang } = view;
  const { certificate } = signature;
  return html`<section part="result" class="result" aria-labelledby="sign-result-title">
    <h3 id="sign-result-title" class="result-title" tabindex="-1">${tickIcon}<span>${text.signed}</span></h3>
    <dl class="details">
      <div class="row">
        <dt>${text.signer}</dt>
        <dd>${signature.signer}</dd>
      </div>
      <div class="row">
        <dt>${text.signedAt}</dt>
        <dd><time datetime=${signature.signedAt}>${formatDateTime(signature.signedAt, lang)}</time></dd>
      </div>
    </dl>
    <h4 class="certificate-heading">${text.certificate}</h4>
    <dl part="certificate" class="details certificate">
      <div class="row">
        <dt>${text.subject}</dt>
        <dd>${certificate.subject}</dd>
      </div>
      <div class="row">
        <dt>${text.issuer}</dt>
        <dd>${certificate.issuer}</dd>
      </div>
      <div class="row">
        <dt>${text.serialNumber}</dt>
        <dd><code translate="no">${certificate.serialNumber}</code></dd>
      </div>
      <div class="row">
        <dt>${text.validity}</dt>
        <dd>${format(text.validityRange, { from: formatDate(certificate.notBefore, lang), to: formatDate(certificate.notAfter, lang) })}</dd>
      </div>
      <div class="row">
        <dt>${text.certificateFingerprint}</dt>
        <dd><code translate="no">${certificate.fingerprintSha256}</code></dd>
      </div>
    </dl>
    <div class="actions">
      ${view.downloadUrl
        ? html`<a part="download" class="download secondary" href=${view.downloadUrl} download=${`${signature.documentName}.signature.json`}>${text.download}</a>`
        : nothing}
      <button part="done" class="done" type="button" @click=${view.onClose}>${text.done}</button>
    </div>
  </section>`;
}
