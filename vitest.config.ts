import { defineConfig } from 'vitest/config';

// Unit, service and route tests: real services on a real database (fresh PGlite per
// file, or a throwaway database on the PostgreSQL server named by TEST_DATABASE_URL).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
