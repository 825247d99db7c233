import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createAccountService } from '../../../main/accounts/account-service.ts'
import { secretKeys } from '../../../main/accounts/secret-store.ts'
import { openDatabase } from '../../../main/db/database.ts'
import { AppFailure } from '../../../common/ipc/result.ts'
import { startSandbox, type SandboxHandle } from '../../../sandbox/index.ts'
import { InMemorySecretStore } from '../../fakes/in-memory-secret-store.ts'

let api: SandboxHandle
beforeAll(async () => {
  api = await startSandbox({
    dataDir: mkdtempSync(join(tmpdir(), 'spool-acc-api-')),
    username: 'tok-9876',
    password: 'the-secret-key',
  })
})
afterAll(async () => {
  await api?.close()
})

function service() {
  const secrets = new InMemorySecretStore()
  const home = mkdtempSync(join(tmpdir(), 'spool-acc-'))
  const db = openDatabase(':memory:')
  return { secrets, db, accounts: createAccountService({ db, secrets, env: {}, home }) }
}

async function code(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (caught) {
    return caught instanceof AppFailure ? caught.appError.code : 'not-an-app-failure'
  }
  return 'no-failure'
}

describe('account service (in-memory keychain, sandbox as the API)', () => {
  test('first run: only the built-in sandbox, selected', () => {
    const { accounts } = service()
    expect(accounts.list()).toEqual([
      expect.objectContaining({ name: 'sandbox', builtIn: true, selected: true }),
    ])
  })

  test('add verifies before saving; the secret goes to the keychain only', async () => {
    const { accounts, secrets, db } = service()
    const added = await accounts.add({
      name: 'prod',
      apiUrl: api.apiUrl,
      tokenId: 'tok-9876',
      secretKey: 'the-secret-key',
    })
    expect(added).toMatchObject({ name: 'prod', tokenIdHint: '••••9876', selected: false })
    expect(secrets.values.get(secretKeys.accountSecret('prod'))).toBe('the-secret-key')
    expect(JSON.stringify(db.prepare('SELECT * FROM accounts').all())).not.toContain('the-secret-key')
    expect((await accounts.test('prod')).mediaCount).toBe(0)
    expect(accounts.select('prod').selected).toBe(true)
    const dest = await accounts.destination()
    expect(dest.account.name).toBe('prod')
    await dest.close()
  })

  test('a wrong secret: 401 AppFailure, nothing saved', async () => {
    const { accounts, secrets } = service()
    const c = await code(() =>
      accounts.add({ name: 'prod', apiUrl: api.apiUrl, tokenId: 'tok-9876', secretKey: 'wrong' }),
    )
    expect(c).toBe('auth/invalid-credentials')
    expect(secrets.values.size).toBe(0)
    expect(accounts.list().map((a) => a.name)).toEqual(['sandbox'])
  })

  test('a locked keychain: nothing saved in the database either', async () => {
    const { accounts, secrets } = service()
    secrets.unavailable = true
    await expect(
      accounts.add({ name: 'prod', apiUrl: api.apiUrl, tokenId: 'tok-9876', secretKey: 'the-secret-key' }),
    ).rejects.toThrow()
    expect(accounts.list().map((a) => a.name)).toEqual(['sandbox'])
  })

  test('invalid input, reserved names, duplicates, built-in removal are refused', async () => {
    const { accounts } = service()
    expect(
      await code(() => accounts.add({ name: 'sandbox', apiUrl: api.apiUrl, tokenId: 'a', secretKey: 'b' })),
    ).toBe('input/invalid')
    expect(
      await code(() => accounts.add({ name: 'bad name!', apiUrl: api.apiUrl, tokenId: 'a', secretKey: 'b' })),
    ).toBe('input/invalid')
    expect(
      await code(() => accounts.add({ name: 'x', apiUrl: 'ftp://nope', tokenId: 'a', secretKey: 'b' })),
    ).toBe('input/invalid')
    await accounts.add({ name: 'prod', apiUrl: api.apiUrl, tokenId: 'tok-9876', secretKey: 'the-secret-key' })
    expect(
      await code(() =>
        accounts.add({ name: 'prod', apiUrl: api.apiUrl, tokenId: 'tok-9876', secretKey: 'the-secret-key' }),
      ),
    ).toBe('input/invalid')
    expect(await code(() => accounts.remove('sandbox'))).toBe('input/invalid')
    expect(await code(() => accounts.remove('ghost'))).toBe('auth/no-account')
  })

  test('remove deletes the keychain entries and falls back to the sandbox selection', async () => {
    const { accounts, secrets } = service()
    await accounts.add({ name: 'prod', apiUrl: api.apiUrl, tokenId: 'tok-9876', secretKey: 'the-secret-key' })
    accounts.select('prod')
    await accounts.remove('prod')
    expect(secrets.values.size).toBe(0)
    expect(accounts.list()).toEqual([expect.objectContaining({ name: 'sandbox', selected: true })])
  })

  test('destination rule: --account, else FASTPIX_* env, else the sandbox', async () => {
    const { db, secrets } = service()
    const home = mkdtempSync(join(tmpdir(), 'spool-acc-'))
    const { resolveDestination } = await import('../../../main/accounts/destination.ts')
    const env = {
      FASTPIX_API_URL: api.apiUrl,
      FASTPIX_USERNAME: 'tok-9876',
      FASTPIX_PASSWORD: 'the-secret-key',
    }
    const fromEnv = await resolveDestination({ env, home, secrets, db })
    expect(fromEnv.account).toMatchObject({ name: 'env', apiUrl: api.apiUrl })
    expect((await fromEnv.provider.library.listMedia(1, 1)).totalRecords).toBe(0)
    const sandbox = await resolveDestination({ env: {}, home, secrets, db })
    expect(sandbox.account).toMatchObject({ name: 'sandbox', builtIn: true })
    await sandbox.close()
    // Once the embedded sandbox has its port, the built-in account lists real API and stream URLs
    // (the media preview needs the stream URL), even while the sandbox is not running.
    const listed = createAccountService({ db, secrets, env: {}, home }).list()[0]!
    expect(listed.apiUrl).toBe(sandbox.account.apiUrl)
    expect(listed.streamUrl).toBe(sandbox.account.apiUrl.replace(/\/v1$/, '/stream'))
    expect(await code(() => resolveDestination({ env: { FASTPIX_USERNAME: 'x' }, home, secrets, db }))).toBe(
      'auth/no-account',
    )
    // Naming an account that does not exist is a wrong argument (issue 13 §5: exit 2 in the CLI).
    expect(await code(() => resolveDestination({ accountName: 'ghost', env, home, secrets, db }))).toBe(
      'input/invalid',
    )
  })
})
