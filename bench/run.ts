// Runs every benchmark in bench/ (each `node bench/<name>.ts` writes bench/results/<name>.md) one after the
// other, then assembles bench/results.md. Benchmarks report ratios against a reference measured in the same
// run (curl, Google's resumable client) and peak memory; nothing here is asserted by the test suite.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'

const here = import.meta.dirname
const resultsDir = join(here, 'results')
mkdirSync(resultsDir, { recursive: true })
// `node bench/run.ts [name…]` runs the named benchmarks (all by default); `--assemble-only` runs none and
// only rebuilds bench/results.md from the sections already in bench/results/.
const args = process.argv.slice(2)
const assembleOnly = args.includes('--assemble-only')
const only = args.filter((a) => !a.startsWith('--'))
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => !assembleOnly && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort()

/** Benchmarks run more than once, with these arguments (each run writes its own section). */
const RUNS: Readonly<Record<string, ReadonlyArray<ReadonlyArray<string>>>> = {
  'throughput-stages.ts': [[], ['--pinned']],
}
for (const file of benches)
  for (const extra of RUNS[file] ?? [[]]) {
    console.log(`bench: ${[file, ...extra].join(' ')}`)
    const run = spawnSync(process.execPath, [join(here, file), ...extra], { stdio: 'inherit' })
    if (run.status !== 0) console.error(`bench: ${file} exited with ${run.status}`)
  }

const sections = existsSync(resultsDir)
  ? readdirSync(resultsDir)
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => readFileSync(join(resultsDir, f), 'utf8').trim().replace(/^# /gm, '## ')) // one title
  : []
const header = [
  '# Spool benchmark results',
  '',
  `Assembled ${new Date().toISOString()} by \`npm run bench\`. Machine: ${cpus().length} cores, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Each section states when it was measured.`,
  '',
]
writeFileSync(join(here, 'results.md'), [...header, ...sections.flatMap((s) => [s, ''])].join('\n'))
console.log(`bench: wrote ${join(here, 'results.md')}`)
