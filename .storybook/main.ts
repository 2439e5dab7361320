import type { StorybookConfig } from '@storybook/web-components-vite';
import { workspaceSources } from '../scripts/workspace-sources.js';

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  viteFinal(viteConfig) {
    // The workspace packages' entry points resolve to their TypeScript sources
    // (scripts/workspace-sources.js), so stories run the code being edited, not a stale dist/.
    // Lit's decorators need experimentalDecorators and useDefineForClassFields:false: Vite's Oxc transform reads both
    // from the nearest tsconfig.json (the root one), so nothing to set for that here.
    return {
      ...viteConfig,
      plugins: [workspaceSources(), ...(viteConfig.plugins ?? [])],
      // Storybook's own preview and docs bundles (~900 kB) always pass Vite's 500 kB warning mark.
      build: { ...viteConfig.build, chunkSizeWarningLimit: 1200 },
      optimizeDeps: {
        ...viteConfig.optimizeDeps,
        // The web-components renderer imports this itself; left out of the dev pre-bundle it
        // loads a second copy of lit-html ("Multiple versions of Lit loaded").
        include: [...(viteConfig.optimizeDeps?.include ?? []), 'lit/directive-helpers.js'],
      },
    };
  },
};

export default config;
