import { execFileSync } from 'node:child_process'
import { appendFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { remoteSha256, startRig, writeMp4, type Rig } from './harness.ts'
import { until } from './cli-harness.ts'

const MiB = 1024 * 1024
let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

test('bad input gets a clear per-file reason while the rest of the batch completes', async () => {
  rig = await startRig({ faults: 'throttle=3000000', chunkMiB: 0.25 })
  const root = join(rig.dir, 'drop')
  mkdirSync(join(root, 'nested'), { recursive: true })
  const good = new Map<string, string>()
  const add = (name: string, size: number): string => {
    const p = join(root, name)
    good.set(p, writeMp4(p, size))
    return p
  }
  add('plain.mp4', 300_000)
  add('Ünïcødé — 日本語 🎬.mov', 400_000)
  add(`${'long-name-'.repeat(24)}ab.mp4`.slice(0, 246) + '.mp4', 350_000) // 250 characters
  const vanishing = add('nested/deleted-after-enqueue.mp4', 500_000)
  const growing = add('nested/modified-during-upload.mp4', 6 * MiB)
  writeFileSync(join(root, 'empty.mp4'), '')
  writeFileSync(join(root, 'readme.mp4'), 'This is a text file pretending to be a video.\n')
  writeFileSync(join(root, 'notes.txt'), 'not media')
  writeFileSync(join(root, '.DS_Store'), 'mac')
  writeFileSync(join(root, 'Thumbs.db'), 'win')
  writeFileSync(join(root, '._plain.mp4'), 'apple double')
  // Unreadable: tests run as root, so chmod 000 does not stop reads. A FIFO named like a video is the
  // honest stand-in (opening it would block forever; Spool must refuse it without opening it).
  execFileSync('mkfifo', [join(root, 'pipe.mp4')])
  symlinkSync('.', join(root, 'nested', 'loop')) // directory loop
  symlinkSync('self.mp4', join(root, 'self.mp4')) // ELOOP on its own
  good.delete(vanishing)
  good.delete(growing)

  const report = await rig.service.enqueue([root], {
    account: 'sandbox',
    settings: { accessPolicy: 'public', metadata: {} },
  })
  const reasons = new Map(report.skipped.map((s) => [s.path.slice(root.length + 1), s.reason.code]))
  expect(Object.fromEntries(reasons)).toEqual({
    'empty.mp4': 'upload/empty-file',
    'readme.mp4': 'upload/not-media',
    'notes.txt': 'upload/not-media',
    'pipe.mp4': 'upload/source-unreadable',
    'nested/loop': 'upload/source-unreadable',
    'self.mp4': 'upload/source-unreadable',
  })
  expect(report.added).toHaveLength(5)
  rmSync(vanishing)

  rig.service.start()
  await until(
    () => (rig!.service.list().find((j) => j.path === growing)?.bytesAcked ?? 0) > 0,
    30_000,
    'growing upload started',
  )
  appendFileSync(growing, Buffer.alloc(1024, 1))
  await rig.service.waitForIdle()

  const byPath = new Map(rig.service.list().map((j) => [j.path, j]))
  expect(byPath.get(vanishing)?.error?.code).toBe('upload/source-missing')
  expect(byPath.get(growing)?.error?.code).toBe('upload/source-changed')
  expect(byPath.get(growing)?.error?.message).toMatch(/changed/)
  for (const [path, sha] of good) {
    const job = byPath.get(path)!
    expect(job.state, `${path}: ${JSON.stringify(job.error)}`).toBe('done')
    expect(await remoteSha256(rig.sb, job.mediaId!)).toBe(sha)
  }
  // The half-sent upload of the changed file was abandoned at the server.
  await rig.service.runCleanups()
  expect((rig.db.prepare('SELECT count(*) n FROM upload_cleanups').get() as { n: number }).n).toBe(0)

  // Enqueuing the same folder again reports duplicates instead of re-uploading.
  const again = await rig.service.enqueue([root], {
    account: 'sandbox',
    settings: { accessPolicy: 'public', metadata: {} },
  })
  // Only the modified file is new (its fingerprint changed); everything uploaded before is a duplicate.
  expect(again.added.map((j) => j.path)).toEqual([growing])
  expect(again.duplicates.map((d) => d.path).sort()).toEqual([...good.keys()].sort())
})

test('a folder of 10,000 small files is scanned, enqueued and persisted', async () => {
  rig = await startRig()
  const root = join(rig.dir, 'many')
  const head = Buffer.from('000000186674797069736f6d0000000069736f6d', 'hex')
  for (let d = 0; d < 10; d++) {
    mkdirSync(join(root, `d${d}`), { recursive: true })
    // Each file its own content: identical files would rightly be one upload and 9,999 duplicates.
    for (let i = 0; i < 1000; i++)
      writeFileSync(join(root, `d${d}`, `f${i}.mp4`), Buffer.concat([head, Buffer.from(`${d}/${i}`)]))
  }
  const started = performance.now()
  const report = await rig.service.enqueue([root], {
    account: 'sandbox',
    settings: { accessPolicy: 'public', metadata: {} },
  })
  const ms = performance.now() - started
  expect(report.added).toHaveLength(10_000)
  expect((rig.db.prepare('SELECT count(*) n FROM upload_jobs').get() as { n: number }).n).toBe(10_000)
  console.error(`10,000 files enqueued in ${Math.round(ms)} ms (bench B4 measures this properly)`)
})
