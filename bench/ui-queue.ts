// B6: renders a 10,000-row upload queue in the built renderer (headless Chromium) and records the figures
// in bench/results/ui-queue.md. The measurement lives in test/e2e/ui-queue.test.ts; this runs it.
import { spawnSync } from 'node:child_process'

const steps: ReadonlyArray<ReadonlyArray<string>> = [
  ['electron-vite', 'build'],
  ['vitest', 'run', '--project', 'e2e', 'test/e2e/ui-queue.test.ts'],
]
for (const args of steps) {
  const run = spawnSync('npx', [...args], { stdio: 'inherit' })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
console.log('B6 written to bench/results/ui-queue.md')
