import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.perfgate/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Load tests and embedded PostgreSQL are CPU-heavy on 2 cores: keep files few at a time.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
