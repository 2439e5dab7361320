/** The eme flow's part of the app's request screen: the form and its e-ME fields. */
import { html } from '../views/html.js';
import { t } from '../views/i18n.js';
import { hasField } from './authorization-details.js';
import { FIELD_LABELS, formatField } from './format.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */

/**
 * What an eme request asks for: the form, then each field with the resident's own value.
 * Required fields say so; optional ones the resident has get a checkbox, ticked, in the Approve
 * form (`decideForm`, once the code matched) to leave them out; fields the resident does not have
 * say "Not available" and are not given.
 * @param {Lang} lang
 * @param {import('./authorization-details.js').EmeDetail} detail
 * @param {import('../residents.js').Resident} resident
 * @param {string | undefined} decideForm the Approve form's id, when it is on the page
 */
export function emeSection(lang, detail, resident, decideForm) {
  /** @type {readonly string[]} */
  const optional = detail.optionalFields ?? [];
  const choosable = detail.fields.some((field) => optional.includes(field) && hasField(resident, field));
  const fields = detail.fields.map((field) => {
    const label = t(lang, FIELD_LABELS[field]);
    const mark = t(lang, optional.includes(field) ? 'emeOptional' : 'emeRequired');
    if (!hasField(resident, field)) {
      return html`<li class="eme-field unavailable">
<span class="field-label">${label} <span class="field-mark">(${mark})</span></span>
<span class="field-value">${t(lang, 'emeNotAvailable')}</span>
<span class="field-note">${t(lang, 'emeNotAvailableHelp')}</span>
</li>`;
    }
    const { text, lang: valueLang } = formatField(lang, resident, field);
    const value = html`<span class="field-value" id="value-${field}"${valueLang ? html` lang="${valueLang}"` : ''}>${text}</span>`;
    if (decideForm && optional.includes(field)) {
      return html`<li class="eme-field choosable">
<input type="checkbox" id="keep-${field}" name="keep" value="${field}" form="${decideForm}" checked aria-describedby="value-${field}">
<label for="keep-${field}" class="field-label">${label} <span class="field-mark">(${mark})</span></label>
${value}
</li>`;
    }
    return html`<li class="eme-field">
<span class="field-label">${label} <span class="field-mark">(${mark})</span></span>
${value}
</li>`;
  });
  return html`<section class="form-card" aria-labelledby="form-heading">
<h2 id="form-heading" class="label">${t(lang, 'formHeading')}</h2>
<dl class="form-details">
<dt>${t(lang, 'formName')}</dt><dd class="form-name">${detail.formName}</dd>
${detail.formNum === undefined ? '' : html`<dt>${t(lang, 'formNum')}</dt><dd>${detail.formNum}</dd>`}
${detail.purpose === undefined ? '' : html`<dt>${t(lang, 'formPurpose')}</dt><dd>${detail.purpose}</dd>`}
</dl>
</section>
<section class="eme-fields" aria-labelledby="fields-heading">
<h2 id="fields-heading">${t(lang, 'emeFieldsHeading')}</h2>
${choosable ? html`<p class="help">${t(lang, decideForm ? 'emeOptionalHelp' : 'emeOptionalLater')}</p>` : ''}
<ul class="field-list">
${fields}
</ul>
</section>`;
}
