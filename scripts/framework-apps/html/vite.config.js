import { defineConfig } from 'vite';

// Two pages: the server-rendered page of docs/frameworks/html.md, and the README's snippets.
export default defineConfig({
  build: { rollupOptions: { input: { index: 'index.html', readme: 'readme.html' } } },
  logLevel: 'warn',
});
