import { css } from 'lit';

/*
 * The login button's own: sizes, the outline variant, icon-only, full width, busy and disabled
 * (which stays focusable: `aria-disabled`, not `disabled`). The brand button, logo, link and
 * message come from shared/trigger.styles.ts, the colours from shared/theme.styles.ts. Busy keeps
 * the brand colours (it is working, not unavailable) and its focus; under a square icon-only button
 * the message gets a minimum width, or it would be a column of single words.
 * (Comments live here, not in the CSS: what is inside css`` ships to every page.)
 */
export const loginButtonStyles = css`
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

  :host([variant='outline']) [part='trigger'] {
    border-color: var(--_iams-outline-text);
    background: var(--_iams-surface);
    color: var(--_iams-outline-text);
  }

  :host([variant='outline']) [part='trigger']:hover {
    background: var(--_iams-surface-hover);
  }

  :host([icon-only]) [part='trigger'] {
    inline-size: var(--_iams-height);
    block-size: var(--_iams-height);
    padding: 0;
  }

  :host([full-width]) [part='trigger'] {
    inline-size: 100%;
  }

  :host([busy]) [part='trigger'] {
    cursor: progress;
  }

  :host([disabled]) [part='trigger'],
  :host([disabled]) [part='trigger']:hover {
    border-color: var(--_iams-disabled-bg);
    background: var(--_iams-disabled-bg);
    color: var(--_iams-disabled-text);
    cursor: not-allowed;
  }

  :host([variant='outline']) .logo-figure {
    fill: var(--_iams-surface);
  }

  :host([variant='outline']) .logo-signal {
    stroke: var(--_iams-surface);
  }

  :host([variant='outline']) [part='trigger']:hover .logo-figure {
    fill: var(--_iams-surface-hover);
  }

  :host([variant='outline']) [part='trigger']:hover .logo-signal {
    stroke: var(--_iams-surface-hover);
  }

  :host([disabled]) .logo-figure {
    fill: var(--_iams-disabled-bg);
  }

  :host([disabled]) .logo-signal {
    stroke: var(--_iams-disabled-bg);
  }

  :host([icon-only]) .error.shown {
    min-inline-size: 14rem;
  }

  @media (forced-colors: active) {
    :host([variant='outline']) [part='trigger'] {
      border-color: ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }

    :host([disabled]) [part='trigger'],
    :host([disabled]) [part='trigger']:hover {
      border-color: GrayText;
      background: ButtonFace;
      color: GrayText;
    }

    :host([variant='outline']) [part='trigger'] .logo-figure,
    :host([disabled]) .logo-figure {
      fill: ButtonFace;
    }

    :host([variant='outline']) [part='trigger'] .logo-signal,
    :host([disabled]) .logo-signal {
      stroke: ButtonFace;
    }
  }
`;
