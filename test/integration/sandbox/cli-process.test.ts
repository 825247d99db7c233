import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnSandbox } from '../../helpers/sandbox-process.ts'
import { bytes, gcsHashes, Q } from './harness.ts'

// `spool sandbox` as a real child process: one JSON line, stderr logs, clean exits, persistence across restarts.
describe('spool sandbox (child process)', () => {
  const dirs: string[] = []
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-sandbox-cli-'))
    dirs.push(dir)
    return dir
  }
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('prints exactly one JSON line with the four keys, is ready in < 2 s and exits 0 on SIGTERM', async () => {
    const p = await spawnSandbox(['--port', '0', '--data', tempDir()])
    console.log(`spool sandbox ready in ${p.readyMs.toFixed(0)} ms`)
    expect(p.readyMs).toBeLessThan(2000)
    expect(Object.keys(p.info).sort()).toEqual(['apiUrl', 'password', 'streamUrl', 'username'])
    expect(p.info.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    expect(p.info.streamUrl).toBe(p.info.apiUrl.replace(/\/v1$/, '/stream'))
    const r = await fetch(`${p.info.apiUrl}/on-demand`, { headers: { authorization: p.authorization } })
    expect(r.status).toBe(200)
    expect(await p.stop('SIGTERM')).toBe(0)
    expect(p.stdout().trim().split('\n')).toHaveLength(1)
    expect(p.stderr()).toMatch(/listening/)
  })

  it('exits 0 on SIGINT', async () => {
    const p = await spawnSandbox(['--data', tempDir()])
    expect(await p.stop('SIGINT')).toBe(0)
  })

  it('keeps random credentials per data folder; SPOOL_SANDBOX_USERNAME/PASSWORD override them', async () => {
    const dir = tempDir()
    const a = await spawnSandbox(['--data', dir])
    await a.stop()
    const b = await spawnSandbox(['--data', dir])
    await b.stop()
    expect(b.info.username).toBe(a.info.username)
    expect(b.info.password).toBe(a.info.password)
    const other = await spawnSandbox(['--data', tempDir()])
    await other.stop()
    expect(other.info.password).not.toBe(a.info.password)
    const env = await spawnSandbox(['--data', dir], {
      env: { SPOOL_SANDBOX_USERNAME: 'u1', SPOOL_SANDBOX_PASSWORD: 'p1' },
    })
    await env.stop()
    expect([env.info.username, env.info.password]).toEqual(['u1', 'p1'])
  })

  it('uses $SPOOL_HOME/sandbox by default and rejects bad flags with a usage error', async () => {
    const home = tempDir()
    const p = await spawnSandbox([], { env: { SPOOL_HOME: home } })
    await p.stop()
    const { existsSync } = await import('node:fs')
    expect(existsSync(join(home, 'sandbox', 'credentials.json'))).toBe(true)
    await expect(spawnSandbox(['--faults', 'nonsense=1', '--data', tempDir()])).rejects.toThrow(
      /exited with 2/,
    )
  })

  it('finishes a half-done upload after a restart on the same port and data folder', async () => {
    const dir = tempDir()
    const data = bytes(Q * 3, 31)
    const first = await spawnSandbox(['--data', dir])
    const created = await fetch(`${first.info.apiUrl}/on-demand/upload`, {
      method: 'POST',
      headers: { authorization: first.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ corsOrigin: '*', pushMediaSettings: { accessPolicy: 'public' } }),
    })
    const { uploadId, url } = ((await created.json()) as { data: { uploadId: string; url: string } }).data
    const r1 = await fetch(url, {
      method: 'PUT',
      headers: { 'content-range': `bytes 0-${Q * 2 - 1}/${data.length}` },
      body: data.subarray(0, Q * 2),
    })
    expect(r1.status).toBe(308)
    expect(await first.stop()).toBe(0)

    const port = new URL(first.info.apiUrl).port
    const second = await spawnSandbox(['--data', dir, '--port', port, '--ready-after', '0'])
    try {
      const q = await fetch(url, { method: 'PUT', headers: { 'content-range': `bytes */${data.length}` } })
      expect(q.status).toBe(308)
      expect(q.headers.get('range')).toBe(`bytes=0-${Q * 2 - 1}`)
      const done = await fetch(url, {
        method: 'PUT',
        headers: { 'content-range': `bytes ${Q * 2}-${data.length - 1}/${data.length}` },
        body: data.subarray(Q * 2),
      })
      expect(done.status).toBe(200)
      expect(done.headers.get('x-goog-hash')).toBe(
        `crc32c=${gcsHashes(data).crc32c},md5=${gcsHashes(data).md5}`,
      )
      const media = await fetch(`${second.info.apiUrl}/on-demand/${uploadId}`, {
        headers: { authorization: second.authorization },
      })
      expect(media.status).toBe(200)
    } finally {
      expect(await second.stop()).toBe(0)
    }
  })
})
