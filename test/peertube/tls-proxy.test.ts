import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PassThrough } from 'node:stream'
import { main } from '../../main/cli/main.ts'
import { runCli } from '../integration/cli-library/run-cli.ts'
import { paddedMp4 } from './media-files.ts'
import { asUser, createTestUser, MP4, TARGET, type TestUser } from './target.ts'
import {
  makeSelfSignedCertificate,
  startConnectProxy,
  startTlsFront,
  type ConnectProxy,
  type TestCertificate,
  type TlsFront,
} from './tls-front.ts'

// A self-hosted instance with its own (self-signed) certificate, reached through a company proxy
// (issue 12 §1): the certificate is shown and trusted by its fingerprint, never by turning checks off;
// API calls and upload chunks go through the HTTPS_PROXY tunnel unless NO_PROXY names the host.

let user: TestUser
let home: string
let front: TlsFront
let proxy: ConnectProxy
let certA: TestCertificate
let certB: TestCertificate
let base: NodeJS.ProcessEnv
let viaProxy: NodeJS.ProcessEnv

const add = (args: string[], env: NodeJS.ProcessEnv) =>
  runCli(
    [
      'account',
      'add',
      ...args,
      '--provider',
      'peertube',
      '--api-url',
      front.url,
      '--username',
      user.username,
    ],
    env,
    `${user.password}\n`,
  )

/** `spool account add NAME` on a scripted terminal: it types the password, then `answer` to the question. */
async function addOnTerminal(name: string, answer: string): Promise<{ status: number; shown: string }> {
  const answers: Array<[RegExp, string]> = [
    [/Password: $/, `${user.password}\n`],
    [/\[y\/N\] $/, `${answer}\n`],
  ]
  const stdin = Object.assign(new PassThrough(), { isTTY: true })
  const stderr = new PassThrough()
  let shown = ''
  stderr.on('data', (c: Buffer) => {
    shown += c.toString()
    const next = answers[0]
    if (next && next[0].test(shown)) {
      answers.shift()
      setImmediate(() => stdin.write(next[1]))
    }
  })
  const args = ['account', 'add', name, '--provider', 'peertube', '--api-url', front.url]
  const status = await main([...args, '--username', user.username], {
    env: base,
    stdin,
    stdout: new PassThrough(),
    stderr,
    interrupted: new Promise(() => {}),
  })
  return { status, shown }
}

beforeAll(async () => {
  certA = makeSelfSignedCertificate('peertube.spool.test')
  certB = makeSelfSignedCertificate('peertube.spool.test')
  user = await createTestUser()
  front = await startTlsFront(TARGET.url, certA)
  proxy = await startConnectProxy()
  home = mkdtempSync(join(tmpdir(), 'spool-pt-tls-'))
  base = { SPOOL_HOME: home, PATH: process.env.PATH }
  viaProxy = { ...base, HTTPS_PROXY: proxy.url }
})

afterAll(async () => {
  // The last test leaves the instance on its second certificate.
  await front?.close()
  await proxy?.close()
})

describe(`a self-signed PeerTube behind a proxy (${TARGET.kind})`, () => {
  test('an untrusted certificate is shown (subject, SHA-256) and nothing is saved without confirmation', async () => {
    const r = await add(['tube'], base)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('CN=peertube.spool.test')
    expect(r.stderr).toContain(certA.fingerprint)
    expect(r.stderr).toContain(`--trust-fingerprint ${certA.fingerprint}`)
    expect(r.stderr).not.toContain('    at ') // no stack trace
    const list = JSON.parse((await runCli(['account', 'list', '--json'], base)).stdout) as { name: string }[]
    expect(list.map((a) => a.name)).not.toContain('tube')
    // A script asking for JSON gets the typed failure, the fingerprint as its detail.
    const json = await add(['tube', '--json'], base)
    expect(json.status).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'auth/untrusted-certificate', detail: certA.fingerprint },
    })
  })

  test('on a terminal, the certificate is shown and trusted only when the user answers y', async () => {
    const refused = await addOnTerminal('never', 'n')
    expect(refused.status).not.toBe(0)
    expect(refused.shown).toContain(certA.fingerprint)
    const trusted = await addOnTerminal('term', 'y')
    expect(trusted.status, trusted.shown).toBe(0)
    expect(trusted.shown).toContain('Trust this certificate (and only this one) for account "term"?')
    const list = JSON.parse((await runCli(['account', 'list', '--json'], base)).stdout) as {
      name: string
      certificateFingerprint?: string
    }[]
    expect(list.find((a) => a.name === 'term')?.certificateFingerprint).toBe(certA.fingerprint)
    expect(list.map((a) => a.name)).not.toContain('never')
  })

  test('a fingerprint that is not the presented certificate is refused, naming both', async () => {
    const r = await add(['tube', '--trust-fingerprint', certB.fingerprint], base)
    expect(r.status).not.toBe(0)
    expect(r.stderr).toContain(certA.fingerprint)
    expect(r.stderr).toContain(certB.fingerprint)
  })

  test('the confirmed fingerprint is pinned, and the sign-in goes through the HTTPS_PROXY tunnel', async () => {
    const before = proxy.tunnels()
    const r = await add(['tube', '--trust-fingerprint', certA.fingerprint.toLowerCase(), '--json'], viaProxy)
    expect(r.status, r.stderr).toBe(0)
    const added = JSON.parse(r.stdout) as { certificateFingerprint?: string; username?: string }
    expect(added.certificateFingerprint).toBe(certA.fingerprint)
    expect(added.username).toBe(user.username)
    // One tunnel to read the certificate before trusting it, at least one more for the sign-in's API calls.
    expect(proxy.tunnels()).toBeGreaterThanOrEqual(before + 2)
  })

  test('an upload goes through the pinned connection and the proxy, chunks included', async () => {
    const dir = join(home, 'card')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'through-the-tunnel.mp4')
    copyFileSync(MP4, file)
    const tunnelsBefore = proxy.tunnels()
    const bytesBefore = proxy.bytesUp()
    const r = await runCli(['upload', file, '--account', 'tube', '--json'], viaProxy)
    expect(r.status, r.stderr + r.stdout).toBe(0)
    expect(proxy.tunnels()).toBeGreaterThan(tunnelsBefore)
    // TLS adds a little to every byte; the file's bytes alone must have crossed the tunnel.
    expect(proxy.bytesUp() - bytesBefore).toBeGreaterThan(8374)
    const { library } = await asUser(user)
    const mine = await library.listMyVideos({ start: 0, count: 10 })
    expect(mine.raw.map((v) => v.name)).toContain('through-the-tunnel')
  })

  test('NO_PROXY names the host: the same account connects directly', async () => {
    const before = proxy.tunnels()
    const r = await runCli(['account', 'test', 'tube'], { ...viaProxy, NO_PROXY: 'localhost,127.0.0.1' })
    expect(r.status, r.stderr).toBe(0)
    expect(proxy.tunnels()).toBe(before)
  })

  test('a changed certificate is refused with a clear error naming both fingerprints', async () => {
    front.use(certB)
    try {
      const r = await runCli(['account', 'test', 'tube'], base)
      expect(r.status).toBe(1)
      expect(r.stderr).toContain(`presents ${certB.fingerprint}`)
      expect(r.stderr).toContain(`trusts ${certA.fingerprint}`)
      expect(r.stderr).not.toContain('    at ')
    } finally {
      front.use(certA)
    }
    const again = await runCli(['account', 'test', 'tube'], base)
    expect(again.status, again.stderr).toBe(0)
  })

  test('an upload meeting a changed certificate waits for sign-in; trusting the new one finishes it', async () => {
    front.use(certB)
    const file = paddedMp4(join(home, 'card', 'after-renewal.mp4'), 20_000) // not the same bytes as before
    await runCli(['upload', file, '--account', 'tube', '--json'], base)
    type Job = { path: string; state: string; error: { message: string } | null }
    const jobs = () => runCli(['queue', 'list', '--json'], base).then((r) => JSON.parse(r.stdout) as Job[])
    const parked = (await jobs()).find((j) => j.path === file)
    expect(parked?.state).toBe('needs-sign-in')
    expect(parked?.error?.message).toContain(certB.fingerprint)

    const update = await runCli(
      ['account', 'update', 'tube', '--trust-fingerprint', certB.fingerprint, '--json'],
      base,
      `${user.password}\n`,
    )
    expect(update.status, update.stderr).toBe(0)
    expect(JSON.parse(update.stdout)).toMatchObject({
      certificateFingerprint: certB.fingerprint,
      requeued: 1,
    })
    const run = await runCli(['queue', 'run', '--json'], base)
    expect(run.status, run.stderr + run.stdout).toBe(0)
    expect((await jobs()).find((j) => j.path === file)?.state).toBe('done')
  })
})
