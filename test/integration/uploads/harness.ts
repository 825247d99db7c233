import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, type SandboxHandle } from '../../../sandbox/index.ts'
import { openDatabase, type WritableDb } from '../../../main/db/database.ts'
import { createApiClient } from '../../../main/http/client.ts'
import { createFastPixUploadPort } from '../../../main/providers/fastpix/upload-port.ts'
import {
  createUploadService,
  type UploadService,
  type UploadServiceDeps,
} from '../../../main/uploads/service.ts'
import { InMemorySecretStore } from '../../fakes/in-memory-secret-store.ts'
import { DEFAULT_SETTINGS, type Settings } from '../../../common/domain/settings.ts'
import type { UploadPort } from '../../../main/providers/provider.ts'

/** A temp folder removed by `cleanup()`. */
export function tempDir(prefix = 'spool-up-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** Writes a file that sniffs as MP4 (ftyp box) followed by random bytes; returns its sha256. */
export function writeMp4(path: string, size: number): string {
  const buf = randomBytes(size)
  Buffer.from([0, 0, 0, 0x18]).copy(buf, 0)
  Buffer.from('ftypisom').copy(buf, 4)
  writeFileSync(path, buf)
  return sha256(buf)
}

/** sha256 hex of a buffer. */
export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex')
}

/** sha256 of a file on disk. */
export function sha256File(path: string): string {
  return sha256(readFileSync(path))
}

/** Fetches the stored object's bytes through input-info's URL and hashes them (I1 from the server side). */
export async function remoteSha256(
  sb: Pick<SandboxHandle, 'apiUrl' | 'username' | 'password'>,
  mediaId: string,
): Promise<string> {
  const auth = 'Basic ' + Buffer.from(`${sb.username}:${sb.password}`).toString('base64')
  const info = (await (
    await fetch(`${sb.apiUrl}/on-demand/${mediaId}/input-info`, { headers: { authorization: auth } })
  ).json()) as {
    data: { configuration: { url: string } }
  }
  const res = await fetch(info.data.configuration.url, { headers: { authorization: auth } })
  return sha256(Buffer.from(await res.arrayBuffer()))
}

/** Lists every media id the sandbox holds (to count remote media per job). */
export async function remoteMedia(
  sb: Pick<SandboxHandle, 'apiUrl' | 'username' | 'password'>,
): Promise<Array<{ id: string; metadata: Record<string, string> }>> {
  const auth = 'Basic ' + Buffer.from(`${sb.username}:${sb.password}`).toString('base64')
  const out: Array<{ id: string; metadata: Record<string, string> }> = []
  for (let page = 1; page < 100; page++) {
    const body = (await (
      await fetch(`${sb.apiUrl}/on-demand?limit=50&offset=${page}`, { headers: { authorization: auth } })
    ).json()) as {
      data: Array<{ id: string; metadata: Record<string, string> }>
    }
    if (body.data.length === 0) break
    out.push(...body.data)
  }
  return out
}

/** A port talking to the sandbox. */
export function sandboxPort(
  sb: Pick<SandboxHandle, 'apiUrl' | 'username' | 'password'>,
  idleTimeoutMs = 2_000,
): UploadPort {
  const client = createApiClient({
    apiUrl: sb.apiUrl,
    credentials: () => Promise.resolve({ tokenId: sb.username, secretKey: sb.password }),
    retryLimit: 2,
  })
  return createFastPixUploadPort(client, { idleTimeoutMs })
}

/** A full in-process rig: sandbox, database, service. */
export type Rig = {
  sb: SandboxHandle
  db: WritableDb
  service: UploadService
  dir: string
  settings: Settings
  close(): Promise<void>
}

/** Starts a sandbox (optionally with faults) and a service over a fresh database. */
export async function startRig(
  options: {
    faults?: string
    /** MiB, or null for automatic sizing; 0.25 when absent (many small chunks). */
    chunkMiB?: number | null
    concurrency?: number
    idleTimeoutMs?: number
    service?: Partial<UploadServiceDeps>
  } = {},
): Promise<Rig> {
  const dir = tempDir()
  const sb = await startSandbox({
    dataDir: join(dir, 'sandbox'),
    readyAfterMs: 50,
    ...(options.faults ? { faults: options.faults } : {}),
  })
  const db = openDatabase(join(dir, 'spool.db'))
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    concurrency: options.concurrency ?? 3,
    chunkSizeMiB: options.chunkMiB === undefined ? 0.25 : options.chunkMiB,
  }
  const port = sandboxPort(sb, options.idleTimeoutMs ?? 2_000)
  const service = createUploadService({
    db,
    secrets: new InMemorySecretStore(),
    uploadPortFor: () => Promise.resolve(port),
    settings: () => settings,
    tickMs: 200,
    random: () => 0.5,
    poll: { backoff: { baseMs: 50, maxMs: 200, maxRetryAfterMs: 1000 }, budgetMs: 20_000 },
    ...options.service,
  })
  return {
    sb,
    db,
    service,
    dir,
    settings,
    async close() {
      await service.stop()
      db.close()
      await sb.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
