import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { sandboxStats } from '../../helpers/sandbox-process.ts'
import { remoteSha256, writeMp4 } from './harness.ts'
import { sandboxForFile, setFaults } from './sandbox-child.ts'
import { cliEnv, readJobs, spawnCli } from './cli-harness.ts'

// Issue 13 point 5: persistent server errors (5xx, 429) are given up after a documented budget of answers
// (SPOOL_SERVER_ERROR_BUDGET here, so the test runs in seconds), the job kept for `spool queue run` with a
// clear reason; a finished job keeps no stale error.

const files = sandboxForFile('spool-budget-')

/** Runs the CLI, killing it if it has not ended within `limitMs` (a silent retry loop). */
async function run(args: string[], env: NodeJS.ProcessEnv, limitMs: number) {
  const started = Date.now()
  const child = spawnCli(args, env)
  const timer = setTimeout(() => child.child.kill('SIGKILL'), limitMs)
  const code = await child.exit
  clearTimeout(timer)
  return { code, stdout: child.stdout(), stderr: child.stderr(), ms: Date.now() - started }
}

for (const [name, faults, layer] of [
  ['the upload session answers 503 or 429 (Retry-After: 1) to every chunk', 'error=1,seed=5', 'session'],
  ['the API answers 503 to every call', 'api-error=1', 'api'],
  ['the API answers 429 with Retry-After: 1 to every call', 'api-error=1,api-status=429', 'api429'],
] as const) {
  test(`${name}: given up after the budget, finished by queue run`, async () => {
    const { dir, sb } = files
    const file = join(dir, `${layer}.mp4`)
    const hash = writeMp4(file, 700 * 1024)
    const home = join(dir, `home-${layer}`)
    const env = cliEnv(home, sb.info, { SPOOL_SERVER_ERROR_BUDGET: '3' })
    await setFaults(sb, faults)
    const putsBefore = (await sandboxStats(sb.info)).totals.putCount
    const first = await run(['upload', file, '--json', '--no-wait'], env, 40_000)
    expect(first.code, first.stderr).toBe(1) // not killed: it gave up by itself
    expect(first.ms).toBeLessThan(40_000)
    const [failed] = readJobs(home)
    expect(failed!.state).toBe('failed')
    const error = JSON.parse(failed!.error!) as { message: string; retryable?: boolean }
    expect(error.message).toMatch(/kept failing.*3 times in a row.*spool queue run/)
    expect(error.retryable).toBe(true)
    if (layer === 'api429') {
      // Retry-After honoured: every wait of the engine between the answers is at least the server's second.
      const waits = readFileSync(join(home, 'logs', 'spool.log'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('retrying after a transient failure'))
        .map((line) => (JSON.parse(line) as { wait: number }).wait)
      expect(waits).toHaveLength(2)
      for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(1000)
    }
    if (layer === 'session') {
      // Three answers, three chunk attempts: the budget counts answers, not time.
      const puts = (await sandboxStats(sb.info)).totals.putCount - putsBefore
      expect(puts).toBe(3)
    }

    await setFaults(sb, '')
    const second = await run(['queue', 'run', '--json'], env, 40_000)
    expect(second.code, second.stderr).toBe(0)
    const [job] = readJobs(home)
    expect(job!.state).toBe('done')
    expect(job!.error).toBeNull() // no stale error on a finished job
    expect(await remoteSha256(sb.info, job!.upload_id!)).toBe(hash)
  }, 90_000)
}

test('a server answer waited out mid-upload is on the job while it waits, and the next chunk clears it', async () => {
  const { dir, sb } = files
  const file = join(dir, 'waited.mp4')
  const hash = writeMp4(file, 2 * 1024 * 1024)
  const home = join(dir, 'home-waited')
  await setFaults(sb, 'error=0.4,seed=11')
  const r = await run(
    ['upload', file, '--json', '--no-wait', '--chunk-size', '0.25'],
    cliEnv(home, sb.info),
    60_000,
  )
  await setFaults(sb, '')
  expect(r.code, r.stderr).toBe(0)
  type Line = { type: string; state: string; error: { code: string; message: string } | null }
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line)
    .filter((l) => l.type === 'job')
  const waiting = lines.findIndex((l) => l.state === 'uploading' && l.error !== null)
  expect(waiting, r.stdout).toBeGreaterThanOrEqual(0)
  expect(lines[waiting]!.error!.message).toMatch(/server|rate/i)
  const cleared = lines.findIndex((l, i) => i > waiting && l.state === 'uploading' && l.error === null)
  expect(cleared, r.stdout).toBeGreaterThan(waiting) // bytes moved again: no stale reason on a moving file
  const [job] = readJobs(home)
  expect([job!.state, job!.error]).toEqual(['done', null])
  expect(await remoteSha256(sb.info, job!.upload_id!)).toBe(hash)
}, 90_000)
