// The renderer is a static bundle in dist/renderer, loaded from app:// by Electron and from
// http://127.0.0.1 by `hotline serve`: relative base, no inline scripts (the CSP forbids them).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    modulePreload: { polyfill: false },
  },
});
