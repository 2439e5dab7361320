import { IamsNotifyOptin } from './notify-optin.js';

// Tolerates the kit being loaded twice (CDN file and npm package on one page).
if (!customElements.get('iams-notify-optin')) customElements.define('iams-notify-optin', IamsNotifyOptin);

declare global {
  interface HTMLElementTagNameMap {
    'iams-notify-optin': IamsNotifyOptin;
  }
}
