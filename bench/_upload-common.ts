import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { spawnSandbox, type SandboxProcess } from '../test/helpers/sandbox-process.ts'

/** The repository root. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Machine facts every result file states. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${new Date().toISOString()}`
}

/** Writes bench/results/<name>.md. */
export function writeResult(name: string, body: string): void {
  mkdirSync(join(REPO, 'bench', 'results'), { recursive: true })
  writeFileSync(
    join(REPO, 'bench', 'results', `${name}.md`),
    `# ${name}\n\nMachine: ${machine()}\n\n${body}\n`,
  )
}

/** Creates a file of `size` bytes that sniffs as MP4, written in 16 MiB pieces (no big buffer). */
export function makeMedia(path: string, size: number): void {
  const fd = openSync(path, 'w')
  const piece = randomBytes(16 * 2 ** 20)
  Buffer.from([0, 0, 0, 0x18]).copy(piece, 0)
  Buffer.from('ftypisom').copy(piece, 4)
  for (let at = 0; at < size; at += piece.length) writeSync(fd, piece, 0, Math.min(piece.length, size - at))
  closeSync(fd)
  piece.fill(0, 0, 12)
}

/** A throttle-free sandbox child with a fast Ready. */
export function sandbox(data: string): Promise<SandboxProcess> {
  return spawnSandbox(['--data', data, '--ready-after', '10'], { timeoutMs: 20_000 })
}

/** Creates a FastPix upload on the sandbox and returns its session URI. */
export async function createSession(sb: SandboxProcess): Promise<string> {
  const res = await fetch(`${sb.info.apiUrl}/on-demand/upload`, {
    method: 'POST',
    headers: { authorization: sb.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ corsOrigin: '*', pushMediaSettings: { accessPolicy: 'public' } }),
  })
  return ((await res.json()) as { data: { url: string } }).data.url
}

/** One curl PUT of a whole file to a session; resolves with its exit status. */
export async function curlPut(uri: string, path: string, size: number): Promise<number> {
  const child = spawn(
    '/usr/bin/curl',
    ['-sS', '-o', '/dev/null', '-T', path, '-H', `Content-Range: bytes 0-${size - 1}/${size}`, uri],
    { stdio: 'inherit' },
  )
  const [code] = (await once(child, 'exit')) as [number]
  return code
}

/** Environment for `spool` children pointed at the sandbox. */
export function spoolEnv(home: string, sb: SandboxProcess): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SPOOL_HOME: home,
    FASTPIX_API_URL: sb.info.apiUrl,
    FASTPIX_USERNAME: sb.info.username,
    FASTPIX_PASSWORD: sb.info.password,
  }
}

/** Runs `spool …` to the end; returns wall seconds and the peak RSS (VmHWM) sampled from /proc. */
export function timeSpool(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; code: number | null; peakRssMiB: number }> {
  return timeProcess(process.execPath, [join(REPO, 'bin', 'spool.mjs'), ...args], env)
}

/** Runs a command to the end; returns wall seconds and its peak RSS (VmHWM) sampled from /proc. */
export async function timeProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; code: number | null; peakRssMiB: number }> {
  const t0 = performance.now()
  const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'ignore', 'inherit'] })
  let peak = 0
  const sample = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status)
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024)
    } catch {
      // The process just exited.
    }
  }, 200)
  const [code] = (await once(child, 'exit')) as [number | null]
  clearInterval(sample)
  return { seconds: (performance.now() - t0) / 1000, code, peakRssMiB: peak }
}

/** MiB/s for `bytes` over `seconds`. */
export const rate = (bytes: number, seconds: number): string =>
  `${(bytes / 2 ** 20 / seconds).toFixed(1)} MiB/s`

/** The median of some timings (the mean of the middle two for an even count). */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
