import { createReadStream, mkdtempSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MediaId } from '../../../common/domain/ids.ts'
import type { Media } from '../../../common/domain/media.ts'
import { openDatabase, type WritableDb } from '../../../main/db/database.ts'
import { createFastPixProvider } from '../../../main/providers/fastpix/fastpix-provider.ts'
import type { Provider } from '../../../main/providers/provider.ts'
import { startSandbox, type SandboxHandle } from '../../../sandbox/index.ts'

export const MEDIA_DIR = join(import.meta.dirname, '../../fixtures/media')

/** Serves test/fixtures/media on loopback (the sandbox pulls create-from-URL media only from loopback). */
export async function startFileServer(): Promise<{ url: (name: string) => string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0] ?? '')
    const path = join(MEDIA_DIR, name.replace(/[/\\]/g, ''))
    try {
      const size = statSync(path).size
      res.writeHead(200, { 'content-length': size })
      createReadStream(path).pipe(res)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

export type Harness = Readonly<{
  sandbox: SandboxHandle
  provider: Provider
  db: WritableDb
  files: Awaited<ReturnType<typeof startFileServer>>
  dir: string
  close(): Promise<void>
}>

/** A fresh sandbox (fast lifecycle), a provider on it, an in-memory database and the file server. */
export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'spool-lib-'))
  const sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), readyAfterMs: 50 })
  const files = await startFileServer()
  const provider = createFastPixProvider({
    apiUrl: sandbox.apiUrl,
    credentials: () => Promise.resolve({ tokenId: sandbox.username, secretKey: sandbox.password }),
    sandbox: true,
  })
  const db = openDatabase(':memory:')
  return {
    sandbox,
    provider,
    db,
    files,
    dir,
    close: async () => {
      db.close()
      await files.close()
      await sandbox.close()
    },
  }
}

/** Polls GET media until it is Ready (or Failed), at most `ms`. */
export async function waitReady(provider: Provider, id: MediaId, ms = 20_000): Promise<Media> {
  const until = Date.now() + ms
  for (;;) {
    const media = await provider.library.getMedia(id)
    if (media.status === 'Ready' || media.status === 'Failed' || Date.now() > until) return media
    await new Promise((r) => setTimeout(r, 50))
  }
}
