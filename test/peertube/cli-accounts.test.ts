import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { createKeytarSecretStore } from '../../main/accounts/keytar-secret-store.ts'
import { secretKeys } from '../../main/accounts/secret-store.ts'
import { runCli as runCliOnce } from '../integration/cli-library/run-cli.ts'
import { createTestUser, TARGET, uploadTiny, type TestUser } from './target.ts'

/** Everything the CLI printed in this file, for the secrets canary at the end. */
const printed: string[] = []
const secretsSeen = new Set<string>()
const runCli: typeof runCliOnce = async (...args) => {
  const r = await runCliOnce(...args)
  printed.push(r.stdout, r.stderr)
  return r
}
/** Remembers the account's current tokens (they change with every sign-in). */
async function noteTokens(key: string): Promise<void> {
  const raw = await createKeytarSecretStore().get(key)
  if (!raw) return
  const t = JSON.parse(raw) as { accessToken?: string; refreshToken?: string }
  for (const v of [t.accessToken, t.refreshToken]) if (v) secretsSeen.add(v)
}

// A PeerTube account from the CLI, against the target PeerTube (sandbox or real server): sign-in with the password used once,
// tokens only in the keychain, the library through the same `spool media|tracks` commands as FastPix.

let user: TestUser
let home: string
let env: NodeJS.ProcessEnv
let videoUuid = ''

const json = (stdout: string): unknown => JSON.parse(stdout) as unknown

/** Every file under `dir` (the database and its WAL included), read as text. */
function everyFileText(dir: string): string {
  let all = ''
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) all += everyFileText(path)
    else all += readFileSync(path).toString('latin1')
  }
  return all
}

beforeAll(async () => {
  user = await createTestUser()
  home = mkdtempSync(join(tmpdir(), 'spool-pt-cli-'))
  env = { SPOOL_HOME: home, PATH: process.env.PATH }
  videoUuid = await uploadTiny(user, 'Harbour at dawn')
})

describe('spool account add --provider peertube', () => {
  test('a wrong password saves nothing', async () => {
    const r = await runCli(
      [
        'account',
        'add',
        'nope',
        '--provider',
        'peertube',
        '--api-url',
        TARGET.url,
        '--username',
        user.username,
      ],
      env,
      'not-the-password\n',
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/rejected the username or password/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect((await runCli(['account', 'list', '--json'], env)).stdout).not.toContain('nope')
  })

  test('signs in with the password once; tokens go to the keychain, never to a file', async () => {
    const r = await runCli(
      [
        'account',
        'add',
        'pt',
        '--provider',
        'peertube',
        '--api-url',
        TARGET.url,
        '--username',
        user.username,
        '--json',
      ],
      env,
      `${user.password}\n`,
    )
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(json(r.stdout)).toMatchObject({ name: 'pt', kind: 'peertube', username: user.username })
    await noteTokens(secretKeys.accountPeerTubeTokens('pt'))
    const stored = await createKeytarSecretStore().get(secretKeys.accountPeerTubeTokens('pt'))
    const tokens = JSON.parse(stored ?? '{}') as { accessToken?: string; refreshToken?: string }
    expect(tokens.accessToken).toBeTruthy()
    const files = everyFileText(home)
    for (const secret of [user.password, tokens.accessToken!, tokens.refreshToken!])
      expect(files).not.toContain(secret)
  })

  test('media list, get, update, captions from a local file, delete — with the same commands', async () => {
    const list = await runCli(['media', 'list', '--all', '--account', 'pt', '--json'], env)
    expect(list.status).toBe(0)
    expect(JSON.stringify(json(list.stdout))).toContain('Harbour at dawn')

    const update = await runCli(
      ['media', 'update', videoUuid, '--title', 'Harbour, take 2', '--account', 'pt', '--json'],
      env,
    )
    expect(update.status, update.stderr).toBe(0)
    expect(json(update.stdout)).toMatchObject({ id: videoUuid, title: 'Harbour, take 2' })

    const vtt = join(home, 'fr.vtt')
    copyFileSync(join(import.meta.dirname, '../fixtures/media/tiny.vtt'), vtt)
    const add = await runCli(
      [
        'tracks',
        'add',
        videoUuid,
        '--type',
        'subtitle',
        '--file',
        vtt,
        '--language-code',
        'fr',
        '--language-name',
        'French',
        '--account',
        'pt',
        '--json',
      ],
      env,
    )
    expect(add.status, add.stderr).toBe(0)
    expect(json(add.stdout)).toMatchObject({ id: 'fr', type: 'subtitle', languageCode: 'fr' })
    const got = await runCli(['media', 'get', videoUuid, '--account', 'pt', '--json'], env)
    expect((json(got.stdout) as { tracks: { id: string }[] }).tracks.map((t) => t.id)).toEqual(['fr'])
    expect(
      (await runCli(['tracks', 'delete', videoUuid, 'fr', '--yes', '--account', 'pt'], env)).status,
    ).toBe(0)

    const summary = await runCli(['media', 'summary', videoUuid, '--account', 'pt'], env)
    expect(summary.status).toBe(1)
    expect(summary.stderr).toMatch(/PeerTube has no AI summaries/)

    expect((await runCli(['media', 'delete', videoUuid, '--yes', '--account', 'pt'], env)).status).toBe(0)
    const gone = await runCli(['media', 'get', videoUuid, '--account', 'pt'], env)
    expect(gone.status).toBe(1)
  })

  test('the PEERTUBE_* trio selects PeerTube and keeps its tokens for the next command; both trios is a usage error', async () => {
    const trio = {
      PEERTUBE_URL: TARGET.url,
      PEERTUBE_USERNAME: user.username,
      PEERTUBE_PASSWORD: user.password,
    }
    const first = await runCli(['media', 'list', '--all', '--json'], { ...env, ...trio })
    expect(first.status, first.stderr).toBe(0)
    const key = secretKeys.envPeerTubeTokens(TARGET.url, user.username)
    const saved = await createKeytarSecretStore().get(key)
    expect(saved).toBeTruthy()
    await noteTokens(key)
    // A wrong password no longer matters: the kept tokens are used, no new login.
    const second = await runCli(['media', 'list', '--all', '--json'], {
      ...env,
      ...trio,
      PEERTUBE_PASSWORD: 'wrong',
    })
    expect(second.status, second.stderr).toBe(0)
    expect(await createKeytarSecretStore().get(key)).toBe(saved)

    const both = await runCli(['media', 'list'], {
      ...env,
      ...trio,
      FASTPIX_USERNAME: 'a',
      FASTPIX_PASSWORD: 'b',
    })
    expect(both.status).toBe(2)
    expect(both.stderr).toMatch(/FASTPIX_\* and PEERTUBE_\*/)
    await createKeytarSecretStore().delete(key)
  })

  test('account update signs in again: a wrong password changes nothing, the right one replaces the tokens', async () => {
    const key = secretKeys.accountPeerTubeTokens('pt')
    const before = await createKeytarSecretStore().get(key)
    const wrong = await runCli(['account', 'update', 'pt'], env, 'not-the-password\n')
    expect(wrong.status).toBe(1)
    expect(wrong.stderr).toMatch(/rejected the username or password/)
    expect(await createKeytarSecretStore().get(key)).toBe(before)
    const right = await runCli(['account', 'update', 'pt', '--json'], env, `${user.password}\n`)
    expect(right.status, right.stderr).toBe(0)
    await noteTokens(key)
    const after = await createKeytarSecretStore().get(key)
    expect(after).not.toBe(before)
    expect((await runCli(['media', 'list', '--all', '--account', 'pt', '--json'], env)).status).toBe(0)
  })

  test('removing the account revokes its tokens and deletes them from the keychain', async () => {
    const stored = JSON.parse(
      (await createKeytarSecretStore().get(secretKeys.accountPeerTubeTokens('pt'))) ?? '{}',
    ) as {
      accessToken: string
    }
    const me = (token: string) =>
      fetch(`${TARGET.url}/api/v1/users/me`, { headers: { authorization: `Bearer ${token}` } })
    expect((await me(stored.accessToken)).status).toBe(200)
    expect((await runCli(['account', 'remove', 'pt', '--yes'], env)).status).toBe(0)
    expect(await createKeytarSecretStore().get(secretKeys.accountPeerTubeTokens('pt'))).toBeNull()
    expect((await me(stored.accessToken)).status).toBe(401)
  })

  test('secrets canary: the password and the tokens never appear in anything the CLI printed', () => {
    expect(printed.length).toBeGreaterThan(20)
    expect(secretsSeen.size).toBeGreaterThanOrEqual(4)
    const all = printed.join('\n')
    for (const secret of [user.password, ...secretsSeen]) expect(all).not.toContain(secret)
  })
})
