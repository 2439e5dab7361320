import { css } from 'lit';

/*
 * Colours: iAM Smart green #2b7367 with white text is 5.6:1; the hover/active shades are darker
 * (higher contrast). Light and dark values use light-dark(), which follows the page's
 * `color-scheme` — so the outline variant and the link turn light-on-dark only on a page that
 * declares dark support (`color-scheme: light dark` follows prefers-color-scheme), never on a
 * light page in a dark-mode OS.
 */
export const loginButtonStyles = css`
  :host {
    --_iams-brand: var(--iams-brand-color, #2b7367);
    --_iams-brand-hover: var(--iams-brand-color-hover, #225c53);
    --_iams-brand-active: var(--iams-brand-color-active, #1a4841);
    --_iams-on-brand: var(--iams-on-brand-color, #ffffff);
    --_iams-surface: var(--iams-surface-color, light-dark(#ffffff, #121a19));
    --_iams-surface-hover: var(--iams-surface-color-hover, light-dark(#e8f2f0, #1e2e2b));
    --_iams-outline-text: var(--iams-outline-color, light-dark(#2b7367, #8fd6c7));
    --_iams-link: var(--iams-link-color, light-dark(#1f5a51, #8fd6c7));
    --_iams-focus-ring: var(--iams-focus-ring-color, light-dark(#163d37, #c4f0e6));
    --_iams-error: var(--iams-error-color, light-dark(#b3261e, #ffb4ab));
    --_iams-disabled-bg: light-dark(#e1e5e4, #2a302f);
    --_iams-disabled-text: light-dark(#5b6462, #aab3b1);
    --_iams-radius: var(--iams-button-radius, 0.5rem);
    --_iams-font: var(--iams-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif);

    --_iams-height: 2.75rem;
    --_iams-padding: 1rem;
    --_iams-font-size: 1rem;
    --_iams-logo-size: 1.5rem;

    display: inline-flex;
    flex-direction: column;
    align-items: center;
    gap: 0.25rem;
    vertical-align: middle;
    font-family: var(--_iams-font);
  }

  :host([hidden]) {
    display: none;
  }

  :host([size='small']) {
    --_iams-height: 2rem;
    --_iams-padding: 0.75rem;
    --_iams-font-size: 0.875rem;
    --_iams-logo-size: 1.25rem;
  }

  :host([size='large']) {
    --_iams-height: 3.25rem;
    --_iams-padding: 1.25rem;
    --_iams-font-size: 1.125rem;
    --_iams-logo-size: 1.75rem;
  }

  :host([full-width]) {
    display: flex;
    align-items: stretch;
  }

  button {
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.625rem;
    min-block-size: var(--_iams-height);
    min-inline-size: var(--_iams-height);
    margin: 0;
    padding: 0.375rem var(--_iams-padding);
    border: 2px solid var(--_iams-brand);
    border-radius: var(--_iams-radius);
    background: var(--_iams-brand);
    color: var(--_iams-on-brand);
    font: inherit;
    font-size: var(--_iams-font-size);
    font-weight: 600;
    line-height: 1.25;
    text-align: center;
    cursor: pointer;
    transition:
      background-color 120ms ease,
      border-color 120ms ease;
    -webkit-tap-highlight-color: transparent;
  }

  button:hover {
    border-color: var(--_iams-brand-hover);
    background: var(--_iams-brand-hover);
  }

  button:active {
    border-color: var(--_iams-brand-active);
    background: var(--_iams-brand-active);
  }

  :host([variant='outline']) button {
    border-color: var(--_iams-outline-text);
    background: var(--_iams-surface);
    color: var(--_iams-outline-text);
  }

  :host([variant='outline']) button:hover {
    background: var(--_iams-surface-hover);
  }

  :host([icon-only]) button {
    inline-size: var(--_iams-height);
    block-size: var(--_iams-height);
    padding: 0;
  }

  :host([full-width]) button {
    inline-size: 100%;
  }

  /* Busy keeps the brand colours (it is working, not unavailable) and its focus. */
  :host([busy]) button {
    cursor: progress;
  }

  :host([disabled]) button,
  :host([disabled]) button:hover {
    border-color: var(--_iams-disabled-bg);
    background: var(--_iams-disabled-bg);
    color: var(--_iams-disabled-text);
    cursor: not-allowed;
  }

  button:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--_iams-focus-ring);
    outline-offset: 2px;
  }

  .logo {
    display: inline-flex;
    flex: none;
    inline-size: var(--_iams-logo-size);
    block-size: var(--_iams-logo-size);
  }

  .logo svg {
    inline-size: 100%;
    block-size: 100%;
  }

  .logo-badge {
    fill: currentColor;
  }

  /* The figure is cut out of the badge in the button's own background colour. */
  .logo-figure {
    fill: var(--_iams-brand);
  }

  .logo-signal {
    fill: none;
    stroke: var(--_iams-brand);
    stroke-width: 1.6;
    stroke-linecap: round;
  }

  button:hover .logo-figure {
    fill: var(--_iams-brand-hover);
  }

  button:hover .logo-signal {
    stroke: var(--_iams-brand-hover);
  }

  :host([variant='outline']) .logo-figure {
    fill: var(--_iams-surface);
  }

  :host([variant='outline']) .logo-signal {
    stroke: var(--_iams-surface);
  }

  :host([variant='outline']) button:hover .logo-figure {
    fill: var(--_iams-surface-hover);
  }

  :host([variant='outline']) button:hover .logo-signal {
    stroke: var(--_iams-surface-hover);
  }

  :host([disabled]) .logo-figure {
    fill: var(--_iams-disabled-bg);
  }

  :host([disabled]) .logo-signal {
    stroke: var(--_iams-disabled-bg);
  }

  @media (prefers-reduced-motion: reduce) {
    button {
      transition: none;
    }
  }

  a {
    display: inline-flex;
    align-items: center;
    min-block-size: 1.5rem;
    padding-inline: 0.25rem;
    border-radius: 0.25rem;
    color: var(--_iams-link);
    font-size: 0.875rem;
    line-height: 1.25;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }

  a:hover {
    text-decoration-thickness: 2px;
  }

  .new-tab-svg {
    flex: none;
    inline-size: 0.875em;
    block-size: 0.875em;
    margin-inline-start: 0.25em;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .error {
    /* Wraps within the width the button gives the element instead of widening it. */
    contain: inline-size;
    align-self: stretch;
    margin: 0;
    color: var(--_iams-error);
    font-size: 0.875rem;
    line-height: 1.4;
    text-align: center;
  }

  /* Under a square icon-only button the message would be a column of single words. */
  :host([icon-only]) .error.shown {
    min-inline-size: 14rem;
  }

  /* The modal dialog (mode="qr", and <iams-sign-dialog>'s) and its header; <iams-qr-login> styles itself. */
  .dialog {
    box-sizing: border-box;
    max-inline-size: min(30rem, calc(100vw - 1rem));
    max-block-size: calc(100dvh - 1rem);
    padding: 0;
    border: 1px solid light-dark(#c6d0ce, #3b4a47);
    border-radius: 0.75rem;
    background: var(--_iams-surface);
    color: light-dark(#1b1f1e, #e6ecea);
    font-family: var(--_iams-font);
  }

  .dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }

  .dialog-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1rem;
    padding: 0.75rem 1rem 0;
  }

  .dialog-heading {
    margin: 0;
    font-size: 1.25rem;
    line-height: 1.3;
  }

  .dialog .dialog-close {
    min-block-size: 2.75rem;
    border-color: var(--_iams-outline-text);
    background: var(--_iams-surface);
    color: var(--_iams-outline-text);
    font-size: 1rem;
  }

  .dialog .dialog-close:hover {
    background: var(--_iams-surface-hover);
  }

  @media (forced-colors: active) {
    button,
    :host([variant='outline']) button,
    button:hover {
      border-color: ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }

    :host([disabled]) button,
    :host([disabled]) button:hover {
      border-color: GrayText;
      background: ButtonFace;
      color: GrayText;
    }

    .logo-figure,
    button:hover .logo-figure,
    :host([variant='outline']) button .logo-figure,
    :host([disabled]) .logo-figure {
      fill: ButtonFace;
    }

    .logo-signal,
    button:hover .logo-signal,
    :host([variant='outline']) button .logo-signal,
    :host([disabled]) .logo-signal {
      stroke: ButtonFace;
    }

    button:focus-visible,
    a:focus-visible {
      outline-color: Highlight;
    }

    a {
      color: LinkText;
    }

    .error {
      color: CanvasText;
    }
  }
`;
