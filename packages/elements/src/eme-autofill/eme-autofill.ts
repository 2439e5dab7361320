import type { EmeField, EmeResult, EmeSnapshot, IamSmartAnyClient, IamSmartLang } from '@iamsmart/sdk';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { IamsFilledEvent } from '../events.js';
import { LangController, messagesFor, plural } from '../i18n/index.js';
import { SessionDialogController } from '../shared/session-dialog.js';
import { SessionElement } from '../shared/session-element.js';
import { spinnerStyles } from '../shared/spinner.js';
import { themeStyles } from '../shared/theme.styles.js';
import { trigger } from '../shared/trigger.js';
import { triggerStyles } from '../shared/trigger.styles.js';
import { flowTriggerStyles } from '../shared/flow-trigger.styles.js';
import { visuallyHiddenStyles } from '../shared/visually-hidden.styles.js';
import type { EmeSummary } from './dialog-content.js';
import type { FillOutcome } from './fill.js';
import { discover, isRequired, type EmeTarget, type EmeUnknownName } from './fields.js';

/** An attribute's text, or undefined when it is absent or blank. */
function filled(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

/** The longest form name the request takes. */
const MAX_FORM_NAME = 200;

/**
 * "Fill with iAM Smart": a button in iAM Smart's wording and colours that fills the page's own
 * form with the resident's e-ME details, after the resident approves them in the iAM Smart app.
 * Point it at a form with `for="form-id"`, or put the form inside it. Each control names the
 * detail it wants with `data-eme` (e.g. `enName.lastName`, `mobileNumber`, `residentialAddress.zh.street`),
 * else with its `autocomplete` tokens (`given-name`, `bday`, `tel`, `street-address`…); a control
 * without `required` is optional, and the resident may leave it out in the app.
 *
 * The dialog first lists the details the form asks for (never values) and which are optional;
 * "Continue" shows the QR code (`<iams-qr-login flow="eme">`). Once the resident approves, the
 * form is filled at once, as typing would (`input` and `change`, so framework-controlled inputs
 * keep the values), filled controls get `data-iams-filled`, and the dialog lists what was filled
 * and what was not, with "Undo". A control whose value the resident could not read or change
 * there (hidden, too small, off-screen, clipped, faint, illegible, covered at any of nine points
 * of its box, styled in ways the kit cannot evaluate, inert, disabled, read-only, outside the
 * form, or added after the request) is never written, nor asked for. A form with nothing to map shows the button disabled, with why.
 *
 * The dialog's code (and `<iams-qr-login>` with qrcode) loads on the first `open()`.
 *
 * In backend mode (`<iams-provider backend="…">`) the website's server asks iAM Smart for the
 * details; after "Continue" the dialog says to open the iAM Smart app, where the request waits, or
 * offers "Continue on iAM Smart's page" in a new tab (see `<iams-qr-login>`). Only the fields the
 * form asked for, and the resident approved, reach it; the same rules then decide what is written.
 *
 * @summary The "Fill with iAM Smart" button that fills a form with the resident's e-ME details, in English, Traditional and Simplified Chinese.
 * @tag iams-eme-autofill
 *
 * @attr {string} for - The `id` of the form to fill (in the element's document or shadow root). Default: the first `<form>` inside the element.
 * @attr {string} lang - `en`, `zh-HK` or `zh-CN` (any `zh-Hant…`/`zh-Hans…`/`zh-TW` tag maps to them). Default: the closest ancestor's `lang`, crossing shadow roots, then the page's; other languages read English.
 *
 * @slot - The form to fill, when it is inside the element (shown under the button).
 *
 * @csspart trigger - The "Fill with iAM Smart" `<button>`.
 * @csspart logo - The mark (or the spinner while the dialog loads) inside the button.
 * @csspart label - The button's text.
 * @csspart more-info - The "More info" link to the iAM Smart website.
 * @csspart reason - Why the button is disabled (the form has nothing iAM Smart can fill).
 * @csspart error - The message under the button when the dialog could not load.
 * @csspart dialog - The modal `<dialog>`.
 * @csspart dialog-close - The dialog's Close button.
 * @csspart form - The form's name, number and purpose (a `<dl>`).
 * @csspart fields - The list of details the form asks for.
 * @csspart continue - The "Continue" button that starts the request.
 * @csspart qr-login - The `<iams-qr-login flow="eme">` showing the session.
 * @csspart failure - A failure that only Close can follow (nothing to fill, not set up), with its message.
 * @csspart message - The failure's message.
 * @csspart summary - What was filled and what was not, with Undo and Done.
 * @csspart undo - The "Undo" button.
 * @csspart done - The "Done" button.
 *
 * @cssproperty [--iams-brand-color=#2b7367] - The button, "Continue", "Done" and the QR login's buttons.
 * @cssproperty [--iams-brand-color-hover=#225c53] - Filled buttons on hover.
 * @cssproperty [--iams-brand-color-active=#1a4841] - Filled buttons while pressed.
 * @cssproperty [--iams-on-brand-color=#ffffff] - Text on filled buttons.
 * @cssproperty [--iams-surface-color=light-dark(#ffffff, #121a19)] - The dialog's background.
 * @cssproperty [--iams-surface-color-hover=light-dark(#e8f2f0, #1e2e2b)] - Outline buttons' background on hover (Close, Undo).
 * @cssproperty [--iams-outline-color=light-dark(#2b7367, #8fd6c7)] - Outline buttons' border and text.
 * @cssproperty [--iams-text-color=light-dark(#1b1f1e, #e6ecea)] - The dialog's text.
 * @cssproperty [--iams-link-color=light-dark(#1f5a51, #8fd6c7)] - Links.
 * @cssproperty [--iams-focus-ring-color=light-dark(#163d37, #c4f0e6)] - The 3px keyboard focus ring.
 * @cssproperty [--iams-error-color=light-dark(#b3261e, #ffb4ab)] - Failure messages.
 * @cssproperty [--iams-button-radius=0.5rem] - Corner radius of the buttons.
 * @cssproperty [--iams-font-family=system-ui, sans-serif] - Font.
 * @cssproperty [--iams-qr-size=232px] - Width and height of the QR code, quiet zone included.
 * @cssproperty [--iams-qr-color=#000000] - The QR code's dark modules. Keep it dark on a light background: scanners need the contrast.
 * @cssproperty [--iams-qr-background=#ffffff] - The QR code's light modules and quiet zone.
 *
 * @event {IamsStateEvent} iams-state - The form-filling session moved to another state (as `<iams-qr-login>`'s); `detail` is `{ state, userCode, expiresAt }`.
 * @event {IamsFilledEvent} iams-filled - The form was filled; `detail` is `{ filled, refused, missing, invalid, unknown }`: the controls written (`{ field, element }`), those refused and why (`{ field, element, reason }`), requested fields not returned, fields dropped as malformed, and unknown `data-eme` names. Fired once per approval.
 * @event {IamsErrorEvent} iams-error - The request could not start, was declined, expired or failed; `detail` is `{ code, message, cause }`, `message` in the element's language. Cancelable: `preventDefault()` stops the dialog showing the message itself.
 */
export class IamsEmeAutofill extends SessionElement {
  static override styles = [themeStyles, spinnerStyles, triggerStyles, flowTriggerStyles, visuallyHiddenStyles];

  /** The `id` of the form to fill. Default: the first `<form>` inside the element. */
  @property({ attribute: 'for' }) htmlFor?: string;

  /** The form's name as the resident sees it in the app (1–200 characters). Default: the form's accessible name, else its first heading, else the page's title. */
  @property({ attribute: 'form-name' }) formName?: string;

  /** The form's number, if it has one, e.g. `HPL-001` (up to 50 characters). */
  @property({ attribute: 'form-num' }) formNum?: string;

  /** Why the form asks, shown here and in the app (up to 500 characters). */
  @property() purpose?: string;

  /** The dialog's module, loaded on the first open. */
  @state() private content?: typeof import('./dialog-content.js');
  /** True when the form has at least one control the element can fill; the button is disabled otherwise. */
  @state() private mappable = false;
  /** The fields asked for, in the form's order, and whether each is optional: the list shown before the request. */
  @state() private fields: { field: EmeField; optional: boolean }[] = [];
  @state() private summary?: EmeSummary;

  /** The dialog's QR strings join the trigger's once the dialog is wanted. */
  #dialogWanted = false;
  readonly #lang = new LangController(this, () => (this.#dialogWanted ? ['common', 'eme', 'qr'] : ['common', 'eme']));
  readonly #dialog: SessionDialogController<EmeSnapshot> = new SessionDialogController<EmeSnapshot>(this, {
    lang: () => this.#lang.lang,
    flow: () => 'eme',
    finalCodes: ['form_invalid', 'invalid_config'],
    providerActivity: () => this.providerActivity,
    load: async () => {
      this.#dialogWanted = true;
      const [content] = await Promise.all([import('./dialog-content.js'), this.#lang.ready()]);
      return (this.content ??= content);
    },
    start: (client) => {
      if (this.content) this.#prepare(this.content, client, this.#lang.lang);
    },
    onState: (snapshot) => {
      if (snapshot.state === 'done' && snapshot.result) this.#fill(snapshot.result, this.#lang.lang);
    },
    finished: () => {
      this.summary = undefined;
      this.#requested = [];
    },
  });
  /** The form and its controls as they were when the dialog opened: only these are ever filled. */
  #form?: HTMLFormElement;
  #requested: EmeTarget[] = [];
  #unknown: EmeUnknownName[] = [];
  #formName = '';
  /** Unknown names already logged, so a form that changes does not repeat the warning. */
  readonly #warned = new Set<string>();
  #observer?: MutationObserver;

  constructor() {
    super();
    this.addController({
      hostConnected: () => {
        // The form may gain or lose fields (or arrive) after the element: the button follows it.
        this.#observer = new MutationObserver(() => {
          this.#checkForm();
        });
        this.#observer.observe(this.getRootNode(), { subtree: true, childList: true, attributes: true, attributeFilter: ['data-eme', 'autocomplete', 'type', 'id', 'form'] });
        this.#checkForm();
      },
      hostDisconnected: () => {
        this.#observer?.disconnect();
      },
    });
  }

  /** The form filled: the one `for` names, else the first inside the element. */
  get form(): HTMLFormElement | null {
    const root = this.getRootNode() as Document | ShadowRoot;
    const found = this.htmlFor ? root.getElementById(this.htmlFor) : this.querySelector('form');
    return found instanceof HTMLFormElement ? found : null;
  }

  /** Opens the dialog with the list of details the form asks for. Does nothing while open, or when the form has nothing to fill. */
  open(): Promise<void> {
    return this.#dialog.open();
  }

  /** Closes the dialog; a request still in progress is cancelled. The form keeps what was filled. */
  close(): void {
    this.#dialog.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('htmlFor')) this.#checkForm();
  }

  /** The first render waits for the element's strings, and a language switch for the new ones (decision 042). */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- Lit's own signature
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.#lang.settle();
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override render() {
    const lang = this.#lang.lang;
    const text = messagesFor(lang);
    const disabled = !this.mappable;
    const dialog = this.#dialog;
    return html`
      ${trigger({
        lang,
        label: text.eme.label,
        busy: dialog.opening,
        opensDialog: true,
        disabled,
        describedBy: disabled ? 'reason' : undefined,
        onClick: dialog.onTriggerClick,
        after: disabled ? html`<p part="reason" id="reason" class="reason" lang=${lang}>${text.eme.errors.form_invalid}</p>` : nothing,
        error: dialog.triggerError,
      })}
      <slot></slot>
      ${dialog.opened && this.content
        ? this.content.emeDialog({
            lang,
            formName: this.#formName,
            formNum: filled(this.formNum),
            purpose: filled(this.purpose),
            fields: this.fields,
            session: dialog.session,
            snapshot: dialog.snapshot,
            failure: dialog.failure,
            summary: this.summary,
            announcement: dialog.announcement,
            now: this.now,
            onContinue: this.#onContinue,
            onUndo: this.#onUndo,
            onClose: dialog.onClose,
            onDialogClose: dialog.onDialogClose,
            onQrError: dialog.onQrError,
          })
        : nothing}
    `;
  }

  #checkForm(): void {
    const form = this.form;
    const found = form ? discover(form) : { targets: [], unknown: [] };
    this.mappable = found.targets.length > 0;
    for (const { name, element } of found.unknown) {
      if (this.#warned.has(name)) continue;
      this.#warned.add(name);
      console.warn(`<iams-eme-autofill>: data-eme="${name}" is not an e-ME field or part the element knows; the control is left alone.`, element);
    }
  }

  /** Collects the form's controls (the only ones that will be filled) and the fields to ask for. */
  #prepare(content: typeof import('./dialog-content.js'), client: IamSmartAnyClient | undefined, lang: IamSmartLang): void {
    this.#dialog.end();
    this.summary = undefined;
    const text = messagesFor(lang).eme;
    const form = this.form;
    const { targets, unknown } = form ? discover(form) : { targets: [], unknown: [] };
    this.#form = form ?? undefined;
    this.#requested = targets;
    this.#unknown = unknown;
    this.#formName = (filled(this.formName) ?? (form ? content.formNameOf(form) : '')).slice(0, MAX_FORM_NAME);
    // A field only controls the resident cannot see or change would take is not asked for at all.
    const usable = form ? content.usableTargets(form, targets) : [];
    const fields = [...new Set(usable.map(({ field }) => field))];
    this.fields = fields.map((field) => ({ field, optional: !isRequired(targets, field) }));
    if (!client) this.#dialog.fail({ code: 'invalid_config', message: text.notConfigured });
    else if (!fields.length || !this.#formName) this.#dialog.fail({ code: 'form_invalid', message: text.errors.form_invalid });
  }

  readonly #onContinue = (): void => {
    const client = this.client;
    if (!client) return;
    this.#dialog.focusAfterUpdate('#eme-dialog-heading');
    this.#dialog.follow(
      client.startEme({
        fields: this.fields.map(({ field }) => field),
        optionalFields: this.fields.filter(({ optional }) => optional).map(({ field }) => field),
        formName: this.#formName,
        ...(filled(this.formNum) ? { formNum: filled(this.formNum) } : {}),
        ...(filled(this.purpose) ? { purpose: filled(this.purpose) } : {}),
        lang: this.#lang.lang,
      }),
    );
  };

  /** Fills the form at once, with the controls collected when the dialog opened, each checked again now. */
  #fill(result: EmeResult, lang: IamSmartLang): void {
    const form = this.#form;
    const content = this.content;
    if (!form || !content) return;
    // The modal dialog makes the page inert, and inert content is not hit-tested, so every field
    // would read as covered: the form is checked and filled with the dialog closed, within this
    // task (nothing paints in between; the `close` event then finds it open and is ignored). With
    // it closed nothing of the kit's own is exempt from the checks: this element, placed over a
    // field by the page, covers it like anything else.
    // The list of fields asked for is made before the dialog first shows (see SessionDialogController.open).
    const dialog = this.renderRoot.querySelector('dialog');
    dialog?.close();
    let outcome: FillOutcome;
    try {
      outcome = content.fillForm(form, this.#requested, result.data);
    } finally {
      dialog?.showModal();
    }
    this.summary = { outcome, result, undone: false };
    this.#dialog.announcement = plural(lang, outcome.filled.length, messagesFor(lang).eme.filledCount);
    this.#dialog.focusAfterUpdate('#eme-summary-title');
    this.dispatchEvent(
      new IamsFilledEvent({ filled: outcome.filled, refused: outcome.refused, missing: result.missing, invalid: result.invalid, unknown: this.#unknown }),
    );
  }

  readonly #onUndo = (): void => {
    const summary = this.summary;
    if (!summary || summary.undone) return;
    summary.outcome.undo();
    this.summary = { ...summary, undone: true };
    this.#dialog.announcement = messagesFor(this.#lang.lang).eme.undone;
    this.#dialog.focusAfterUpdate('#eme-summary-title');
  };
}
