import { css } from 'lit';

/*
 * What the form-filling dialog adds to the signing dialog's styles (whose frame, details, result
 * and actions it shares): the list of fields, the summary's lists, Undo, and the disabled button
 * with its reason.
 */
export const emeAutofillStyles = css`
  button[part='trigger']:disabled,
  button[part='trigger']:disabled:hover {
    border-color: var(--_iams-disabled-bg);
    background: var(--_iams-disabled-bg);
    color: var(--_iams-disabled-text);
    cursor: not-allowed;
  }

  .reason {
    contain: inline-size;
    align-self: stretch;
    margin: 0;
    color: var(--_iams-text);
    font-size: 0.875rem;
    line-height: 1.4;
    text-align: center;
  }

  .intro,
  .undone {
    margin: 0;
  }

  .result > p {
    margin: 0;
  }

  .fields,
  .summary-list {
    display: flex;
    flex-direction: column;
    gap: 0.375rem;
    margin: 0;
    padding-inline-start: 1.25rem;
  }

  .field-name {
    font-weight: 600;
  }

  .badge {
    color: var(--_iams-muted);
    font-size: 0.875rem;
  }

  .list-heading {
    margin: 0.25rem 0 0;
    font-size: 1rem;
  }

  .why {
    color: var(--_iams-muted);
  }

  .dialog-heading:focus-visible {
    outline: 3px solid var(--_iams-focus-ring);
    outline-offset: 2px;
  }

  /* Undo is the lesser action beside the filled "Done": outlined, as Close is. */
  .actions .undo {
    min-block-size: 2.75rem;
    border-color: var(--_iams-outline-text);
    background: var(--_iams-surface);
    color: var(--_iams-outline-text);
    font-size: 1rem;
  }

  .actions .undo:hover {
    background: var(--_iams-surface-hover);
  }

  @media (forced-colors: active) {
    button[part='trigger']:disabled {
      border-color: GrayText;
      background: ButtonFace;
      color: GrayText;
    }

    .dialog-heading:focus-visible {
      outline-color: Highlight;
    }
  }
`;
