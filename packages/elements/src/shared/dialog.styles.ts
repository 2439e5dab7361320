import { css } from 'lit';

/*
 * The session dialog (`session-dialog-view.ts`) every element opens: its frame, header and Close
 * button, and what its body shares — the details list, progress and failure boxes, the result
 * with its heading, and the actions (filled "Done", outlined `.secondary` beside it).
 * `<iams-qr-login>` inside styles itself.
 */
export const dialogStyles = css`
  .dialog {
    box-sizing: border-box;
    inline-size: min(30rem, calc(100vw - 1rem));
    max-inline-size: min(30rem, calc(100vw - 1rem));
    max-block-size: calc(100dvh - 1rem);
    padding: 0;
    border: 1px solid var(--_iams-line);
    border-radius: 0.75rem;
    background: var(--_iams-surface);
    color: var(--_iams-text);
    font-family: var(--_iams-font);
    line-height: 1.45;
  }

  .dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }

  .dialog-header {
    display: flex;
    flex-wrap: wrap;
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

  .dialog-heading:focus-visible,
  .result-title:focus-visible {
    outline: 3px solid var(--_iams-focus-ring);
    outline-offset: 2px;
  }

  /* Close, Download, Undo (and <iams-notify-optin>'s Change topics, Stop updates): the lesser actions, outlined (a link among them reads as a button). */
  .dialog .secondary,
  .panel .secondary {
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

  .dialog .secondary:hover,
  .panel .secondary:hover {
    background: var(--_iams-surface-hover);
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

  .result-title .icon {
    flex: none;
    inline-size: 2rem;
    block-size: 2rem;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.75rem;
  }

  @media (forced-colors: active) {
    .message {
      color: CanvasText;
    }

    .dialog .secondary,
    .panel .secondary {
      border-color: ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }

    .dialog a.secondary {
      border-color: LinkText;
      color: LinkText;
    }

    .dialog-heading:focus-visible,
    .result-title:focus-visible {
      outline-color: Highlight;
    }
  }
`;
