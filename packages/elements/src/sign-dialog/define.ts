import { IamsSignDialog } from './sign-dialog.js';

// Tolerates the kit being loaded twice (CDN file and npm package on one page).
if (!customElements.get('iams-sign-dialog')) customElements.define('iams-sign-dialog', IamsSignDialog);

declare global {
  interface HTMLElementTagNameMap {
    'iams-sign-dialog': IamsSignDialog;
  }
}
