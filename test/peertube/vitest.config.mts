import { defineConfig } from 'vitest/config'

// Tests against a real PeerTube (PEERTUBE_TEST_URL); not part of the default projects. Run with
// `PEERTUBE_TEST_URL=http://127.0.0.1:9000 npx vitest run --config test/peertube/vitest.config.mts`.
export default defineConfig({
  test: {
    name: 'peertube',
    root: new URL('../..', import.meta.url).pathname,
    environment: 'node',
    include: ['test/peertube/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
