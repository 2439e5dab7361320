import type { IamSmartLang } from '@iamsmart/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import type { IamsErrorEvent } from '../events.js';
import type { Flow } from '../i18n/index.js';
import { flowMessages } from '../i18n/index.js';
import { alertIcon } from './icons.js';
import type { ShownFailure } from './session-dialog.js';
import '../qr-login/define.js';

/*
 * The session dialog's markup, loaded with each element's dialog content on its first open (so a
 * trigger paints without <iams-qr-login> and qrcode). The element renders it in its own shadow
 * root with `dialogStyles`; `SessionDialogController` opens it with `showModal()` and holds the
 * state; this only draws it.
 */

export interface SessionDialogView {
  /** Prefixes the ids: `${id}-dialog-heading`, `${id}-dialog-failure`. */
  id: string;
  lang: IamSmartLang;
  heading: string;
  /** The heading takes focus when what had it is replaced (`focusAfterUpdate`). */
  headingFocusable?: boolean;
  /** A failure shown on opening describes the dialog. */
  failure: ShownFailure | undefined;
  /** What the dialog's live region says (the QR login announces its own states). */
  announcement?: string;
  /** Close (and Done). */
  onClose: () => void;
  /** The `<dialog>` closed (Esc, or `close()`). */
  onDialogClose: (event: Event) => void;
  body: TemplateResult | typeof nothing;
}

/**
 * A native `<dialog>` (opened with `showModal()`: the rest of the page is inert, so focus stays
 * inside, and Esc closes it) named by its heading, and described by a failure shown on opening.
 */
export function sessionDialog(view: SessionDialogView): TemplateResult {
  const { id, lang } = view;
  return html`<dialog
    part="dialog"
    class="dialog"
    lang=${lang}
    aria-labelledby=${`${id}-dialog-heading`}
    aria-describedby=${view.failure ? `${id}-dialog-failure` : nothing}
    @close=${view.onDialogClose}
  >
    <div class="dialog-header">
      <h2 id=${`${id}-dialog-heading`} class="dialog-heading" tabindex=${view.headingFocusable ? '-1' : nothing}>${view.heading}</h2>
      <button type="button" part="dialog-close" class="dialog-close secondary" @click=${view.onClose}>${flowMessages(lang, 'login').qr.close}</button>
    </div>
    <div class="dialog-body">${view.body}</div>
    <div class="visually-hidden" role="status">${view.announcement ?? ''}</div>
  </dialog>`;
}

/** A failure only Close can follow: the alert, the flow's "failed" title and the message (unless a listener took it over). */
export function failureBox(id: string, lang: IamSmartLang, flow: Flow, failure: ShownFailure): TemplateResult {
  return html`<div part="failure" class="failure" id=${`${id}-dialog-failure`}>
    ${alertIcon}
    <p class="title">${flowMessages(lang, flow).qr.failed}</p>
    ${failure.shown ? html`<p part="message" class="message">${failure.message}</p>` : nothing}
  </div>`;
}

/** What a session element hands its dialog content besides its own: the state the controller holds and its handlers. */
export interface SessionDialogState {
  lang: IamSmartLang;
  /** The session followed, for the QR login to show. */
  session: unknown;
  /** A failure the dialog shows itself; `shown` is false when a listener took the message over. */
  failure: ShownFailure | undefined;
  /** What the dialog's live region says. */
  announcement: string;
  /** The countdown's clock, for the QR login. */
  now: () => number;
  /** Close (and Done). */
  onClose: () => void;
  /** The `<dialog>` closed (Esc, or `close()`). */
  onDialogClose: (event: Event) => void;
  /** An `iams-error` from the QR login, to re-dispatch from the element. */
  onQrError: (event: IamsErrorEvent) => void;
}

/** The element reports every state itself: the QR login's `iams-state` stays inside. */
function stop(event: Event): void {
  event.stopPropagation();
}

export interface DialogQrLoginView {
  flow: 'sign' | 'eme' | 'notify';
  lang: IamSmartLang;
  now: () => number;
  session: unknown;
  onQrError: (event: IamsErrorEvent) => void;
}

/** The `<iams-qr-login>` (`part="qr-login"`) showing a session the element follows, whose `iams-error` the element re-dispatches. */
export function dialogQrLogin(view: DialogQrLoginView): TemplateResult {
  return html`<iams-qr-login
    part="qr-login"
    flow=${view.flow}
    manual
    lang=${view.lang}
    .now=${view.now}
    .session=${view.session}
    @iams-error=${view.onQrError}
    @iams-state=${stop}
  ></iams-qr-login>`;
}
