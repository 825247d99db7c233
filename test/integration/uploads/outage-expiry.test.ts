import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { sandboxStats, spawnSandbox, type SandboxProcess } from '../../helpers/sandbox-process.ts'
import { openDatabase } from '../../../main/db/database.ts'
import { createUploadService } from '../../../main/uploads/service.ts'
import { DEFAULT_SETTINGS } from '../../../common/domain/settings.ts'
import { InMemorySecretStore } from '../../fakes/in-memory-secret-store.ts'
import { remoteMedia, remoteSha256, sandboxPort, startRig, tempDir, writeMp4, type Rig } from './harness.ts'
import { until } from './cli-harness.ts'

const MiB = 1024 * 1024
let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

test('sandbox down for 10 s mid-batch: jobs wait for the network, then finish alone', async () => {
  const dir = tempDir('spool-outage-')
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  const data = join(dir, 'sandbox')
  let sb: SandboxProcess = await spawnSandbox([
    '--data',
    data,
    '--ready-after',
    '50',
    '--faults',
    'throttle=4000000',
  ])
  cleanup.push(async () => void (await sb.stop()))
  const port = new URL(sb.info.apiUrl).port
  const folder = join(dir, 'f')
  mkdirSync(folder)
  const hashes = new Map<string, string>()
  for (let i = 0; i < 5; i++)
    hashes.set(join(folder, `o${i}.mp4`), writeMp4(join(folder, `o${i}.mp4`), 4 * MiB))
  const db = openDatabase(join(dir, 'spool.db'))
  const service = createUploadService({
    db,
    secrets: new InMemorySecretStore(),
    uploadPortFor: () => Promise.resolve(sandboxPort(sb.info, 2_000)),
    settings: () => ({ ...DEFAULT_SETTINGS, chunkSizeMiB: 0.5 }),
    tickMs: 200,
    poll: { backoff: { baseMs: 50, maxMs: 200, maxRetryAfterMs: 1000 }, budgetMs: 20_000 },
  })
  cleanup.push(async () => {
    await service.stop()
    db.close()
  })
  const seen = new Set<string>()
  service.onChanged((j) => seen.add(j.state))
  await service.enqueue([folder], { account: 'sandbox', settings: { accessPolicy: 'public', metadata: {} } })
  service.start()
  await until(async () => (await sandboxStats(sb.info)).totals.bytesPersisted > 3 * MiB, 30_000, 'progress')
  await sb.stop('SIGKILL')
  await until(
    () => service.list().some((j) => j.state === 'waiting-for-network'),
    20_000,
    'waiting-for-network',
  )
  await new Promise((r) => setTimeout(r, 10_000))
  expect(service.list().every((j) => j.state !== 'failed')).toBe(true)
  sb = await spawnSandbox(['--port', port, '--data', data, '--ready-after', '50'])
  await service.waitForIdle()
  expect(seen.has('waiting-for-network')).toBe(true)
  for (const job of service.list()) {
    expect(job.state, JSON.stringify(job.error)).toBe('done')
    expect(job.error).toBeNull() // finished: no stale network/offline error (issue 13 point 5)
    expect(await remoteSha256(sb.info, job.mediaId!)).toBe(hashes.get(job.path))
  }
  expect(await remoteMedia(sb.info)).toHaveLength(5)
})

test('an expired session (session-ttl) gets a new upload and the old one is cancelled', async () => {
  const rig: Rig = await startRig({
    faults: 'session-ttl=1,throttle=1500000',
    chunkMiB: 0.25,
    concurrency: 2,
  })
  cleanup.push(() => rig.close())
  const folder = join(rig.dir, 'f')
  mkdirSync(folder)
  const hashes = new Map<string, string>()
  for (let i = 0; i < 2; i++)
    hashes.set(join(folder, `e${i}.mp4`), writeMp4(join(folder, `e${i}.mp4`), 3 * MiB))
  await rig.service.enqueue([folder], {
    account: 'sandbox',
    settings: { accessPolicy: 'private', metadata: {} },
  })
  rig.service.start()
  // The first sessions live 1 s; sessions created after this point do not expire.
  await until(() => rig.service.list().every((j) => j.uploadId !== null), 10_000, 'sessions')
  const first = rig.service.list().map((j) => j.uploadId!)
  rig.sb.setFaults('throttle=1500000')
  await rig.service.waitForIdle()
  await rig.service.runCleanups()
  const jobs = rig.service.list()
  for (const job of jobs) {
    expect(job.state, JSON.stringify(job.error)).toBe('done')
    expect(first).not.toContain(job.uploadId) // a new upload replaced the expired one
    expect(await remoteSha256(rig.sb, job.mediaId!)).toBe(hashes.get(job.path))
  }
  expect(await remoteMedia(rig.sb)).toHaveLength(2)
  const auth = 'Basic ' + Buffer.from(`${rig.sb.username}:${rig.sb.password}`).toString('base64')
  const waiting = (await (
    await fetch(`${rig.sb.apiUrl}/on-demand/uploads?limit=50&offset=1`, { headers: { authorization: auth } })
  ).json()) as { data: Array<{ uploadId: string }> }
  for (const old of first) expect(waiting.data.map((u) => u.uploadId)).not.toContain(old)
  expect((rig.db.prepare('SELECT count(*) n FROM upload_cleanups').get() as { n: number }).n).toBe(0)
})
