import { readSpoolMetadata } from '../../../common/domain/spool-metadata.ts'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { remoteMedia, remoteSha256, startRig, writeMp4, type Rig } from './harness.ts'

const MiB = 1024 * 1024
const SIZES = [0.3, 0.5, 1, 1.7, 2, 2.5, 3, 4, 5, 6].map((m) => Math.round(m * MiB))

/** Ten files of mixed sizes under a folder with a subfolder; returns path → sha256. */
function batch(dir: string): Map<string, string> {
  const root = join(dir, 'footage')
  mkdirSync(join(root, 'day 2'), { recursive: true })
  const out = new Map<string, string>()
  SIZES.forEach((size, i) => {
    const path = join(root, i % 2 ? 'day 2' : '', `clip-${i}.mp4`)
    out.set(path, writeMp4(path, size))
  })
  return out
}

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

const CASES = [
  '',
  'error=0.2',
  'reset=0.05',
  'partial=0.1',
  'stall=0.02',
  'api-error=0.1',
  'throttle=20000000',
  'error=0.2,reset=0.05,partial=0.1,stall=0.02',
]

describe('a batch of 10 files under sandbox faults', () => {
  for (const spec of CASES) {
    test(`faults "${spec || 'none'}": all complete and byte-identical`, async () => {
      rig = await startRig({ faults: spec ? `${spec},seed=7` : '', chunkMiB: 0.5, idleTimeoutMs: 1_500 })
      const files = batch(rig.dir)
      const report = await rig.service.enqueue([join(rig.dir, 'footage')], {
        account: 'sandbox',
        settings: { accessPolicy: 'public', metadata: { project: 'faults' } },
      })
      expect(report.added).toHaveLength(10)
      rig.service.start()
      await rig.service.waitForIdle()
      rig.sb.setFaults('') // the checks below use the API too
      const jobs = rig.service.list()
      for (const job of jobs) {
        expect(job.error, `${job.name}: ${JSON.stringify(job.error)}`).toBeNull()
        expect(job.state).toBe('done')
        expect(job.bytesAcked).toBe(job.size)
        expect(await remoteSha256(rig.sb, job.mediaId!)).toBe(files.get(job.path))
      }
      const media = await remoteMedia(rig.sb)
      expect(media).toHaveLength(10)
      expect(new Set(media.map((m) => readSpoolMetadata(m.metadata).clientId))).toEqual(
        new Set(jobs.map((j) => j.id)),
      )
      // The dropped folder's own name is kept, nested folders below it.
      const folders = media.map((m) => readSpoolMetadata(m.metadata).folder)
      expect(folders.filter((f) => f === 'footage/day 2')).toHaveLength(5)
      expect(folders.filter((f) => f === 'footage')).toHaveLength(5)
    })
  }
})
