import { css } from 'lit';

/*
 * What every element that starts a flow shows (`trigger.ts`): the brand button (`part="trigger"`;
 * every `<button>` in the shadow root is a brand button unless a rule says otherwise), the logo,
 * the "More info" link and the message under the button (the rules only a truly disabled trigger
 * and a reason under it need, which the login button never shows, are in `flow-trigger.styles.ts`:
 * decision 045). Sizes and variants are the login
 * button's own (login-button.styles.ts); the medium size is the default here. The logo's figure is
 * cut out of the badge in the button's own background colour; the message (`.error`)
 * wraps within the width the button gives the element (`contain: inline-size`) instead of widening it.
 * On a touch screen (`pointer: coarse`) every button and link is at least 44px each way (WCAG 2.5.5's
 * size; 2.5.8's 24px is the floor elsewhere), the small and icon-only sizes included.
 * (Comments live here, not in the CSS: what is inside css`` ships to every page.)
 */
export const triggerStyles = css`
  :host {
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
    contain: inline-size;
    align-self: stretch;
    margin: 0;
    color: var(--_iams-error);
    font-size: 0.875rem;
    line-height: 1.4;
    text-align: center;
  }

  @media (pointer: coarse) {
    button {
      min-block-size: max(var(--_iams-height), 2.75rem);
      min-inline-size: max(var(--_iams-height), 2.75rem);
    }

    a {
      min-block-size: 2.75rem;
    }
  }

  @media (forced-colors: active) {
    button,
    button:hover {
      border-color: ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }

    .logo-figure,
    button:hover .logo-figure {
      fill: ButtonFace;
    }

    .logo-signal,
    button:hover .logo-signal {
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
