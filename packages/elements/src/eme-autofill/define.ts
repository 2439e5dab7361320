import { IamsEmeAutofill } from './eme-autofill.js';

// Tolerates the kit being loaded twice (CDN file and npm package on one page).
if (!customElements.get('iams-eme-autofill')) customElements.define('iams-eme-autofill', IamsEmeAutofill);

declare global {
  interface HTMLElementTagNameMap {
    'iams-eme-autofill': IamsEmeAutofill;
  }
}
