import { defineConfig } from 'vitest/config'
import { JSX_FOR_PREACT, PREACT_COMPAT } from './preact-compat.config.mts'

// Four runtimes, one run (ARCHITECTURE.md §1, §8.14). Integration and e2e tests talk to real servers on
// 127.0.0.1 and spawn processes, so they get longer timeouts and run their files one at a time per worker.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['test/integration/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        oxc: JSX_FOR_PREACT,
        resolve: {
          alias: [
            // Its ES module, so that its own imports of React go through the aliases too (its CommonJS main would
            // require React from disk).
            {
              find: /^@testing-library\/react$/,
              replacement: '@testing-library/react/dist/@testing-library/react.esm.js',
            },
            ...PREACT_COMPAT,
          ],
        },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          globals: true,
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup/renderer-setup.ts'],
          // Inlined so that their own imports of React go through the aliases as well.
          server: { deps: { inline: ['@testing-library/react', '@tanstack/react-virtual', 'zustand'] } },
        },
      },
      {
        // The PeerTube suite: against the PeerTube sandbox in `npm test`, against a real PeerTube with
        // `npm run test:peertube` (PEERTUBE_TEST_URL). One set of tests for both targets.
        test: {
          name: 'peertube',
          environment: 'node',
          include: ['test/peertube/**/*.test.ts'],
          globalSetup: ['test/peertube/global-setup.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
