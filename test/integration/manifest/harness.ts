import { createServer, type Server } from 'node:http'
import { createReadStream, mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, normalize, sep } from 'node:path'
import type { Core } from '../../../main/core.ts'
import type { DialogPort } from '../../../main/ipc/ports.ts'
import { openDatabase } from '../../../main/db/database.ts'
import { homeLayout } from '../../../main/paths.ts'
import { startSandbox, type SandboxHandle } from '../../../sandbox/index.ts'
import { startPt, type Pt, type TestUser } from '../sandbox-peertube/harness.ts'
import { runCli } from '../cli-library/run-cli.ts'
import { callChannel, createTestCore } from '../../helpers/test-core.ts'

/** A Spool home whose database is created and migrated (the manifest table included, migration 0009). */
export function prepareHome(home: string): void {
  openDatabase(homeLayout(home).database).close()
}

/** The app's core on a prepared home under `root`, with one FastPix account "fp" on its own sandbox, started. */
export type AppOnSandbox = Readonly<{
  core: Core
  api: SandboxHandle
  call: <T>(channel: string, payload: unknown) => Promise<T>
  close(): Promise<void>
}>

export async function appOnSandbox(root: string, dialogs: Partial<DialogPort>): Promise<AppOnSandbox> {
  const api = await startSandbox({
    dataDir: mkdtempSync(join(tmpdir(), 'spool-app-fp-')),
    username: 'tok-0001',
    password: 'key-one',
  })
  const home = join(root, 'home')
  prepareHome(home)
  const core = createTestCore(home, dialogs)
  const call = <T>(channel: string, payload: unknown): Promise<T> => callChannel<T>(core, channel, payload)
  await call('accounts:add', { name: 'fp', apiUrl: api.apiUrl, tokenId: 'tok-0001', secretKey: 'key-one' })
  core.start()
  return {
    core,
    api,
    call,
    close: async () => {
      await core.dispose()
      await api.close()
    },
  }
}

/** Serves a folder over loopback HTTP (the sidecar URL base FastPix fetches tracks from); counts requests. */
export async function serveFolder(
  root: string,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    const rel = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')
    requests.push(rel)
    const path = normalize(join(root, rel))
    if (!path.startsWith(root + sep)) return void res.writeHead(403).end()
    try {
      const size = statSync(path).size
      res.writeHead(200, {
        'content-type': path.endsWith('.vtt') ? 'text/vtt' : 'application/octet-stream',
        'content-length': size,
      })
      createReadStream(path).pipe(res)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** A FastPix sandbox and a PeerTube sandbox, with a home that has an account on each ("fp", "pt"). */
export type TwoDestinations = {
  fp: SandboxHandle
  pt: Pt
  user: TestUser
  home: string
  env: NodeJS.ProcessEnv
  close(): Promise<void>
}

export async function twoDestinations(root: string): Promise<TwoDestinations> {
  const fp = await startSandbox({
    dataDir: mkdtempSync(join(tmpdir(), 'spool-manifest-fp-')),
    username: 'tok-0001',
    password: 'key-one',
  })
  const pt = await startPt()
  const user = await pt.user()
  const home = join(root, 'home')
  const env = { SPOOL_HOME: home, PATH: process.env.PATH }
  prepareHome(home)
  const a = await runCli(
    ['account', 'add', 'fp', '--api-url', fp.apiUrl, '--stream-url', fp.streamUrl],
    env,
    'tok-0001\nkey-one\n',
  )
  if (a.status !== 0) throw new Error(a.stderr)
  const b = await runCli(
    ['account', 'add', 'pt', '--provider', 'peertube', '--api-url', pt.sb.url, '--username', user.username],
    env,
    `${user.password}\n`,
  )
  if (b.status !== 0) throw new Error(b.stderr)
  return {
    fp,
    pt,
    user,
    home,
    env,
    async close() {
      await fp.close()
      await pt.close()
    },
  }
}
