import '@iamsmart/elements';
import { messagesFor } from '@iamsmart/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { FakeClient, type FakeOutcome } from '../../packages/elements/src/test-support/fake-client.js';
import type { Locale } from './locales.js';

// The class as the page sees it, through the tag-name map its define module declares.
type LoginButtonElement = HTMLElementTagNameMap['iams-login-button'];

/**
 * The story controls, named as the attributes are (so the API table's rows drive the story), plus
 * what the scripted client does and the theme's CSS custom properties.
 */
export interface LoginButtonArgs {
  variant: LoginButtonElement['variant'];
  size: LoginButtonElement['size'];
  'icon-only': boolean;
  'full-width': boolean;
  disabled: boolean;
  busy: boolean;
  mode: LoginButtonElement['mode'];
  lang?: Locale;
  /** What the fake client's `login()` does when the button is clicked. */
  outcome: FakeOutcome;
  /** Named as Storybook names the manifest's events, so these replace its default actions. */
  onIamsLogin: (event: Event) => void;
  onIamsError: (event: Event) => void;
  /** `--iams-*` custom properties set from the API table's "css custom properties" rows. */
  [cssProperty: `--${string}`]: string | undefined;
}

export type LoginButtonStory = StoryObj<LoginButtonArgs>;

function cssCustomProperties(args: LoginButtonArgs): Record<string, string> {
  return Object.fromEntries(
    Object.entries(args).filter((entry): entry is [string, string] => entry[0].startsWith('--') && typeof entry[1] === 'string' && entry[1] !== ''),
  );
}

/** Meta shared by every login-button stories file; each adds its own literal title and id. */
export const loginButtonMeta = {
  component: 'iams-login-button',
  args: {
    variant: 'filled',
    size: 'medium',
    'icon-only': false,
    'full-width': false,
    disabled: false,
    busy: false,
    mode: 'auto',
    outcome: 'success',
    onIamsLogin: fn(),
    onIamsError: fn(),
  },
  argTypes: {
    variant: { control: 'inline-radio', options: ['filled', 'outline'] },
    size: { control: 'inline-radio', options: ['small', 'medium', 'large'] },
    mode: { control: 'select', options: ['auto', 'redirect', 'popup', 'app', 'qr'] },
    lang: { control: 'inline-radio', options: ['en', 'zh-HK', 'zh-CN'] },
    outcome: {
      description: "Storybook only: what the scripted client's `login()` does when the button is clicked.",
      control: 'select',
      options: ['success', 'pending', 'access_denied', 'issuer_unreachable', 'popup_closed', 'timeout'],
      table: { category: 'story' },
    },
  },
  render: (args) => html`
    <iams-provider .client=${new FakeClient({ outcome: args.outcome, delayMs: 1200 })}>
      <iams-login-button
        variant=${args.variant}
        size=${args.size}
        mode=${args.mode}
        lang=${ifDefined(args.lang)}
        ?icon-only=${args['icon-only']}
        ?full-width=${args['full-width']}
        ?disabled=${args.disabled}
        .busy=${args.busy}
        style=${styleMap(cssCustomProperties(args))}
        @iams-login=${args.onIamsLogin}
        @iams-error=${args.onIamsError}
      ></iams-login-button>
    </iams-provider>
  `,
} satisfies Meta<LoginButtonArgs>;

/** A container the full-width button fills: as wide as a typical sign-in form, narrower on a narrow screen. */
const formWidth = (story: () => unknown) => html`<div style="inline-size: min(22rem, 100%)">${story()}</div>`;

function rendered(canvasElement: HTMLElement): { host: LoginButtonElement; button: HTMLButtonElement } {
  const host = canvasElement.querySelector('iams-login-button');
  const button = host?.shadowRoot?.querySelector('button');
  if (!host || !button) throw new Error('iams-login-button did not render its <button>');
  return { host, button };
}

/** The button's name is iAM Smart's wording in the story's language (visible, or its aria-label when icon-only). */
function speaks(lang: Locale): NonNullable<LoginButtonStory['play']> {
  return async ({ canvasElement }) => {
    const { host, button } = rendered(canvasElement);
    const name = host.iconOnly ? button.getAttribute('aria-label') : host.shadowRoot?.querySelector('[part="label"]')?.textContent;
    await expect(name?.trim()).toBe(messagesFor(lang).loginLabel);
  };
}

/**
 * Every state of the button in one language. Each language's stories file exports these under
 * the same names, so every state × language has its own story id; each story's play function
 * checks the button speaks that language.
 */
export function loginButtonStates(lang: Locale) {
  const text = messagesFor(lang);
  const inLang = { args: { lang }, globals: { locale: lang }, play: speaks(lang) } as const;
  return {
    filled: { ...inLang, args: { ...inLang.args, variant: 'filled' } },
    outline: { ...inLang, args: { ...inLang.args, variant: 'outline' } },
    small: { ...inLang, args: { ...inLang.args, size: 'small' } },
    medium: { ...inLang, args: { ...inLang.args, size: 'medium' } },
    large: { ...inLang, args: { ...inLang.args, size: 'large' } },
    iconOnly: { ...inLang, args: { ...inLang.args, 'icon-only': true } },
    fullWidth: {
      ...inLang,
      args: { ...inLang.args, 'full-width': true },
      decorators: [formWidth],
      parameters: { layout: 'padded' },
    },
    disabled: { ...inLang, args: { ...inLang.args, disabled: true } },
    busy: {
      ...inLang,
      args: { ...inLang.args, busy: true },
      play: async (context) => {
        await inLang.play(context);
        const { host, button } = rendered(context.canvasElement);
        await expect(button).toHaveAttribute('aria-busy', 'true');
        await expect(host.shadowRoot?.querySelector('[role="status"]')?.textContent.trim()).toBe(text.connecting);
      },
    },
    error: {
      ...inLang,
      args: { ...inLang.args, outcome: 'access_denied' },
      // The resident declined in the app: the button is usable again and shows (and announces) why.
      play: async (context) => {
        await inLang.play(context);
        const { host, button } = rendered(context.canvasElement);
        await userEvent.click(button);
        await waitFor(() => expect(context.args.onIamsError).toHaveBeenCalled(), { timeout: 5000 });
        await waitFor(() => expect(host.busy).toBe(false));
        const alert = host.shadowRoot?.querySelector('[role="alert"]');
        await expect(alert?.textContent.trim()).toBe(text.errors.access_denied);
        // Focus stays on the button (delegatesFocus: the host is the document's active element).
        await expect(host.shadowRoot?.activeElement).toBe(button);
      },
    },
  } satisfies Record<string, LoginButtonStory>;
}
