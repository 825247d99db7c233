import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { SandboxStats } from '../../sandbox/stats.ts'

/** The JSON line `spool sandbox` prints once it listens. */
export type SandboxInfo = { apiUrl: string; streamUrl: string; username: string; password: string }

/** A `spool sandbox` child process. */
export type SandboxProcess = {
  info: SandboxInfo
  child: ChildProcess
  /** Milliseconds from spawn to the JSON line. */
  readyMs: number
  /** Everything written to stdout (should be the JSON line only). */
  stdout: () => string
  /** Everything written to stderr so far. */
  stderr: () => string
  /** `Basic …` header value for the sandbox's credentials. */
  authorization: string
  /** Sends a signal and resolves with the exit code (null when killed by a signal). */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>
}

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Spawns `node bin/spool.mjs sandbox …args` and waits (up to timeoutMs) for its JSON line. */
export async function spawnSandbox(
  args: string[] = [],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<SandboxProcess> {
  const started = performance.now()
  const child = spawn(process.execPath, [join(REPO, 'bin', 'spool.mjs'), 'sandbox', ...args], {
    cwd: REPO,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s))
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  const lines = createInterface({ input: child.stdout })
  const first = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`sandbox not ready after ${options.timeoutMs ?? 10_000} ms:\n${err}`)),
      options.timeoutMs ?? 10_000,
    )
    lines.once('line', (line) => {
      clearTimeout(timer)
      resolve(line)
    })
    void exited.then(([code]) => {
      clearTimeout(timer)
      reject(new Error(`sandbox exited with ${code} before it was ready:\n${err}`))
    })
  })
  lines.on('line', (line) => (out += line + '\n'))
  const line = await first
  const readyMs = performance.now() - started
  const info = JSON.parse(line) as SandboxInfo
  return {
    info,
    child,
    readyMs,
    stdout: () => out,
    stderr: () => err,
    authorization: 'Basic ' + Buffer.from(`${info.username}:${info.password}`).toString('base64'),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill(signal)
      const [code] = await exited
      return code
    },
  }
}

/** A sandbox's counters over HTTP (`GET /_sandbox/stats`; the sandbox runs in another process). */
export async function sandboxStats(sb: SandboxInfo): Promise<SandboxStats> {
  const auth = 'Basic ' + Buffer.from(`${sb.username}:${sb.password}`).toString('base64')
  const res = await fetch(new URL('/_sandbox/stats', sb.apiUrl), { headers: { authorization: auth } })
  return (await res.json()) as SandboxStats
}
