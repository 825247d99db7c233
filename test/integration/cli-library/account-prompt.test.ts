import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../sandbox/index.ts'
import { spawnCli } from './run-cli.ts'

// `spool account add` on a real terminal (tmux gives it a pty): the user types at each prompt, and neither
// the Access Token ID nor the Secret Key is echoed. Needs the throw-away keyring of `npm test`.
const ROOT = join(import.meta.dirname, '../../..')
const socket = `spool-prompt-${process.pid}`
const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' })
const screen = (): string => tmux('capture-pane', '-p', '-t', 'prompt', '-S', '-50')

async function until(what: string, check: (s: string) => boolean): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const s = screen()
    if (check(s)) return s
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${screen()}`)
}

let sb: SandboxHandle
let home: string

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'spool-prompt-'))
  sb = await startSandbox({ dataDir: join(home, 'remote'), readyAfterMs: 0 })
})
afterAll(async () => {
  try {
    tmux('kill-server')
  } catch {
    // Already gone.
  }
  await sb.close()
  rmSync(home, { recursive: true, force: true })
})

describe.runIf(process.env.SPOOL_TEST_KEYRING)('spool account add on a terminal', () => {
  test('prompts for both values without echoing them, verifies them and stores the key in the keychain', async () => {
    const command = `node ${join(ROOT, 'bin/spool.mjs')} account add studio --api-url ${sb.apiUrl}; echo "EXIT=$?"; sleep 60`
    tmux('new-session', '-d', '-s', 'prompt', '-x', '160', '-y', '40', '-e', `SPOOL_HOME=${home}`, command)
    await until('the token prompt', (s) => s.includes('Access Token ID:'))
    // '--': a random credential may begin with '-', which tmux would otherwise read as a flag.
    tmux('send-keys', '-t', 'prompt', '-l', '--', sb.username)
    tmux('send-keys', '-t', 'prompt', 'Enter')
    await until('the secret prompt', (s) => s.includes('Secret Key:'))
    tmux('send-keys', '-t', 'prompt', '-l', '--', sb.password)
    tmux('send-keys', '-t', 'prompt', 'Enter')
    const final = await until('the command to end', (s) => /EXIT=\d+/.test(s))
    expect(final).toContain('EXIT=0')
    expect(final).not.toContain(sb.username)
    expect(final).not.toContain(sb.password)

    const listed = await spawnCli(['account', 'test', 'studio', '--json'], {
      ...process.env,
      SPOOL_HOME: home,
    })
    expect(listed.status).toBe(0)
    expect(listed.stdout + listed.stderr).not.toContain(sb.password)
  })
})
