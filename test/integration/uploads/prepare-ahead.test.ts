import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import type { UploadJob } from '../../../common/domain/upload.ts'
import { remoteMedia, remoteSha256, startRig, writeMp4, type Rig } from './harness.ts'
import { until } from './cli-harness.ts'

const MiB = 1024 * 1024
let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

/**
 * Three 2 MiB files through a 1.5 MB/s sandbox at concurrency 1: each streams for about 1.4 s, a window wide
 * enough to see the next file's upload created ahead even on a loaded machine (at 4 MB/s it was sometimes missed).
 */
async function batch(): Promise<{ rig: Rig; jobs: UploadJob[]; hashes: Map<string, string> }> {
  rig = await startRig({ concurrency: 1, chunkMiB: 1, faults: 'throttle=1500000' })
  const folder = join(rig.dir, 'clips')
  mkdirSync(folder)
  const hashes = new Map<string, string>()
  for (const name of ['a.mp4', 'b.mp4', 'c.mp4'])
    hashes.set(join(folder, name), writeMp4(join(folder, name), 2 * MiB))
  await rig.service.enqueue([folder], {
    account: 'sandbox',
    settings: { accessPolicy: 'public', metadata: {} },
  })
  const jobs = [...rig.service.list()].sort((x, y) => x.path.localeCompare(y.path))
  return { rig, jobs, hashes }
}

async function expectEachUploadedOnce(r: Rig, hashes: Map<string, string>): Promise<void> {
  const jobs = r.service.list()
  expect(jobs.map((j) => [j.state, j.error])).toEqual(jobs.map(() => ['done', null]))
  for (const j of jobs) expect(await remoteSha256(r.sb, j.mediaId!)).toBe(hashes.get(j.path))
  // One remote media per file, and no upload was created beyond them.
  expect((await remoteMedia(r.sb)).length).toBe(3)
  expect(Object.keys(r.sb.stats().uploads)).toHaveLength(3)
}

test('the next file creates its upload while the current one streams, and waits for the slot to send', async () => {
  const { rig: r, hashes } = await batch()
  const state = new Map<string, string>()
  let maxMoving = 0
  r.service.onChanged((job) => {
    state.set(job.id, job.state)
    maxMoving = Math.max(maxMoving, [...state.values()].filter((s) => s === 'uploading').length)
  })
  r.service.start()
  // While one file streams, the next already holds its own upload, still 'preparing', nothing sent. The
  // queue claims two files at once and either may win the slot: whichever waits is the one ahead.
  let ahead: UploadJob | null = null
  await until(
    () => {
      const list = r.service.list()
      const waiting = list.find((j) => j.state === 'preparing' && j.uploadId !== null)
      if (waiting && list.some((j) => j.state === 'uploading')) ahead = waiting
      return ahead !== null
    },
    10_000,
    'the second upload created while the first streams',
  )
  expect(r.sb.stats().uploads[ahead!.uploadId!]?.bytesReceived ?? 0).toBe(0)
  await r.service.waitForIdle()

  expect(maxMoving).toBe(1) // concurrency 1: never two files moving bytes
  expect(r.service.get(ahead!.id)?.uploadId).toBe(ahead!.uploadId)
  await expectEachUploadedOnce(r, hashes)
})

test('pausing a file that created its upload ahead keeps that upload: resume sends to it, not to a new one', async () => {
  const { rig: r, hashes } = await batch()
  r.service.start()
  // Whichever file waits for the slot with its upload already created (the queue claims two at once, and
  // either may win the slot): pause it there.
  let ahead: UploadJob | null = null
  await until(
    () => {
      const list = r.service.list()
      ahead = list.find((j) => j.state === 'preparing' && j.uploadId !== null) ?? null
      return ahead !== null && list.some((j) => j.state === 'uploading')
    },
    10_000,
    'a file created its upload ahead while another streams',
  )
  const b = ahead!
  expect(r.service.pause({ ids: [b.id] })[0]?.state).toBe('paused')
  await until(
    () =>
      r.service
        .list()
        .filter((j) => j.id !== b.id)
        .every((j) => j.state === 'done'),
    20_000,
    'others done',
  )
  expect(r.sb.stats().uploads[b.uploadId!]?.bytesReceived ?? 0).toBe(0)
  r.service.resume({ ids: [b.id] })
  await r.service.waitForIdle()
  expect(r.service.get(b.id)?.uploadId).toBe(b.uploadId)
  await expectEachUploadedOnce(r, hashes)
})
