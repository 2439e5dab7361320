import { css } from 'lit';

/** The outcome icons of `icons.ts`: brand-coloured line drawings, the alert in the error colour. */
export const iconStyles = css`
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

  @media (forced-colors: active) {
    .icon,
    .icon.alert {
      color: CanvasText;
    }
  }
`;
