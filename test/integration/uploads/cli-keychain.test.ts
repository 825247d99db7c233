import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { runCli, readJobs } from './cli-harness.ts'
import { tempDir, writeMp4 } from './harness.ts'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

/** An environment whose D-Bus session bus does not exist: keytar cannot reach any Secret Service. */
function withoutKeychain(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SPOOL_HOME: home }
  env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(home, 'no-such-bus')}`
  delete env.DISPLAY
  delete env.FASTPIX_API_URL
  return env
}

test('without a keychain, `spool upload` and `spool queue run` stop at once with the reason and queue nothing', async () => {
  const dir = tempDir('spool-nokeychain-')
  dirs.push(dir)
  const home = join(dir, 'home')
  mkdirSync(join(dir, 'clips'))
  writeMp4(join(dir, 'clips', 'a.mp4'), 64 * 1024)
  const env = withoutKeychain(home)

  const upload = await runCli(['upload', join(dir, 'clips'), '--no-wait'], env)
  expect(upload.code).toBe(1)
  expect(upload.stderr).toContain('The system keychain is not available')
  expect(upload.stdout).not.toContain('preparing')
  expect(readJobs(home)).toEqual([])

  const run = await runCli(['queue', 'run'], env)
  expect(run.code).toBe(1)
  expect(run.stderr).toContain('The system keychain is not available')
}, 30_000)
