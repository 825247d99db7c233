import { mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { scanPaths } from '../../../main/uploads/scanner.ts'
import { tempDir, writeMp4 } from './harness.ts'

// Issue 13 §1: a folder chosen on a camera card never reaches its siblings through a link, and a link that
// loops is reported once, however many ways the walk meets it.

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** /card/DCIM/{100CANON,101CANON}, each with two clips. */
function cameraCard(): { dcim: string; chosen: string; sibling: string } {
  dir = tempDir('spool-card-')
  const dcim = join(dir, 'card', 'DCIM')
  const chosen = join(dcim, '101CANON')
  const sibling = join(dcim, '100CANON')
  for (const folder of [chosen, sibling]) {
    mkdirSync(folder, { recursive: true })
    writeMp4(join(folder, `${folder.slice(-8, -5)}_0001.MP4`), 20_000)
    writeMp4(join(folder, `${folder.slice(-8, -5)}_0002.MP4`), 20_000)
  }
  return { dcim, chosen, sibling }
}

const relative = (root: string, paths: ReadonlyArray<string>): string[] =>
  paths.map((p) => p.slice(root.length + 1)).sort()

test('101CANON/loop -> .. uploads nothing of the sibling 100CANON: the link is skipped with a reason', async () => {
  const { dcim, chosen } = cameraCard()
  symlinkSync('..', join(chosen, 'loop'))
  symlinkSync('../100CANON/100_0001.MP4', join(chosen, 'sibling-clip.MP4'))

  const scan = await scanPaths([chosen])

  expect(
    relative(
      dcim,
      scan.files.map((f) => f.path),
    ),
  ).toEqual(['101CANON/101_0001.MP4', '101CANON/101_0002.MP4'])
  expect(scan.skipped.map((s) => [s.path.slice(dcim.length + 1), s.reason.code]).sort()).toEqual([
    ['101CANON/loop', 'input/not-chosen'],
    ['101CANON/sibling-clip.MP4', 'input/not-chosen'],
  ])
  expect(scan.skipped[0]?.reason.message).toMatch(/outside the files and folders you chose/)
})

test('choosing both folders follows a link between them without a second copy of any file', async () => {
  const { dcim, chosen, sibling } = cameraCard()
  symlinkSync('../100CANON', join(chosen, 'to-100'))

  const scan = await scanPaths([chosen, sibling])

  expect(scan.files).toHaveLength(4)
  expect(new Set(scan.files.map((f) => `${f.dev}:${f.ino}`)).size).toBe(4)
  expect(
    relative(
      dcim,
      scan.skipped.map((s) => s.path),
    ),
  ).toEqual([])
})

test('a loop inside the chosen folder is reported once, however many ways lead into it', async () => {
  const { dcim, chosen } = cameraCard()
  mkdirSync(join(chosen, 'a'))
  mkdirSync(join(chosen, 'b'))
  writeMp4(join(chosen, 'a', 'A.MP4'), 20_000)
  writeMp4(join(chosen, 'b', 'B.MP4'), 20_000)
  // a/to-b and b/to-a lead into folders that are scanned anyway; up -> .. leads back to the chosen folder.
  symlinkSync('../b', join(chosen, 'a', 'to-b'))
  symlinkSync('../a', join(chosen, 'b', 'to-a'))
  symlinkSync('..', join(chosen, 'a', 'up'))

  // The inner folder is also chosen on its own: its loop is still named once.
  const scan = await scanPaths([chosen, join(chosen, 'a')])

  // Files are named by their own folders, never by a link's path.
  expect(
    relative(
      dcim,
      scan.files.map((f) => f.path),
    ),
  ).toEqual(['101CANON/101_0001.MP4', '101CANON/101_0002.MP4', '101CANON/a/A.MP4', '101CANON/b/B.MP4'])
  expect(scan.skipped.map((s) => [s.path.slice(dcim.length + 1), s.reason.message])).toEqual([
    ['101CANON/a/up', 'A symbolic link loops back to a parent folder.'],
  ])
})
