// B6: renders a 10,000-row upload queue (20 batches, poster frames on) in the built renderer in headless
// Chromium and records the figures in bench/results/ui-queue.md. The measurement lives in
// test/e2e/ui-queue.test.ts; a plain e2e run writes its figures to test-results/ instead.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

const results = resolve(import.meta.dirname, 'results/ui-queue.md')
const steps: ReadonlyArray<ReadonlyArray<string>> = [
  ['electron-vite', 'build'],
  ['vitest', 'run', '--project', 'e2e', 'test/e2e/ui-queue.test.ts'],
]
for (const args of steps) {
  const run = spawnSync('npx', [...args], {
    stdio: 'inherit',
    env: { ...process.env, SPOOL_B6_RESULTS: results },
  })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
console.log(`B6 written to ${results}`)
