// Builds the React UI into dist/renderer. The output must run under the strict CSP of both hosts
// (default-src 'none'; script-src 'self'; style-src 'self'): no inline scripts, no inline styles.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The module-preload polyfill is an inline script; the CSP forbids it (and both hosts are Chromium).
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'chrome120',
  },
});
