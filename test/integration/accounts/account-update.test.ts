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

// Issue 14 §4: key rotation and account editing, verified before anything is replaced.

const dataDir = mkdtempSync(join(tmpdir(), 'spool-upd-api-'))
const credentials = { username: 'tok-1234', password: 'secret-one' }
let api: SandboxHandle
beforeAll(async () => {
  api = await startSandbox({ dataDir, ...credentials })
})
afterAll(async () => {
  await api?.close()
})

async function failure(run: () => Promise<unknown>): Promise<AppFailure> {
  try {
    await run()
  } catch (caught) {
    if (caught instanceof AppFailure) return caught
    throw caught
  }
  throw new Error('expected a failure')
}

async function withAccount() {
  const secrets = new InMemorySecretStore()
  const db = openDatabase(':memory:')
  const accounts = createAccountService({
    db,
    secrets,
    env: {},
    home: mkdtempSync(join(tmpdir(), 'spool-upd-')),
  })
  await accounts.add({
    name: 'work',
    apiUrl: api.apiUrl,
    tokenId: credentials.username,
    secretKey: credentials.password,
  })
  return { secrets, accounts }
}

describe('spool account update (service); the last test leaves a sandbox with another key', () => {
  test('a wrong key pair is refused and replaces nothing', async () => {
    const { accounts, secrets } = await withAccount()
    const refused = await failure(() => accounts.update('work', { tokenId: 'tok-9999', secretKey: 'wrong' }))
    expect(refused.appError.code).toBe('auth/invalid-credentials')
    expect(await secrets.get(secretKeys.accountSecret('work'))).toBe(credentials.password)
    expect((await accounts.test('work')).mediaCount).toBe(0)
  })

  test('only one half of a key pair is a usage error', async () => {
    const { accounts } = await withAccount()
    expect((await failure(() => accounts.update('work', { secretKey: 'x' }))).appError.code).toBe(
      'input/invalid',
    )
  })

  test('the server moved to a new address: a new URL with the kept key is verified, then saved', async () => {
    const { accounts } = await withAccount()
    await api.close()
    const bad = await failure(() => accounts.update('work', { apiUrl: 'http://127.0.0.1:9/v1' }))
    expect(bad.appError.code).toMatch(/^network\//)
    api = await startSandbox({ dataDir, ...credentials })
    const updated = await accounts.update('work', { apiUrl: api.apiUrl })
    expect(updated.apiUrl).toBe(api.apiUrl)
    expect((await accounts.test('work')).account.apiUrl).toBe(api.apiUrl)
  })

  test('the built-in sandbox and unknown accounts are refused with the reason', async () => {
    const { accounts } = await withAccount()
    expect((await failure(() => accounts.update('sandbox', {}))).appError.code).toBe('input/invalid')
    expect((await failure(() => accounts.update('nobody', {}))).appError.code).toBe('auth/no-account')
  })

  test('a rotated key replaces the old one once it works', async () => {
    const { accounts, secrets } = await withAccount()
    await api.close()
    api = await startSandbox({
      dataDir: mkdtempSync(join(tmpdir(), 'spool-upd-api2-')),
      username: 'tok-5678',
      password: 'secret-two',
    })
    // The old key no longer works here; the new pair (and URL) is proven first.
    const updated = await accounts.update('work', {
      apiUrl: api.apiUrl,
      tokenId: 'tok-5678',
      secretKey: 'secret-two',
    })
    expect(updated.tokenIdHint).toMatch(/5678$/)
    expect(await secrets.get(secretKeys.accountSecret('work'))).toBe('secret-two')
    expect((await accounts.test('work')).mediaCount).toBe(0)
  })
})
