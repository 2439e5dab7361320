import { css } from 'lit';

/*
 * The kit's one theme: every public `--iams-*` custom property's default, declared once, read
 * into the private `--_iams-*` layer the elements' own styles use. Colours: iAM Smart green
 * #2b7367 with white text is 5.6:1; the hover/active shades are darker (higher contrast). Light
 * and dark values use light-dark(), which follows the page's `color-scheme` — so outlines, links
 * and dialogs turn light-on-dark only on a page that declares dark support (`color-scheme: light
 * dark` follows prefers-color-scheme), never on a light page in a dark-mode OS. The QR code keeps
 * dark modules on a light background in both (the contrast scanners expect).
 * The last four (muted text, hairlines, the unavailable button) are not themable on their own.
 * (Comments live here, not in the CSS: what is inside css`` ships to every page.)
 */
export const themeStyles = css`
  :host {
    --_iams-brand: var(--iams-brand-color, #2b7367);
    --_iams-brand-hover: var(--iams-brand-color-hover, #225c53);
    --_iams-brand-active: var(--iams-brand-color-active, #1a4841);
    --_iams-on-brand: var(--iams-on-brand-color, #ffffff);
    --_iams-surface: var(--iams-surface-color, light-dark(#ffffff, #121a19));
    --_iams-surface-hover: var(--iams-surface-color-hover, light-dark(#e8f2f0, #1e2e2b));
    --_iams-outline-text: var(--iams-outline-color, light-dark(#2b7367, #8fd6c7));
    --_iams-text: var(--iams-text-color, light-dark(#1b1f1e, #e6ecea));
    --_iams-link: var(--iams-link-color, light-dark(#1f5a51, #8fd6c7));
    --_iams-focus-ring: var(--iams-focus-ring-color, light-dark(#163d37, #c4f0e6));
    --_iams-error: var(--iams-error-color, light-dark(#b3261e, #ffb4ab));
    --_iams-radius: var(--iams-button-radius, 0.5rem);
    --_iams-font: var(--iams-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif);
    --_iams-qr-size: var(--iams-qr-size, 232px);
    --_iams-qr-color: var(--iams-qr-color, #000000);
    --_iams-qr-background: var(--iams-qr-background, #ffffff);
    --_iams-muted: light-dark(#4a5351, #b4bfbc);
    --_iams-line: light-dark(#c6d0ce, #3b4a47);
    --_iams-disabled-bg: light-dark(#e1e5e4, #2a302f);
    --_iams-disabled-text: light-dark(#5b6462, #aab3b1);
  }

  :host([hidden]) {
    display: none;
  }
`;
