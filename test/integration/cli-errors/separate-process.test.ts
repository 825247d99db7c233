import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { leafCommands, makeFixtures, whatIsWrong, type Fixtures } from './matrix.ts'

// Issue 13 §5, the cases that need a real `spool` process: a reader that closes the pipe at once
// (`spool … | head -1`) for every command, folders that cannot be read, and Ctrl-C while a huge folder is
// being looked through. Tests run as root, for whom chmod 000 changes nothing: `setpriv` drops the two
// capabilities that let root read anything (same user, so the test keyring still answers).

const ROOT = join(import.meta.dirname, '../../..')
const SPOOL = join(ROOT, 'bin/spool.mjs')
const NO_ROOT_READS = ['setpriv', '--bounding-set=-dac_override,-dac_read_search']

const leaves = await leafCommands()
let fixtures: Fixtures
let home: string

beforeAll(() => {
  fixtures = makeFixtures(mkdtempSync(join(tmpdir(), 'spool-process-')))
  home = join(fixtures.root, 'home')
})
afterAll(() => rmSync(fixtures.root, { recursive: true, force: true }))

/** `afterSignalMs`: how long the process took to end once it was sent SIGINT (null when it was not). */
type Spawned = Readonly<{ status: number; output: string; afterSignalMs: number | null }>

/** Runs `spool ARGV` as a process: optionally without root's read-anything, with stdout closed, or sent SIGINT. */
function spool(
  argv: ReadonlyArray<string>,
  o: {
    unprivileged?: boolean
    closeStdout?: boolean
    interruptAfterMs?: number
    env?: NodeJS.ProcessEnv
  } = {},
): Promise<Spawned> {
  const [command, ...prefix] = o.unprivileged ? NO_ROOT_READS : [process.execPath]
  const args = o.unprivileged ? [process.execPath, SPOOL, ...argv] : [SPOOL, ...argv]
  const child = spawn(command!, [...prefix, ...args], {
    env: { ...process.env, SPOOL_HOME: home, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: fixtures.root,
  })
  let output = ''
  if (o.closeStdout) child.stdout.destroy()
  else child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  let signalledAt: number | null = null
  if (o.interruptAfterMs !== undefined)
    setTimeout(() => {
      signalledAt = Date.now()
      child.kill('SIGINT')
    }, o.interruptAfterMs)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) =>
      resolve({
        status: code ?? (signal ? 128 : 1),
        output,
        afterSignalMs: signalledAt === null ? null : Date.now() - signalledAt,
      }),
    )
  })
}

test('every command, with stdout closed before it writes (| head -1), ends without a stack', async () => {
  const problems: string[] = []
  const invocations = [
    ['--help'],
    ['queue', 'list'],
    ['account', 'list'],
    ['media', 'list'],
    ...leaves.map((l) => [...l.path, '--help']),
    // Each command with nothing given (a usage error, printed with the help).
    ...leaves.map((l) => [...l.path]),
  ]
  for (const argv of invocations) {
    const r = await spool(argv, { closeStdout: true, interruptAfterMs: 8000 })
    const wrong = whatIsWrong(r.status, r.output)
    if (wrong) problems.push(`spool ${argv.join(' ')}: ${wrong}\n${r.output.slice(0, 400)}`)
  }
  expect(problems).toEqual([])
})

test('a folder Spool may not read is called a folder, a file a file, and neither is a stack', async () => {
  const card = join(fixtures.root, 'card')
  mkdirSync(join(card, 'locked'), { recursive: true })
  writeFileSync(join(card, 'locked', 'a.mp4'), Buffer.from('\0\0\0\x18ftypisom'))
  writeFileSync(join(card, 'secret.mp4'), Buffer.from('\0\0\0\x18ftypisom'))
  chmodSync(join(card, 'locked'), 0o000)
  chmodSync(join(card, 'secret.mp4'), 0o000)

  const folder = await spool(['upload', join(card, 'locked')], { unprivileged: true })
  expect(folder.output).toMatch(/locked — Spool cannot read this folder\./)
  expect(folder.status).toBe(1)

  const file = await spool(['upload', join(card, 'secret.mp4')], { unprivileged: true })
  expect(file.output).toMatch(/secret\.mp4 — Spool cannot read this file\./)
  expect(file.status).toBe(1)

  // Behind a folder that cannot be entered, nobody can tell a file from a folder: neither word is used.
  const behind = await spool(['upload', join(card, 'locked', 'a.mp4')], { unprivileged: true })
  expect(behind.output).toMatch(/cannot be reached: a folder on its way does not let Spool look inside/)
  expect(behind.status).toBe(1)

  const inside = await spool(['upload', card], { unprivileged: true })
  expect(inside.output).toMatch(/locked — Spool cannot read this folder\./)
  expect(inside.output).toMatch(/secret\.mp4 — Spool cannot read this file\./)
  expect(inside.status).toBe(1)

  for (const r of [folder, file, behind, inside]) expect(whatIsWrong(r.status, r.output)).toBeNull()
})

test('a SPOOL_HOME or sandbox data folder Spool may not write to is said plainly', async () => {
  const locked = join(fixtures.root, 'locked-home')
  mkdirSync(locked)
  chmodSync(locked, 0o555)
  const env = { SPOOL_HOME: join(locked, 'spool') }
  for (const argv of [
    ['queue', 'list'],
    ['media', 'list'],
    ['upload', fixtures.emptyFile],
  ]) {
    const r = await spool(argv, { unprivileged: true, env })
    expect(r.output, argv.join(' ')).toMatch(
      /Spool cannot keep its data in ".*locked-home\/spool": permission denied/,
    )
    expect(r.status).toBe(1)
    expect(whatIsWrong(r.status, r.output)).toBeNull()
  }
  const sandbox = await spool(['sandbox', '--data', join(locked, 'sb')], { unprivileged: true })
  expect(sandbox.output).toMatch(/cannot keep the sandbox's data in .*locked-home\/sb/)
  expect(sandbox.status).toBe(2)
})

test('Ctrl-C while a huge folder is being looked through stops at once with 130 and queues nothing', async () => {
  // /usr holds well over 100,000 files: looking through it takes more than 5 s here, so 3 s in it is still
  // scanning (and past start-up, even on a loaded machine).
  const r = await spool(['upload', '/usr'], { interruptAfterMs: 3000 })
  expect(r.status).toBe(130)
  expect(r.output).toMatch(/interrupted while looking through the folders; nothing was queued/)
  expect(r.afterSignalMs).toBeLessThan(2500)
  const list = await spool(['queue', 'list', '--json'])
  expect(JSON.parse(list.output)).toEqual([])
})
