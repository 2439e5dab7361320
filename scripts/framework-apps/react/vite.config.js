// No @vitejs/plugin-react: Vite's own transform compiles JSX with React 17+'s automatic runtime.
import { defineConfig } from 'vite';

export default defineConfig({ oxc: { jsx: { runtime: 'automatic' } }, logLevel: 'warn' });
