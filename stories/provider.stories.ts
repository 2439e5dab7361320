import '@iamsmart/elements';
import { messagesFor } from '@iamsmart/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { eventLog } from './support/event-log.js';
import { FakeClient, type FakeOutcome } from '../packages/elements/src/test-support/fake-client.js';
import { localeOf } from './support/locales.js';

interface ProviderArgs {
  /** What the scripted client's `login()` does. */
  outcome: FakeOutcome;
  /** How long the scripted "app" takes. */
  delayMs: number;
}

/**
 * `<iams-provider>` hands its SDK client to the elements inside it. Here the client is a scripted
 * fake (no network, no sandbox), so clicking the button shows the whole flow on this page: busy
 * and "Connecting to iAM Smart…", then `iams-login` with the resident's claims or `iams-error`.
 */
const meta = {
  title: 'Components/Provider',
  id: 'provider',
  component: 'iams-provider',
  args: { outcome: 'success', delayMs: 1200 },
  argTypes: {
    outcome: {
      description: "Storybook only: what the scripted client's `login()` does when the button is clicked.",
      control: 'select',
      options: ['success', 'pending', 'access_denied', 'issuer_unreachable', 'popup_closed', 'timeout'],
      table: { category: 'story' },
    },
    delayMs: {
      description: 'Storybook only: how long the scripted app takes, in milliseconds.',
      control: { type: 'number', min: 0, step: 100 },
      table: { category: 'story' },
    },
  },
  render: ({ outcome, delayMs }) => {
    const log = eventLog();
    return html`
      <iams-provider .client=${new FakeClient({ outcome, delayMs })} @iams-login=${log.record} @iams-error=${log.record}>
        <iams-login-button mode="popup"></iams-login-button>
      </iams-provider>
      ${log.element}
    `;
  },
} satisfies Meta<ProviderArgs>;

export default meta;

type Story = StoryObj<ProviderArgs>;

function parts(canvasElement: HTMLElement) {
  const host = canvasElement.querySelector('iams-login-button');
  const button = host?.shadowRoot?.querySelector('button');
  const log = canvasElement.querySelector('[role="log"]');
  if (!host || !button || !log) throw new Error('the story did not render the button and the event log');
  return { host, button, log };
}

/** Click, and the scripted app signs CHAN Tai Man in. */
export const LoginFlow: Story = {
  name: 'Login flow',
  play: async ({ canvasElement, step }) => {
    const { host, button, log } = parts(canvasElement);
    await step('click: the button turns busy and asks the client for a popup login', async () => {
      await userEvent.click(button);
      await expect(host.busy).toBe(true);
      await expect(button).toHaveAttribute('aria-busy', 'true');
      const client = canvasElement.querySelector('iams-provider')?.client;
      if (!(client instanceof FakeClient)) throw new Error('the provider lost its scripted client');
      await expect(client.loginCalls).toEqual([expect.objectContaining({ mode: 'popup' })]);
    });
    await step('the login completes: iams-login with the claims, the button idle again', async () => {
      await waitFor(() => expect(log).toHaveTextContent('iams-login'), { timeout: 5000 });
      await expect(log).toHaveTextContent('CHAN Tai Man');
      await expect(host.busy).toBe(false);
    });
  },
};

/** The resident declines in the app: `iams-error` with `access_denied`, the message under the button. In the page's language (`a11y-languages`). */
export const Declined: Story = {
  tags: ['a11y-languages'],
  args: { outcome: 'access_denied', delayMs: 300 },
  play: async ({ canvasElement, globals }) => {
    const { host, button, log } = parts(canvasElement);
    await userEvent.click(button);
    await waitFor(() => expect(log).toHaveTextContent('access_denied'), { timeout: 5000 });
    await expect(host.busy).toBe(false);
    await expect(host.shadowRoot?.querySelector('[role="alert"]')?.textContent.trim()).toBe(messagesFor(localeOf(globals)).errors.access_denied);
  },
};

/** A button with no provider (or a provider still without issuer and client id) explains that login is unavailable. In the page's language (`a11y-languages`). */
export const WithoutProvider: Story = {
  name: 'Without a provider',
  tags: ['a11y-languages'],
  render: () => {
    const log = eventLog();
    return html`<div @iams-error=${log.record}><iams-login-button></iams-login-button>${log.element}</div>`;
  },
  play: async ({ canvasElement, globals }) => {
    const { host, button, log } = parts(canvasElement);
    await userEvent.click(button);
    await waitFor(() => expect(log).toHaveTextContent('invalid_config'));
    await expect(host.shadowRoot?.querySelector('[role="alert"]')?.textContent.trim()).toBe(messagesFor(localeOf(globals)).notConfigured);
  },
};
