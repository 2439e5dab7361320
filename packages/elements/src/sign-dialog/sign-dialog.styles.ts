import { css } from 'lit';

/*
 * What the signing dialog adds to the shared dialog (shared/dialog.styles.ts): the document's
 * fingerprint and the signer's certificate.
 */
export const signDialogStyles = css`
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

  .certificate-heading {
    margin: 0.25rem 0 0;
    font-size: 1rem;
  }

  .certificate dd {
    font-size: 0.875rem;
  }
`;
