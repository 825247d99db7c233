import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnSandbox } from '../../helpers/sandbox-process.ts'

type PeerTubeLine = {
  url: string
  version: string
  username: string
  password: string
  oauthClient: { client_id: string; client_secret: string }
}

describe('spool sandbox --provider peertube (child process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-pt-cli-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints one JSON line like peertube-server.sh, serves the API, keeps the root password, exits 0', async () => {
    const p = await spawnSandbox(['--provider', 'peertube', '--data', dir, '--no-transcoding'])
    const info = p.info as unknown as PeerTubeLine
    expect(Object.keys(info).sort()).toEqual(['oauthClient', 'password', 'url', 'username', 'version'])
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect([info.version, info.username]).toEqual(['6.3.2', 'root'])
    const token = await fetch(`${info.url}/api/v1/users/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...info.oauthClient,
        grant_type: 'password',
        username: 'root',
        password: info.password,
      }),
    })
    expect(token.status).toBe(200)
    const config = (await (await fetch(`${info.url}/api/v1/config`)).json()) as {
      video: { file: { extensions: string[] } }
    }
    expect(config.video.file.extensions).toEqual(['.webm', '.ogv', '.mp4'])
    expect(await p.stop('SIGTERM')).toBe(0)
    expect(p.stdout().trim().split('\n')).toHaveLength(1)
    const again = await spawnSandbox(['--provider', 'peertube', '--data', dir])
    expect((again.info as unknown as PeerTubeLine).password).toBe(info.password)
    expect(await again.stop('SIGINT')).toBe(0)
  })
})
