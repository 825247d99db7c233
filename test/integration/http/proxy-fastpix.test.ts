import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { paddedMp4 } from '../../peertube/media-files.ts'
import { startConnectProxy, type ConnectProxy } from '../../peertube/tls-front.ts'
import { spawnCli } from '../cli-library/run-cli.ts'

// FastPix traffic honours the environment's proxy too (issue 12 §1): the CLI, as its own process with
// HTTP_PROXY set, uploads to the built-in sandbox (FastPix API and the resumable session) through a CONNECT
// proxy on loopback; NO_PROXY naming the host sends the same upload directly.

let proxy: ConnectProxy

beforeAll(async () => {
  proxy = await startConnectProxy()
})
afterAll(async () => {
  await proxy?.close()
})

async function upload(extra: NodeJS.ProcessEnv): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'spool-fastpix-proxy-'))
  const file = paddedMp4(join(home, 'clips', 'through-the-proxy.mp4'), 600_000)
  const env: NodeJS.ProcessEnv = { ...process.env, SPOOL_HOME: home, HTTP_PROXY: proxy.url, ...extra }
  for (const name of ['FASTPIX_USERNAME', 'FASTPIX_PASSWORD', 'PEERTUBE_URL', 'NO_PROXY', 'no_proxy'])
    if (!(name in extra)) delete env[name]
  const run = await spawnCli(['upload', file, '--account', 'sandbox', '--json'], env)
  expect(run.status, run.stderr + run.stdout).toBe(0)
  expect(run.stdout).toContain('"done"')
}

test('HTTP_PROXY: the API calls and the file bytes go through the proxy', async () => {
  const tunnels = proxy.tunnels()
  const bytes = proxy.bytesUp()
  await upload({})
  expect(proxy.tunnels()).toBeGreaterThan(tunnels)
  expect(proxy.bytesUp() - bytes).toBeGreaterThan(600_000)
}, 120_000)

test('NO_PROXY naming the host: the upload goes directly', async () => {
  const tunnels = proxy.tunnels()
  await upload({ NO_PROXY: '127.0.0.1' })
  expect(proxy.tunnels()).toBe(tunnels)
}, 120_000)
