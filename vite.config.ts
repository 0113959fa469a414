import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: built to dist/renderer, served by the same process as the API (browser mode)
// or from app://shopledger in Electron. Relative asset paths work under both.
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:4321' },
  },
});
