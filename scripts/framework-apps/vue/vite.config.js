import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // The iams-* tags are custom elements, not Vue components: Vue passes attributes, properties
  // (when the element has them) and `@iams-*` listeners straight to them.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('iams-') } } })],
  logLevel: 'warn',
});
