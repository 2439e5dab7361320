import { html, svg } from 'lit';

/**
 * The kit's own decorative mark (not iAM Smart's trademark artwork): a rounded badge with an
 * "i" that is also a person. The badge takes the text colour; the figure is cut out in the
 * button's background colour, so it works on filled, outline and forced-colours buttons.
 */
export const logo = html`<svg class="logo-svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  ${svg`<rect class="logo-badge" width="24" height="24" rx="6.5" />
  <circle class="logo-figure" cx="12" cy="7.25" r="2.5" />
  <path class="logo-figure" d="M9.75 11.5h4.5v7.25a2.25 2.25 0 0 1-4.5 0z" />
  <path class="logo-signal" d="M16.6 5.1a5.2 5.2 0 0 1 0 6.3M18.7 3.4a8 8 0 0 1 0 9.7" />`}
</svg>`;

/** After the "More info" link: it opens a new tab (the words for that are visually hidden beside it). */
export const newTabIcon = html`<svg class="new-tab-svg" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${svg`<path
  d="M9.5 2.5h4v4M13.5 2.5 7.5 8.5M11.5 9.5v3a1 1 0 0 1-1 1h-7a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1h3"
/>`}</svg>`;
