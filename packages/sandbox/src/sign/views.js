/** The sign flow's part of the app's request screen: the documents to sign. */
import { html } from '../views/html.js';
import { t } from '../views/i18n.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */
/** @typedef {{ label?: string | undefined, fingerprint: string }} DocumentToSign */

/**
 * What a sign request asks to sign: each document's name and hash fingerprint. The
 * fingerprint's label spells it out group by group, so a screen reader reads characters the
 * resident can compare, not a word.
 * @param {Lang} lang
 * @param {readonly DocumentToSign[]} documents
 */
export function documentsSection(lang, documents) {
  return html`<section class="documents" aria-labelledby="documents-heading">
<h2 id="documents-heading">${t(lang, 'documentsHeading')}</h2>
<ul class="document-list">
${documents.map(({ label, fingerprint }, index) => html`<li>
<dl class="document">
<dt>${t(lang, 'documentName')}</dt><dd class="document-name">${label ?? t(lang, 'untitledDocument')}</dd>
<dt>${t(lang, 'fingerprint')}</dt><dd><code class="fingerprint" translate="no" aria-label="${fingerprint.split(' ').map((group) => [...group].join(' ')).join(', ')}"
 aria-describedby="fingerprint-help-${String(index)}">${fingerprint}</code>
<p class="help" id="fingerprint-help-${String(index)}">${t(lang, 'fingerprintHelp')}</p></dd>
</dl>
</li>`)}
</ul>
</section>`;
}
