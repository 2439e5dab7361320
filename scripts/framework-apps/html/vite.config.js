import { readdirSync } from 'node:fs';
import { defineConfig } from 'vite';

// Every page: the server-rendered page of docs/frameworks/html.md, and one per README snippet.
export default defineConfig({
  build: { rollupOptions: { input: Object.fromEntries(readdirSync('.').filter((file) => file.endsWith('.html')).map((file) => [file.slice(0, -5), file])) } },
  logLevel: 'warn',
});
