import { html, svg } from 'lit';

/*
 * The outcome icons of the QR login and the signing dialog: decorative (the text beside them says
 * the same), drawn in the current colour with the `.icon` and `.icon-line` classes each element styles.
 */

export const phoneIcon = html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
  ${svg`<rect class="icon-line" x="6.5" y="2.5" width="11" height="19" rx="2"></rect><path class="icon-line" d="M10.5 18.5h3M9.5 11l2 2 3.5-4"></path>`}
</svg>`;

export const tickIcon = html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
  ${svg`<circle class="icon-line" cx="12" cy="12" r="9.5"></circle><path class="icon-line" d="M7.5 12.5l3 3 6-6.5"></path>`}
</svg>`;

export const alertIcon = html`<svg class="icon alert" viewBox="0 0 24 24" aria-hidden="true">
  ${svg`<circle class="icon-line" cx="12" cy="12" r="9.5"></circle><path class="icon-line" d="M12 7v6.5M12 16.5v.5"></path>`}
</svg>`;
