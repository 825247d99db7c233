import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { main } from '../../../main/cli/main.ts'

export type CliRun = Readonly<{ status: number; stdout: string; stderr: string }>

const ROOT = join(import.meta.dirname, '../../..')

/** Runs `spool ARGS` in-process with its own streams (stdin is not a terminal). */
export async function runCli(
  args: ReadonlyArray<string>,
  env: NodeJS.ProcessEnv,
  input = '',
): Promise<CliRun> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (c: Buffer) => (out += c.toString()))
  stderr.on('data', (c: Buffer) => (err += c.toString()))
  const stdin = Readable.from([input]) as Readable & { isTTY?: boolean }
  const status = await main(args, { env, stdout, stderr, stdin, interrupted: new Promise(() => {}) })
  return { status, stdout: out, stderr: err }
}

/** Runs `node bin/spool.mjs ARGS` as a child process (its own keychain / D-Bus environment). */
export function spawnCli(args: ReadonlyArray<string>, env: NodeJS.ProcessEnv, input = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/spool.mjs'), ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status: status ?? 1, stdout: out, stderr: err }))
    child.stdin.end(input)
  })
}
