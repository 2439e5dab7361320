import { css, html, svg } from 'lit';

/**
 * The busy indicator every element shows: a ring with a turning arc. Decorative (each element
 * announces its own status text); it stops turning under reduced motion. `className` adds the
 * element's own sizing class.
 */
export const spinner = (className = '') => html`<svg class="spinner ${className}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  ${svg`<circle class="spinner-track" cx="12" cy="12" r="9"></circle><path class="spinner-arc" d="M12 3a9 9 0 0 1 9 9"></path>`}
</svg>`;

export const spinnerStyles = css`
  .spinner-track,
  .spinner-arc {
    fill: none;
    stroke: currentColor;
    stroke-width: 2.5;
  }

  .spinner-track {
    opacity: 0.3;
  }

  .spinner-arc {
    stroke-linecap: round;
  }

  .spinner {
    animation: iams-spin 0.9s linear infinite;
  }

  @keyframes iams-spin {
    to {
      transform: rotate(1turn);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`;
