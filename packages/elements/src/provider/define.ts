import { IamsProvider } from './provider.js';

// Tolerates the kit being loaded twice (CDN file and npm package on one page).
if (!customElements.get('iams-provider')) customElements.define('iams-provider', IamsProvider);

declare global {
  interface HTMLElementTagNameMap {
    'iams-provider': IamsProvider;
  }
}
