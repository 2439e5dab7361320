import { css } from 'lit';

/*
 * The signing dialog's content. The trigger, the dialog's frame, header and Close button come from
 * the login button's styles (the same brand button and dialog); colours follow the page's
 * `color-scheme` through light-dark() as there.
 */
export const signDialogStyles = css`
  :host {
    --_iams-text: var(--iams-text-color, light-dark(#1b1f1e, #e6ecea));
    --_iams-muted: light-dark(#4a5351, #b4bfbc);
    --_iams-line: light-dark(#c6d0ce, #3b4a47);
  }

  .sign-dialog {
    inline-size: min(30rem, calc(100vw - 1rem));
    color: var(--_iams-text);
    line-height: 1.45;
  }

  .dialog-header {
    flex-wrap: wrap;
  }

  .dialog-body {
    display: flex;
    flex-direction: column;
    gap: 1rem;
    padding: 1rem;
  }

  .details {
    display: grid;
    grid-template-columns: fit-content(45%) minmax(0, 1fr);
    gap: 0.375rem 1rem;
    margin: 0;
  }

  /* The <div> groups only pair each term with its description; the grid lays them out. */
  .row {
    display: contents;
  }

  dt {
    color: var(--_iams-muted);
    font-size: 0.875rem;
    line-height: 1.6;
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  .document-name {
    font-weight: 600;
  }

  code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.875rem;
  }

  .fingerprint {
    display: block;
    font-size: 1.25rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.06em;
    /* On a narrow screen it wraps between groups of four, never inside one. */
    overflow-wrap: normal;
    word-break: keep-all;
  }

  .hint {
    display: block;
    color: var(--_iams-muted);
    font-size: 0.875rem;
  }

  iams-qr-login {
    align-self: center;
    padding: 0;
  }

  .progress,
  .failure {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.5rem;
    padding: 1rem;
    border: 1px solid var(--_iams-line);
    border-radius: 0.5rem;
    text-align: center;
  }

  .title {
    margin: 0;
    font-weight: 600;
  }

  .message {
    margin: 0;
    color: var(--_iams-error);
  }

  .icon {
    inline-size: 3rem;
    block-size: 3rem;
    color: var(--_iams-brand);
  }

  .result-title .icon {
    flex: none;
    inline-size: 2rem;
    block-size: 2rem;
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

  .result {
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
  }

  .result-title {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    font-size: 1.25rem;
  }

  .result-title:focus-visible {
    outline: 3px solid var(--_iams-focus-ring);
    outline-offset: 2px;
  }

  .certificate-heading {
    margin: 0.25rem 0 0;
    font-size: 1rem;
  }

  .certificate dd {
    font-size: 0.875rem;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.75rem;
  }

  /* A link that reads as a button: outlined, beside the filled "Done". */
  .actions .download {
    box-sizing: border-box;
    justify-content: center;
    min-block-size: 2.75rem;
    padding: 0.375rem 1rem;
    border: 2px solid var(--_iams-outline-text);
    border-radius: var(--_iams-radius);
    background: var(--_iams-surface);
    color: var(--_iams-outline-text);
    font-size: 1rem;
    font-weight: 600;
    text-decoration: none;
  }

  .actions .download:hover {
    background: var(--_iams-surface-hover);
  }

  @media (forced-colors: active) {
    .icon,
    .icon.alert {
      color: CanvasText;
    }

    .message {
      color: CanvasText;
    }

    .actions .download {
      border-color: LinkText;
      color: LinkText;
    }

    .result-title:focus-visible {
      outline-color: Highlight;
    }
  }
`;
