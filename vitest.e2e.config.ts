import { defineConfig } from 'vitest/config';

// Browser tests: each file starts the real server (node bin/salesdesk.mjs serve) on a
// fresh data directory and drives Debian's Chromium with playwright-core.
// `npm run test:e2e` builds the web app first when it is stale.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two files at once: each has its own server and browser, and the suite stays well under three minutes.
    maxWorkers: 2,
    // In CI a stray .only must not silently skip the rest.
    allowOnly: !process.env.CI,
    reporters: ['default'],
  },
});
