import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { main } from '../../../main/cli/main.ts'
import { brokenCases, leafCommands, makeFixtures, whatIsWrong, type Fixtures } from './matrix.ts'

// Issue 13 §5: every command and subcommand of `spool`, read from the commander program itself (a new command
// is covered without touching this file), run with broken inputs: no stack trace, no catch-all for bugs, no
// `[object Object]`, and only the documented exit statuses. In-process for speed; the cases that need a real
// process (a closed stdout, dropped privileges) are in separate-process.test.ts.

const leaves = await leafCommands()
let fixtures: Fixtures
let busy: Server
let takenPort = 0

const startedIn = process.cwd()

beforeAll(async () => {
  fixtures = makeFixtures(mkdtempSync(join(tmpdir(), 'spool-broken-')))
  // Relative paths given as broken values (`--data ../x`) land in a scratch folder, never in the checkout.
  const cwd = join(fixtures.root, 'cwd', 'here')
  mkdirSync(cwd, { recursive: true })
  process.chdir(cwd)
  busy = createServer()
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
  takenPort = (busy.address() as AddressInfo).port
})
afterAll(() => {
  process.chdir(startedIn)
  busy.close()
  rmSync(fixtures.root, { recursive: true, force: true })
})

/** Runs `spool ARGV` in-process; a command that waits (the sandbox, a long upload) is interrupted after 1.5 s. */
async function run(argv: ReadonlyArray<string>, env: NodeJS.ProcessEnv) {
  let output = ''
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  stdout.on('data', (c: Buffer) => (output += c.toString()))
  stderr.on('data', (c: Buffer) => (output += c.toString()))
  const stdin = Readable.from([''])
  let stop = (): void => {}
  const interrupted = new Promise<void>((resolve) => {
    stop = resolve
    setTimeout(resolve, 1500).unref()
  })
  const hung = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 60_000).unref())
  const status = await Promise.race([main(argv, { env, stdout, stderr, stdin, interrupted }), hung])
  stop()
  return { status, output }
}

test('the program has the commands the README documents', () => {
  const names = leaves.map((l) => l.path.join(' '))
  expect(names).toEqual(
    expect.arrayContaining(['upload', 'queue run', 'media list', 'sandbox', 'tracks add']),
  )
  expect(names.length).toBeGreaterThanOrEqual(30)
})

describe.each(leaves.map((l) => [l.path.join(' '), l] as const))('spool %s', (_name, leaf) => {
  test('broken inputs get a plain message and a documented exit status', async () => {
    const home = mkdtempSync(join(fixtures.root, 'home-'))
    const problems: string[] = []
    for (const c of brokenCases(leaf, fixtures, takenPort)) {
      const env = { PATH: process.env.PATH, SPOOL_HOME: home, ...c.env }
      const { status, output } = await run(c.argv, env)
      if (status === -1) problems.push(`${c.label}: still running after 60 s`)
      const wrong = whatIsWrong(status, output)
      if (wrong) problems.push(`${c.label}: ${wrong} (status ${status})\n${output.slice(0, 600)}`)
    }
    expect(problems).toEqual([])
  })
})
