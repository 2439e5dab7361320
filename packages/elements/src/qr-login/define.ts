import { IamsQrLogin } from './qr-login.js';

// Tolerates the kit being loaded twice (CDN file and npm package on one page).
if (!customElements.get('iams-qr-login')) customElements.define('iams-qr-login', IamsQrLogin);

declare global {
  interface HTMLElementTagNameMap {
    'iams-qr-login': IamsQrLogin;
  }
}
