import { css } from 'lit';

/*
 * The trigger rules only `<iams-sign-dialog>` and `<iams-eme-autofill>` use, listed after
 * `triggerStyles`: a truly disabled trigger (`disabled`, the e-ME button with nothing to fill;
 * the login button is only ever `aria-disabled`, styled by login-button.styles.ts) and the reason
 * under it (`.reason`), which wraps within the width the button gives the element like `.error`.
 * Kept out of `triggerStyles` so the login button's first paint does not carry them (decision 045).
 */
export const flowTriggerStyles = css`
  button[part='trigger']:disabled,
  button[part='trigger']:disabled:hover {
    border-color: var(--_iams-disabled-bg);
    background: var(--_iams-disabled-bg);
    color: var(--_iams-disabled-text);
    cursor: not-allowed;
  }

  button[part='trigger']:disabled .logo-figure {
    fill: var(--_iams-disabled-bg);
  }

  button[part='trigger']:disabled .logo-signal {
    stroke: var(--_iams-disabled-bg);
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

  @media (forced-colors: active) {
    button[part='trigger']:disabled {
      border-color: GrayText;
      background: ButtonFace;
      color: GrayText;
    }
  }
`;
