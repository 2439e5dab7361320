import { css } from 'lit';

/*
 * The QR code keeps dark modules on a light background in light and dark themes alike (the
 * contrast scanners expect); the rest follows the page's `color-scheme` through light-dark(), like
 * the login button. In forced colours it takes the resident's CanvasText on Canvas, which may be
 * light on dark: the contrast stays maximal and common scanners read inverted codes.
 */
export const qrLoginStyles = css`
  :host {
    --_iams-qr-size: var(--iams-qr-size, 232px);
    --_iams-qr-color: var(--iams-qr-color, #000000);
    --_iams-qr-background: var(--iams-qr-background, #ffffff);
    --_iams-brand: var(--iams-brand-color, #2b7367);
    --_iams-on-brand: var(--iams-on-brand-color, #ffffff);
    --_iams-surface: var(--iams-surface-color, light-dark(#ffffff, #121a19));
    --_iams-text: var(--iams-text-color, light-dark(#1b1f1e, #e6ecea));
    --_iams-muted: light-dark(#4a5351, #b4bfbc);
    --_iams-line: light-dark(#c6d0ce, #3b4a47);
    --_iams-link: var(--iams-link-color, light-dark(#1f5a51, #8fd6c7));
    --_iams-focus-ring: var(--iams-focus-ring-color, light-dark(#163d37, #c4f0e6));
    --_iams-error: var(--iams-error-color, light-dark(#b3261e, #ffb4ab));
    --_iams-font: var(--iams-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif);

    display: block;
    box-sizing: border-box;
    max-inline-size: 26rem;
    padding: 1rem;
    background: var(--_iams-surface);
    color: var(--_iams-text);
    font-family: var(--_iams-font);
    font-size: 1rem;
    line-height: 1.45;
  }

  :host([hidden]) {
    display: none;
  }

  .root {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.75rem;
  }

  .steps {
    align-self: stretch;
    margin: 0;
    padding-inline-start: 1.5rem;
  }

  .steps li + li {
    margin-block-start: 0.25rem;
  }

  /* The same box in every state, so nothing moves when the code rotates or the state changes. */
  .stage {
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    inline-size: var(--_iams-qr-size);
    min-block-size: var(--_iams-qr-size);
    text-align: center;
  }

  .stage:not([data-state='awaiting-scan']) {
    padding: 1rem;
    border: 1px solid var(--_iams-line);
    border-radius: 0.5rem;
  }

  .qr {
    display: block;
    inline-size: var(--_iams-qr-size);
    block-size: var(--_iams-qr-size);
  }

  .qr-background {
    fill: var(--_iams-qr-background);
  }

  .qr-modules {
    fill: var(--_iams-qr-color);
  }

  .title {
    margin: 0;
    font-weight: 600;
  }

  .hint,
  .message {
    margin: 0;
    font-size: 0.9375rem;
  }

  .stage[data-state='denied'] .message,
  .stage[data-state='expired'] .message,
  .stage[data-state='error'] .message,
  .stage[data-state='idle'] .message {
    color: var(--_iams-error);
  }

  .icon {
    inline-size: 3rem;
    block-size: 3rem;
    color: var(--_iams-brand);
  }

  .icon.alert {
    color: var(--_iams-error);
  }

  .icon-line {
    fill: none;
    stroke: currentColor;
    stroke-width: 1.6;
    stroke-linecap: round;
    stroke-linejoin: round;
  }


  .code {
    display: flex;
    flex-direction: column;
    align-items: center;
  }

  .code-label {
    color: var(--_iams-muted);
    font-size: 0.875rem;
  }

  .code-value {
    font-size: 1.75rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.08em;
  }

  .countdown {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-variant-numeric: tabular-nums;
  }

  .ring {
    inline-size: 1.5rem;
    block-size: 1.5rem;
    transform: rotate(-90deg);
  }

  .ring-track,
  .ring-left {
    fill: none;
    stroke-width: 5;
  }

  .ring-track {
    stroke: var(--_iams-line);
  }

  .ring-left {
    stroke: var(--_iams-brand);
  }

  .notice {
    margin: 0;
    color: var(--_iams-muted);
  }

  .new-code {
    box-sizing: border-box;
    min-block-size: 2.75rem;
    padding: 0.375rem 1rem;
    border: 2px solid var(--_iams-brand);
    border-radius: 0.5rem;
    background: var(--_iams-brand);
    color: var(--_iams-on-brand);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  .app-link {
    display: inline-flex;
    align-items: center;
    min-block-size: 1.5rem;
    color: var(--_iams-link);
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }

  .type-code {
    margin: 0;
    color: var(--_iams-muted);
    font-size: 0.875rem;
    text-align: center;
    overflow-wrap: anywhere;
  }

  button:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--_iams-focus-ring);
    outline-offset: 2px;
  }

  @media (forced-colors: active) {
    .qr-background {
      fill: Canvas;
    }

    .qr-modules {
      fill: CanvasText;
    }

    .ring-left,
    .icon,
    .icon.alert {
      color: CanvasText;
      stroke: CanvasText;
    }

    .new-code {
      border-color: ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }

    button:focus-visible,
    a:focus-visible {
      outline-color: Highlight;
    }
  }
`;
