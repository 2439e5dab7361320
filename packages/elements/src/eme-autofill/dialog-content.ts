import type { EmeField, EmeResult, EmeSnapshot } from '@iamsmart/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { messagesFor } from '../i18n/index.js';
import type { EmeMessages } from '../i18n/messages.js';
import { dialogQrLogin, failureBox, sessionDialog, type SessionDialogState } from '../shared/dialog-view.js';
import { dialogStyles } from '../shared/dialog.styles.js';
import { iconStyles } from '../shared/icons.styles.js';
import { tickIcon } from '../shared/icons.js';
import { emeAutofillStyles } from './eme-autofill.styles.js';
import { fieldOf, type FillableElement } from './fields.js';
import type { FillOutcome } from './fill.js';

/*
 * The form-filling dialog's content, loaded by <iams-eme-autofill> on its first open with the
 * filling code and the shared dialog, so the trigger paints without them, <iams-qr-login> and qrcode. The element holds
 * the state; this draws it.
 */

export { fillForm, usableTargets } from './fill.js';

/** The dialog's styles, which the element adopts once this has loaded (after its own: see SessionDialogOptions.load). */
export const styles = [dialogStyles, iconStyles, emeAutofillStyles];

/** What the summary shows: the outcome of filling, what iAM Smart returned, and whether it was undone. */
export interface EmeSummary {
  outcome: FillOutcome;
  result: EmeResult;
  undone: boolean;
}

export interface EmeDialogView extends SessionDialogState {
  formName: string;
  formNum: string | undefined;
  purpose: string | undefined;
  /** The fields asked for, and whether each is optional. */
  fields: { field: EmeField; optional: boolean }[];
  snapshot: EmeSnapshot | undefined;
  summary: EmeSummary | undefined;
  onContinue: () => void;
  onUndo: () => void;
}

function textOf(element: Element | null): string {
  return element?.textContent.replace(/\s+/g, ' ').trim() ?? '';
}

/** The form's accessible name (`aria-label`, `aria-labelledby`), else its first heading or legend, else the page's title. */
export function formNameOf(form: HTMLFormElement): string {
  const label = form.getAttribute('aria-label')?.trim();
  if (label) return label;
  const root = form.getRootNode() as Document | ShadowRoot;
  const labelledBy = (form.getAttribute('aria-labelledby') ?? '')
    .split(/\s+/)
    .map((id) => (id ? textOf(root.getElementById(id)) : ''))
    .filter(Boolean)
    .join(' ');
  return labelledBy || textOf(form.querySelector('h1, h2, h3, h4, h5, h6, legend')) || document.title.trim();
}

/**
 * The shared session dialog, with the form's details above the list of fields, the QR code or the
 * summary. The heading takes focus when the QR code replaces "Continue" (focus would be lost otherwise).
 */
export function emeDialog(view: EmeDialogView): TemplateResult {
  const { lang } = view;
  const text = messagesFor(lang).eme;
  return sessionDialog({
    id: 'eme',
    lang,
    heading: text.label,
    headingFocusable: Boolean(view.session && !view.summary),
    failure: view.failure,
    announcement: view.announcement,
    onClose: view.onClose,
    onDialogClose: view.onDialogClose,
    body: html`${view.formName ? formDetails(view, text) : nothing} ${body(view, text)}`,
  });
}

function body(view: EmeDialogView, text: EmeMessages) {
  const { failure, summary, session, lang } = view;
  if (failure) return failureBox('eme', lang, 'eme', failure);
  if (summary) return summaryOf(summary, view, text);
  if (session) return dialogQrLogin({ flow: 'eme', lang, now: view.now, session, onQrError: view.onQrError });
  return html`<p class="intro" id="eme-fields-intro">${text.intro}</p>
    <ul part="fields" class="fields" aria-labelledby="eme-fields-intro">
      ${view.fields.map(
        ({ field, optional }) =>
          html`<li><span class="field-name">${text.fields[field]}</span> <span class=${optional ? 'badge' : 'badge required'}>${optional ? text.optional : text.required}</span></li>`,
      )}
    </ul>
    <p class="hint">${text.privacy}</p>
    <div class="actions">
      <button part="continue" class="done" type="button" @click=${view.onContinue}>${text.continue}</button>
    </div>`;
}

/** The form's name, number and purpose, as the app shows them. */
function formDetails(view: EmeDialogView, text: EmeMessages) {
  return html`<dl part="form" class="details">
    <div class="row">
      <dt>${text.form}</dt>
      <dd class="document-name">${view.formName}</dd>
    </div>
    ${view.formNum
      ? html`<div class="row">
          <dt>${text.formNum}</dt>
          <dd>${view.formNum}</dd>
        </div>`
      : nothing}
    ${view.purpose
      ? html`<div class="row">
          <dt>${text.purpose}</dt>
          <dd>${view.purpose}</dd>
        </div>`
      : nothing}
  </dl>`;
}

/**
 * A label's own words, as a screen reader names the control: without the options or text of a
 * control inside it, and without what the label hides from assistive technology (a required
 * field's "*", an icon).
 */
function labelText(label: HTMLLabelElement): string {
  const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
  let words = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const left = node.parentElement?.closest('select, textarea, [aria-hidden="true"]');
    if (!left || !label.contains(left)) words += node.textContent ?? '';
  }
  return words.replace(/\s+/g, ' ').trim();
}

/** The words the page shows for a control: its label, else its `aria-label`. */
function ownName(element: FillableElement): string | undefined {
  const label = Array.from(element.labels ?? [], labelText).find(Boolean) ?? element.getAttribute('aria-label')?.trim();
  return label === '' ? undefined : label;
}

/** The e-ME field's name for a `data-eme` name. */
function fieldName(name: string, text: EmeMessages): string {
  const field = fieldOf(name);
  return field ? text.fields[field] : name;
}

/**
 * A control as the resident knows it: the page's words for it, so the summary points at what they
 * see; only a control with no name of its own is called by its e-ME field. Never both in one
 * name: "Surname (English) (English name)" read the same thing twice.
 */
function controlName(element: FillableElement, name: string, text: EmeMessages): string {
  return ownName(element) ?? fieldName(name, text);
}

/**
 * Why a control was refused, and — when the page named it in its own words — which e-ME field it
 * asked for: a planted field's label ("Reference") may hide that it wanted a phone number, and a
 * refused field stays empty, so nothing else on the page would tell.
 */
function refusedWhy(element: FillableElement, name: string, why: string, text: EmeMessages): string {
  return ownName(element) ? text.refusedAskedFor.replace('{why}', why).replace('{field}', fieldName(name, text)) : why;
}

function summaryOf({ outcome, result, undone }: EmeSummary, view: EmeDialogView, text: EmeMessages) {
  const invalid = new Set<string | undefined>(result.invalid.map(({ field }) => field));
  const notFilled = [
    ...outcome.refused.map(({ element, field, reason }) => ({ name: controlName(element, field, text), why: refusedWhy(element, field, text.notFilled[reason], text) })),
    ...outcome.empty.map(({ element, field }) => ({
      name: controlName(element, field, text),
      why: text.notFilled[invalid.has(fieldOf(field)) ? 'invalid' : 'missing'],
    })),
  ];
  return html`<section part="summary" class="result" aria-labelledby="eme-summary-title">
    <h3 id="eme-summary-title" class="result-title" tabindex="-1">${tickIcon}<span>${text.filled}</span></h3>
    ${undone ? html`<p class="undone">${text.undone}</p>` : html`<p>${text.check}</p>`}
    ${outcome.filled.length
      ? html`<h4 class="list-heading">${text.filledList}</h4>
          <ul class="summary-list">
            ${outcome.filled.map(({ element, field }) => html`<li>${controlName(element, field, text)}</li>`)}
          </ul>`
      : nothing}
    ${notFilled.length
      ? html`<h4 class="list-heading">${text.notFilledList}</h4>
          <ul class="summary-list not-filled">
            ${notFilled.map(({ name, why }) => html`<li>${name} — <span class="why">${why}</span></li>`)}
          </ul>`
      : nothing}
    <div class="actions">
      ${undone || !outcome.filled.length ? nothing : html`<button part="undo" class="undo secondary" type="button" @click=${view.onUndo}>${text.undo}</button>`}
      <button part="done" class="done" type="button" @click=${view.onClose}>${text.done}</button>
    </div>
  </section>`;
}
