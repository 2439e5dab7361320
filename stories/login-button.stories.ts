import type { Meta } from '@storybook/web-components-vite';
import { html } from 'lit';
import { LOCALES } from './support/locales.js';
import { loginButtonMeta, type LoginButtonArgs, type LoginButtonStory } from './support/login-button.js';

/**
 * `<iams-login-button>`: "Login with iAM Smart" in iAM Smart's wording and colours. Every state
 * in every language has its own story under English, 繁體中文 and 简体中文; here are a
 * playground with a scripted client and all variants side by side.
 */
const meta = {
  ...loginButtonMeta,
  title: 'Components/Login button/Overview',
  id: 'login-button',
  component: 'iams-login-button',
} satisfies Meta<LoginButtonArgs>;

export default meta;

/** Every control live; a click runs a scripted login (set "outcome" to make it fail). */
export const Playground: LoginButtonStory = {};

const VARIANTS = [
  { name: 'Filled', button: html`<iams-login-button></iams-login-button>` },
  { name: 'Outline', button: html`<iams-login-button variant="outline"></iams-login-button>` },
  { name: 'Small', button: html`<iams-login-button size="small"></iams-login-button>` },
  { name: 'Large', button: html`<iams-login-button size="large"></iams-login-button>` },
  { name: 'Icon only', button: html`<iams-login-button icon-only></iams-login-button>` },
  { name: 'Disabled', button: html`<iams-login-button disabled></iams-login-button>` },
  { name: 'Busy', button: html`<iams-login-button busy></iams-login-button>` },
];

/**
 * Variants down, languages across; each cell's `lang` is the language the button inherits. A
 * comparison table needs its two dimensions (WCAG 1.4.10's exception): the smoke test's reflow
 * check skips it, and each variant reflows in its own story.
 */
const matrix = () => html`
  <table lang="en" style="border-collapse: collapse; font: 0.875rem system-ui, sans-serif">
    <thead>
      <tr>
        <td></td>
        ${LOCALES.map(({ value, title }) => html`<th scope="col" lang=${value} style="padding: 0.5rem 1rem">${title}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${VARIANTS.map(
        ({ name, button }) => html`
          <tr>
            <th scope="row" style="padding: 0.5rem 1rem; text-align: start">${name}</th>
            ${LOCALES.map(({ value }) => html`<td lang=${value} style="padding: 0.5rem 1rem; text-align: center">${button}</td>`)}
          </tr>
        `,
      )}
    </tbody>
  </table>
`;

/** Filled, outline, small, large, `icon-only`, disabled and busy, in English, Traditional and Simplified Chinese. */
export const AllVariants: LoginButtonStory = {
  name: 'All variants',
  render: matrix,
  parameters: { layout: 'padded', controls: { disable: true }, reflow: { skip: 'a comparison table, two-dimensional by nature' } },
};

/** The same on a page that declares `color-scheme: dark`: the outline variant and the link turn light on dark. */
export const DarkPage: LoginButtonStory = {
  name: 'Dark page',
  render: matrix,
  globals: { backgrounds: { value: 'dark' } },
  parameters: { layout: 'padded', controls: { disable: true }, reflow: { skip: 'a comparison table, two-dimensional by nature' } },
};
