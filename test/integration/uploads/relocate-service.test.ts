import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { remoteSha256, startRig, writeMp4, type Rig } from './harness.ts'

// Issue 13 §1, the app's "Find…": no old place is given; every unfinished job whose file is gone is looked
// for in the folder the user picks, by content, and continues from there.

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

const settings = { accessPolicy: 'public', metadata: {} } as const

test('relocate without an old place: moved files are found by content, others left alone', async () => {
  rig = await startRig()
  const card = join(rig.dir, 'CARD')
  mkdirSync(join(card, '100CANON'), { recursive: true })
  const hashes = new Map([
    ['A.MP4', writeMp4(join(card, '100CANON', 'A.MP4'), 300_000)],
    ['B.MP4', writeMp4(join(card, '100CANON', 'B.MP4'), 310_000)],
    ['C.MP4', writeMp4(join(card, '100CANON', 'C.MP4'), 320_000)],
  ])
  const stays = join(rig.dir, 'stays.mp4')
  writeMp4(stays, 200_000)
  await rig.service.enqueue([card, stays], { account: 'sandbox', settings })

  // Mounted again elsewhere, and one clip deleted from the card meanwhile.
  const remounted = join(rig.dir, 'media', 'CARD')
  mkdirSync(join(rig.dir, 'media'))
  renameSync(card, remounted)
  rmSync(join(remounted, '100CANON', 'C.MP4'))

  const report = await rig.service.relocate(null, join(rig.dir, 'media'))
  expect(report.moved.map((m) => [m.from.slice(rig!.dir.length), m.to.slice(rig!.dir.length)])).toEqual([
    ['/CARD/100CANON/A.MP4', '/media/CARD/100CANON/A.MP4'],
    ['/CARD/100CANON/B.MP4', '/media/CARD/100CANON/B.MP4'],
  ])
  expect(report.notFound.map((n) => n.path)).toEqual([join(card, '100CANON', 'C.MP4')])

  rig.service.start()
  await rig.service.waitForIdle()
  const byName = new Map(rig.service.list().map((j) => [j.name, j]))
  expect(byName.get('stays.mp4')?.path).toBe(stays)
  for (const name of ['A.MP4', 'B.MP4']) {
    const job = byName.get(name)!
    expect(job.state).toBe('done')
    expect(await remoteSha256(rig.sb, job.mediaId!)).toBe(hashes.get(name))
  }
  expect(byName.get('C.MP4')?.error?.code).toBe('upload/source-missing')
})
