import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Paths the api serves; `npm run dev` proxies them to the api on :3000, which serves the built app itself. */
const API_PREFIXES = ['/runs', '/sweeps', '/models', '/datasets', '/estimators', '/workers', '/health', '/auth', '/projects', '/api-keys', '/audit'];

export default defineConfig({
  plugins: [react()],
  resolve: {
    // libs/ml's spec-only entry, bundled from its TypeScript source (the package's dist is CommonJS for Node).
    alias: { '@mnist-lab/ml/spec': decodeURIComponent(new URL('../../libs/ml/src/spec/index.ts', import.meta.url).pathname) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts (bar, heatmap, parallel, SVG renderer only) is one ~580 kB chunk, loaded with the first chart.
    chunkSizeWarningLimit: 650,
  },
  server: {
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, 'http://127.0.0.1:3000'])),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
