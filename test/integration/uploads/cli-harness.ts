import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { SandboxInfo } from '../../helpers/sandbox-process.ts'

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** Environment for a `spool` child pointed at an external sandbox. */
export function cliEnv(home: string, sb: SandboxInfo, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SPOOL_HOME: home,
    FASTPIX_API_URL: sb.apiUrl,
    FASTPIX_USERNAME: sb.username,
    FASTPIX_PASSWORD: sb.password,
    SPOOL_IDLE_TIMEOUT_MS: '3000',
    ...extra,
  }
}

/** A running `spool …` child with its output collected. */
export type CliChild = {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exit: Promise<number | null>
}

/** Spawns `node bin/spool.mjs …args`. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): CliChild {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'spool.mjs'), ...args], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s))
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  return { child, stdout: () => out, stderr: () => err, exit }
}

/** The warnings and errors a `spool` run logged under `home` (its stacks included), for a failure's message. */
export function loggedTrouble(home: string): string {
  const file = join(home, 'logs', 'spool.log')
  if (!existsSync(file)) return ''
  const lines = readFileSync(file, 'utf8').split('\n')
  return lines.filter((l) => /"level":"(warn|error)"/.test(l)).join('\n')
}

/** Runs a CLI command to the end. */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const c = spawnCli(args, env)
  const code = await c.exit
  return { code, stdout: c.stdout(), stderr: c.stderr() }
}

/** Reads job rows straight from the shared database (read-only), as another process would. */
export function readJobs(home: string): Array<{
  id: string
  path: string
  state: string
  upload_id: string | null
  bytes_acked: number
  size: number
  error: string | null
}> {
  const db = new Database(join(home, 'spool.db'), { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare(
        'SELECT id, path, state, upload_id, bytes_acked, size, error FROM upload_jobs ORDER BY created_at, rowid',
      )
      .all() as never
  } finally {
    db.close()
  }
}

/** Polls until `check` is true (or throws after `timeoutMs`). */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
