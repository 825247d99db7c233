import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { remoteSha256, startRig, writeMp4, type Rig } from './harness.ts'

const MiB = 1024 * 1024

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

async function uploadOne(size: number, chunkMiB: number | null, faults = '') {
  rig = await startRig({ chunkMiB, ...(faults ? { faults } : {}) })
  const path = join(rig.dir, 'long take.mp4')
  const sha = writeMp4(path, size)
  await rig.service.enqueue([path], {
    account: 'sandbox',
    settings: { accessPolicy: 'public', metadata: {} },
  })
  rig.service.start()
  await rig.service.waitForIdle()
  rig.sb.setFaults('')
  const [job] = rig.service.list()
  expect(job?.error ?? null).toBeNull()
  expect(job?.state).toBe('done')
  expect(await remoteSha256(rig.sb, job!.mediaId!)).toBe(sha)
  return rig.sb.stats().uploads[job!.uploadId!]!
}

describe('automatic chunk sizing', () => {
  test('chunks grow on a fast link: 16 + 96 MiB for a 112 MiB file (2 requests, not 7)', async () => {
    const stats = await uploadOne(112 * MiB, null)
    // 2 whenever the first 16 MiB take under 7.5 s (about 0.1 s here): the next chunk is then at least
    // ×2 and holds the rest. A pinned 16 MiB needs 7 (next test).
    expect(stats.putCount).toBe(2)
    expect(stats.bytesReceived).toBe(112 * MiB)
  })

  test('chunks grow on a WAN link too: at 16 MB/s and 40 ms, 16 + 96 MiB (a 1-second chunk grows ×14)', async () => {
    // Each chunk pays a round trip and the server's commit; chunks keep growing until one lasts 15 s, so a
    // 100 Mbit/s link is not held at 2-second chunks (5–10 % of it lost between chunks).
    const stats = await uploadOne(112 * MiB, null, `latency=40,throttle=${16 * 1000 * 1000}`)
    expect(stats.putCount).toBe(2)
  })

  test('a pinned size stays put: 112 MiB in 16 MiB chunks is 7 requests', async () => {
    const stats = await uploadOne(112 * MiB, 16)
    expect(stats.putCount).toBe(7)
  })

  test('under injected failures the file still arrives whole and byte-identical', async () => {
    const stats = await uploadOne(112 * MiB, null, 'error=0.3,partial=0.2,seed=3')
    expect(stats.faultsInjected.error + stats.faultsInjected.partial).toBeGreaterThan(0)
    expect(stats.bytesPersisted).toBe(112 * MiB)
  })
})
