import type { IamSmartLang } from '@iamsmart/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { messagesFor } from '../i18n/index.js';
import { logo, newTabIcon } from './logo.js';
import { spinner } from './spinner.js';

export interface TriggerView {
  lang: IamSmartLang;
  /** The button's words: its text, or only its accessible name with `iconOnly`. */
  label: string;
  /** Working: the spinner replaces the logo, and the button is `aria-busy`. */
  busy: boolean;
  onClick: () => void;
  /** Shows only the logo; the label becomes the accessible name (and the tooltip). */
  iconOnly?: boolean;
  /** Truly disabled (`disabled`): the e-ME button with nothing to fill. */
  disabled?: boolean;
  /** Unavailable but still focusable (`aria-disabled`): the login button. */
  ariaDisabled?: boolean;
  /** The id of what says why the button is disabled. */
  describedBy?: string;
  /** Opens a dialog (`aria-haspopup`). */
  opensDialog?: boolean;
  /** Between the "More info" link and the message: the element's own (a status, a reason). */
  after?: TemplateResult | typeof nothing;
  /** The trigger's own failure, shown under it (`part="error"`, an alert). */
  error: string;
}

/**
 * What every element that starts a flow shows: the brand button (`part="trigger"`, with `logo`
 * and `label` parts), the "More info" link to the iAM Smart website in the matching language
 * (`part="more-info"`, opening a new tab and saying so), and the message under the button
 * (`part="error"`). Styled by `triggerStyles`.
 */
export function trigger(view: TriggerView): TemplateResult {
  const { lang } = view;
  const text = messagesFor(lang);
  return html`
    <button
      part="trigger"
      type="button"
      lang=${lang}
      aria-label=${view.iconOnly ? view.label : nothing}
      title=${view.iconOnly ? view.label : nothing}
      aria-haspopup=${view.opensDialog ? 'dialog' : nothing}
      aria-disabled=${view.ariaDisabled ? 'true' : nothing}
      aria-busy=${view.busy ? 'true' : nothing}
      aria-describedby=${view.describedBy ?? nothing}
      ?disabled=${view.disabled ?? false}
      @click=${view.onClick}
    >
      <span part="logo" class="logo">${view.busy ? spinner() : logo}</span>
      ${view.iconOnly ? nothing : html`<span part="label" class="label">${view.label}</span>`}
    </button>
    <a part="more-info" href=${text.moreInfoUrl} hreflang=${lang} lang=${lang} target="_blank" rel="noopener noreferrer"
      >${text.moreInfo}<span class="visually-hidden">${text.opensInNewTab}</span>${newTabIcon}</a
    >
    ${view.after ?? nothing}
    <p part="error" class=${view.error ? 'error shown' : 'error'} role="alert" lang=${lang}>${view.error}</p>
  `;
}
