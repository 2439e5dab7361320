import { css } from 'lit';

/*
 * What the form-filling dialog adds to the shared dialog (shared/dialog.styles.ts): the list of
 * fields and the summary's lists.
 */
export const emeAutofillStyles = css`
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
`;
