import { css } from 'lit';

/*
 * The colours come from shared/theme.styles.ts (the QR code keeps dark modules on a light
 * background in light and dark themes alike), the icons' from shared/icons.styles.ts. In forced
 * colours the QR code stays black on white (`forced-color-adjust: none`) whatever the palette:
 * the resident's CanvasText on Canvas would be light on dark in a dark palette, which scanners
 * expecting dark modules do not all read. The `.stage` is the same box in
 * every state, so nothing moves when the code rotates or the state changes.
 * On a touch screen (`pointer: coarse`) the app link is 44px tall, like the buttons.
 * The hosted page's link is filled like the buttons (the one thing to do then), and underlined: it
 * is a link, to a new tab.
 * (Comments live here, not in the CSS: what is inside css`` ships to every page.)
 */
export const qrLoginStyles = css`
  :host {
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

  .hosted-link {
    display: inline-flex;
    align-items: center;
    box-sizing: border-box;
    min-block-size: 2.75rem;
    padding: 0.375rem 1rem;
    border: 2px solid var(--_iams-brand);
    border-radius: 0.5rem;
    background: var(--_iams-brand);
    color: var(--_iams-on-brand);
    font-weight: 600;
    text-align: center;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }

  .hosted-status {
    display: flex;
    align-items: center;
    gap: 0.5rem;
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

  @media (pointer: coarse) {
    .app-link {
      min-block-size: 2.75rem;
    }
  }

  @media (forced-colors: active) {
    .qr {
      forced-color-adjust: none;
    }

    .qr-background {
      fill: #ffffff;
    }

    .qr-modules {
      fill: #000000;
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

    .hosted-link {
      border-color: LinkText;
      background: Canvas;
      color: LinkText;
    }

    button:focus-visible,
    a:focus-visible {
      outline-color: Highlight;
    }
  }
`;
