import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { runCli } from './run-cli.ts'

// Issue 13 §5: honest exit codes and no stack traces: a path that is not there and an unknown account are
// usage errors (2); a run where every file was refused is a failure (1); a closed pipe is not an error; a
// port in use is said plainly.

const ROOT = join(import.meta.dirname, '../../..')
let env: NodeJS.ProcessEnv
let root: string
const STACK = /\n\s+at |unexpected error|Error:/

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'spool-exits-'))
  env = { SPOOL_HOME: join(root, 'home'), PATH: process.env.PATH }
})

test('a path that does not exist is a usage error', async () => {
  const r = await runCli(['upload', join(root, 'no-such-folder')], env)
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(/no such file or folder/)
  expect(r.stderr).not.toMatch(STACK)
})

test('a run where every file was refused exits 1 and says so', async () => {
  const folder = join(root, 'notes')
  mkdirSync(folder)
  writeFileSync(join(folder, 'readme.txt'), 'not a video')
  const r = await runCli(['upload', folder], env)
  expect(r.status).toBe(1)
  expect(r.stderr).toMatch(/nothing to upload — all 1 file\(s\) and folder\(s\) were refused/)
  expect(r.stderr).not.toMatch(STACK)
})

test('a run where some media were refused sends the others and exits 1; a note beside them does not count', async () => {
  const folder = join(root, 'mixed')
  mkdirSync(folder)
  copyFileSync(join(import.meta.dirname, '../../fixtures/media/tiny-160x90.mp4'), join(folder, 'good.mp4'))
  writeFileSync(join(folder, 'empty.mov'), '')
  writeFileSync(join(folder, 'notes.txt'), 'call sheet')
  const r = await runCli(['upload', folder, '--no-wait'], env)
  expect(r.status, r.stdout + r.stderr).toBe(1)
  expect(r.stdout).toMatch(/done .*good\.mp4/)
  expect(r.stderr).toMatch(/1 file\(s\) were refused \(reasons above\); the others were sent/)
  expect(r.stderr).not.toMatch(STACK)
  // Only notes beside a good file: nothing refused, exit 0.
  const calm = join(root, 'calm')
  mkdirSync(calm)
  copyFileSync(join(import.meta.dirname, '../../fixtures/media/tiny-160x90.mp4'), join(calm, 'take.mp4'))
  writeFileSync(join(calm, 'notes.txt'), 'call sheet')
  const ok = await runCli(['upload', calm, '--no-wait'], env)
  expect(ok.status, ok.stdout + ok.stderr).toBe(0)
})

test('an unknown --account is a usage error', async () => {
  const r = await runCli(['upload', root, '--account', 'nosuch'], env)
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(/There is no account named "nosuch"/)
})

test('a reader that closes the pipe early (| head) gets no stack trace', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'bin/spool.mjs'), '--help'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.destroy()
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  expect(err).not.toMatch(STACK)
  expect(code).toBe(0)
})

test('`spool sandbox --port` on a port in use says so in one line', async () => {
  const busy = createServer()
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
  const port = (busy.address() as AddressInfo).port
  try {
    for (const provider of ['fastpix', 'peertube']) {
      const r = await runCli(
        ['sandbox', '--port', String(port), '--provider', provider, '--data', join(root, `sb-${provider}`)],
        env,
      )
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(new RegExp(`port ${port} is already in use`))
      expect(r.stderr).not.toMatch(STACK)
    }
  } finally {
    busy.close()
  }
})
