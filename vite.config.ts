// One config for the playground (Vite) and the test runner (Vitest).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'playground',
  publicDir: false,
  build: {
    outDir: '../dist/playground',
    emptyOutDir: true,
  },
  server: { host: '127.0.0.1', fs: { allow: ['..'] } },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
