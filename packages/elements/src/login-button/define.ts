import { IamsLoginButton } from './login-button.js';

// Tolerates the kit being loaded twice (CDN file and npm package on one page).
if (!customElements.get('iams-login-button')) customElements.define('iams-login-button', IamsLoginButton);

declare global {
  interface HTMLElementTagNameMap {
    'iams-login-button': IamsLoginButton;
  }
}
