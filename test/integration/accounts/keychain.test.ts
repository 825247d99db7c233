import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createKeytarSecretStore } from '../../../main/accounts/keytar-secret-store.ts'
import { secretKeys } from '../../../main/accounts/secret-store.ts'
import { startSandbox, type SandboxHandle } from '../../../sandbox/index.ts'
import { runCli, spawnCli } from '../cli-library/run-cli.ts'

/** Every file under `dir` (recursively) whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return filesContaining(path, needle)
    return readFileSync(path).includes(needle) ? [path] : []
  })
}

let sandbox: SandboxHandle
const secret = `KEYCHAIN-SECRET-${randomUUID()}`

beforeAll(async () => {
  // A FastPix-compatible API with known credentials, kept OUTSIDE every SPOOL_HOME of these tests.
  sandbox = await startSandbox({
    dataDir: mkdtempSync(join(tmpdir(), 'spool-kc-api-')),
    username: 'token-id-1234',
    password: secret,
  })
})
afterAll(async () => {
  await sandbox?.close()
})

describe.runIf(process.env.SPOOL_TEST_KEYRING)(
  'accounts in the real keyring (gnome-keyring over D-Bus)',
  () => {
    const env = (): NodeJS.ProcessEnv => ({ ...process.env, SPOOL_HOME: home })
    let home = ''
    beforeAll(() => {
      home = mkdtempSync(join(tmpdir(), 'spool-kc-home-'))
    })

    test('the keytar store round-trips under service "Spool"', async () => {
      const store = createKeytarSecretStore()
      const key = `test:${randomUUID()}`
      await store.set(key, 'value-1')
      expect(await store.get(key)).toBe('value-1')
      expect(await store.delete(key)).toBe(true)
      expect(await store.get(key)).toBeNull()
    })

    test('a wrong secret: clear 401 message, nothing saved anywhere', async () => {
      const r = await runCli(
        ['account', 'add', 'wrong', '--api-url', sandbox.apiUrl],
        env(),
        'token-id-1234\nnot-the-secret\n',
      )
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(/401.*Access Token ID or Secret Key is wrong/)
      const list = await runCli(['account', 'list', '--json'], env())
      expect((JSON.parse(list.stdout) as { name: string }[]).map((a) => a.name)).toEqual(['sandbox'])
      expect(await createKeytarSecretStore().get(secretKeys.accountSecret('wrong'))).toBeNull()
    })

    test('add (verified), list, test, use, remove', async () => {
      const add = await runCli(
        ['account', 'add', 'prod', '--api-url', sandbox.apiUrl, '--json'],
        env(),
        `token-id-1234\n${secret}\n`,
      )
      expect(add.status, add.stderr).toBe(0)
      expect(JSON.parse(add.stdout)).toMatchObject({ name: 'prod', tokenIdHint: '••••1234', builtIn: false })
      expect(await createKeytarSecretStore().get(secretKeys.accountSecret('prod'))).toBe(secret)

      const list = await runCli(['account', 'list'], env())
      expect(list.stdout).toMatch(/prod/)
      expect(list.stdout).toMatch(/sandbox \(built-in\)/)
      const tested = await runCli(['account', 'test', 'prod', '--json'], env())
      expect(JSON.parse(tested.stdout)).toMatchObject({ ok: true, mediaCount: 0 })
      const used = await runCli(['media', 'list', '--all', '--account', 'prod', '--json'], env())
      expect(used.status, used.stderr).toBe(0)

      expect(filesContaining(home, secret)).toEqual([])

      expect((await runCli(['account', 'remove', 'prod'], env())).status).toBe(2) // no terminal, no --yes
      expect((await runCli(['account', 'remove', 'sandbox', '--yes'], env())).status).toBe(2)
      const removed = await runCli(['account', 'remove', 'prod', '--yes'], env())
      expect(removed.status, removed.stderr).toBe(0)
      expect(await createKeytarSecretStore().get(secretKeys.accountSecret('prod'))).toBeNull()
      expect(await createKeytarSecretStore().get(secretKeys.accountTokenId('prod'))).toBeNull()
      // The removed account is gone: naming it is a usage error (issue 13 §5).
      expect((await runCli(['media', 'list', '--account', 'prod'], env())).status).toBe(2)
    })
  },
)

describe('a missing keyring', () => {
  test('gives a clear auth/keychain-unavailable error and never a plain-file fallback', async () => {
    const home = mkdtempSync(join(tmpdir(), 'spool-kc-dead-'))
    const deadBus = {
      ...process.env,
      SPOOL_HOME: home,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-such-bus')}`,
      DISPLAY: '',
    }
    const r = await spawnCli(
      ['account', 'add', 'prod', '--api-url', sandbox.apiUrl, '--json'],
      deadBus,
      `token-id-1234\n${secret}\n`,
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/keychain is not available/)
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'auth/keychain-unavailable' } })
    expect(r.stdout + r.stderr).not.toContain(secret)
    expect(filesContaining(home, secret)).toEqual([])
    const list = await spawnCli(['account', 'list', '--json'], deadBus)
    expect((JSON.parse(list.stdout) as { name: string }[]).map((a) => a.name)).toEqual(['sandbox'])
  })
})
