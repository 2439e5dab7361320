/// <reference types="vite/client" />
import { loadMessages } from '@iamsmart/elements';
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { LOCALES, isLocale, type Locale } from '../stories/support/locales.js';

// The manifest is generated (`npm run analyze`, run by `npm run build-storybook`) and not
// committed; a glob instead of an import keeps type checks and `storybook dev` working without it.
const manifests = import.meta.glob<unknown>('../custom-elements.json', { eager: true, import: 'default' });
const manifest = manifests['../custom-elements.json'];
if (manifest) setCustomElementsManifest(manifest);

type ArgTypesEnhancer = NonNullable<Preview['argTypesEnhancers']>[number];

/**
 * Controls only where a value changes the story: attributes the story takes as args (named as the
 * attributes) and the CSS custom properties (applied as inline styles). The manifest's other rows
 * (properties an attribute mirrors, events, slots, parts, attributes a story does not use) stay
 * documentation, without a dead control.
 */
const manifestControls: ArgTypesEnhancer = ({ argTypes, initialArgs }) =>
  Object.fromEntries(
    Object.entries(argTypes).map(([name, argType]) => {
      const category = argType.table?.category;
      if (category === 'css custom properties') return [name, { ...argType, type: { name: 'string' } }];
      const documentationOnly =
        category === 'properties' ||
        category === 'events' ||
        category === 'slots' ||
        category === 'css shadow parts' ||
        (category === 'attributes' && argType.control === undefined && !(name in initialArgs));
      return [name, documentationOnly ? { ...argType, control: false } : argType];
    }),
  );

function backgroundValue(background: unknown): unknown {
  return typeof background === 'object' && background !== null && 'value' in background ? background.value : background;
}

const preview: Preview = {
  tags: ['autodocs'],
  argTypesEnhancers: [manifestControls],
  globalTypes: {
    locale: {
      description: 'Language of the page (the `lang` the elements inherit)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: LOCALES.map(({ value, title }) => ({ value, title })),
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: {
    locale: 'en' satisfies Locale,
    backgrounds: { value: 'light' },
  },
  // The elements load their strings on demand (decision 042); the stories' play functions compare
  // what they show with `messagesFor(lang)`, so every language's wording is loaded first.
  loaders: [
    async () => {
      await Promise.all(LOCALES.map(({ value }) => loadMessages(value)));
      return {};
    },
  ],
  decorators: [
    (story, { globals, canvasElement }) => {
      const locale = isLocale(globals.locale) ? globals.locale : 'en';
      // The page's language and the story root's: elements without their own `lang` follow the
      // closest ancestor, and screen readers pick their voice from it.
      document.documentElement.lang = locale;
      canvasElement.lang = locale;
      // The elements' colours follow the page's `color-scheme` (light-dark()), as on a real site.
      const dark = backgroundValue(globals.backgrounds) === 'dark';
      canvasElement.style.colorScheme = dark ? 'dark' : 'light';
      canvasElement.style.color = 'CanvasText';
      return story();
    },
  ],
  parameters: {
    options: {
      storySort: {
        order: ['Introduction', 'Components', ['Login button', ['Overview', 'English', '繁體中文 (zh-HK)', '简体中文 (zh-CN)'], 'QR login', 'Signing dialog', 'Provider']],
      },
    },
    layout: 'centered',
    controls: { expanded: true, matchers: { color: /(^|-)color(-|$)/i } },
    backgrounds: {
      options: {
        light: { name: 'Light', value: '#ffffff' },
        dark: { name: 'Dark', value: '#121816' },
      },
    },
    a11y: {
      // Fail, not warn, on a violation; checked against the same WCAG 2.2 AA rules as the smoke test.
      test: 'error',
      options: { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } },
    },
  },
};

export default preview;
