import type { Meta } from '@storybook/web-components-vite';
import { loginButtonMeta, loginButtonStates, type LoginButtonArgs, type LoginButtonStory } from './support/login-button.js';

/** Every state of `<iams-login-button>` in English. */
const meta = {
  ...loginButtonMeta,
  title: 'Components/Login button/English',
  id: 'login-button-en',
  component: 'iams-login-button',
} satisfies Meta<LoginButtonArgs>;

export default meta;

const states = loginButtonStates('en');

export const Filled: LoginButtonStory = states.filled;
export const Outline: LoginButtonStory = states.outline;
export const Small: LoginButtonStory = states.small;
export const Medium: LoginButtonStory = states.medium;
export const Large: LoginButtonStory = states.large;
export const IconOnly: LoginButtonStory = { ...states.iconOnly, name: 'Icon only' };
export const FullWidth: LoginButtonStory = { ...states.fullWidth, name: 'Full width' };
export const Disabled: LoginButtonStory = states.disabled;
export const Busy: LoginButtonStory = states.busy;
export const Error: LoginButtonStory = states.error;
