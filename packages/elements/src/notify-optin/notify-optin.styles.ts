import { css } from 'lit';

/*
 * <iams-notify-optin>'s panel, on top of the shared trigger and dialog styles (`.title`, `.hint`,
 * `.actions`, `.progress`, `.secondary` inside `.panel`): a block that takes the width the page
 * gives it, the topics as checkboxes with 44px rows, and the subscribed list. Loaded with the
 * element's content on first use, so the CDN entry carries none of it.
 */
export const notifyOptinStyles = css`
  :host {
    display: block;
    color: var(--_iams-text);
  }

  .panel {
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    max-inline-size: 36rem;
  }

  .title:focus-visible {
    outline: 3px solid var(--_iams-focus-ring);
    outline-offset: 2px;
  }

  p {
    margin: 0;
  }

  .topics {
    display: flex;
    flex-direction: column;
    margin: 0;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_iams-line);
    border-radius: 0.5rem;
  }

  legend {
    padding-inline: 0.25rem;
    font-weight: 600;
  }

  .topic {
    display: flex;
    align-items: center;
    gap: 0.625rem;
    min-block-size: 2.75rem;
    cursor: pointer;
  }

  .topic input {
    flex: none;
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0;
    accent-color: var(--_iams-brand);
  }

  .topic input:focus-visible {
    outline: 3px solid var(--_iams-focus-ring);
    outline-offset: 2px;
  }

  .subscribed {
    display: flex;
    flex-direction: column;
    gap: 0.375rem;
    margin: 0;
    padding-inline-start: 1.25rem;
  }

  .trigger {
    display: inline-flex;
    flex-direction: column;
    align-items: center;
    gap: 0.25rem;
  }

  .panel .actions {
    justify-content: flex-start;
    align-items: flex-start;
  }

  .progress {
    flex-direction: row;
    justify-content: center;
  }

  .progress .spinner {
    inline-size: 1.5rem;
    block-size: 1.5rem;
  }

  @media (forced-colors: active) {
    .title:focus-visible,
    .topic input:focus-visible {
      outline-color: Highlight;
    }
  }
`;
