import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { rowsFromScan } from '../../../main/manifest/rows-from-scan.ts'
import { sidecarFor } from '../../../main/manifest/sidecars.ts'
import { renderTitle, templateValues, unknownPlaceholders } from '../../../main/manifest/title-template.ts'
import { shootFolder } from './folder.ts'

describe('sidecar names', () => {
  test.each([
    ['clip.srt', { kind: 'caption', language: 'fr' }],
    ['clip.vtt', { kind: 'caption', language: 'fr' }],
    ['clip.en.srt', { kind: 'caption', language: 'en' }],
    ['clip.pt-BR.vtt', { kind: 'caption', language: 'pt-BR' }],
    ['clip.jpg', { kind: 'thumbnail' }],
    ['clip.webp', { kind: 'thumbnail' }],
    ['clip.PNG', { kind: 'thumbnail' }],
    ['clip.final.srt', null],
    ['clipper.srt', null],
    ['clip.en.jpg', null],
    ['clip.txt', null],
  ])('%s beside clip.mp4', (name, expected) => {
    expect(sidecarFor('clip.mp4', name, 'fr')).toEqual(expected)
  })
})

describe('title templates', () => {
  test('name, folder, date and a zero-padded index', () => {
    const values = templateValues(
      { name: 'take 3.mov', folder: 'Shoot', mtimeMs: Date.UTC(2026, 0, 2) },
      7,
      120,
    )
    expect(renderTitle('{folder} – {name} ({date}) #{index}', values)).toBe(
      'Shoot – take 3 (2026-01-02) #007',
    )
    expect(unknownPlaceholders('{folder} {nmae}')).toEqual(['nmae'])
  })
})

describe('rows from a scan', () => {
  test('one row per video with its captions and poster; unpaired sidecars and other files reported', async () => {
    const root = mkdtempSync(join(tmpdir(), 'spool-manifest-'))
    const dir = join(root, 'Shoot')
    shootFolder(dir, 3)
    const scanned = await rowsFromScan(
      [dir],
      ['a', 'b'],
      { title: '{folder}: {name}', privacy: 'unlisted', language: 'de' },
      root,
    )
    expect(scanned.rows.map((r) => [r.path, r.destination, r.title, r.privacy, r.captions, r.thumbnail])).toEqual([
      ['Shoot/clip-1.mp4', 'a; b', 'Shoot: clip-1', 'unlisted', 'en=clip-1.en.vtt; pt-BR=clip-1.pt-BR.srt', ''],
      ['Shoot/clip-2.mp4', 'a; b', 'Shoot: clip-2', 'unlisted', 'de=clip-2.vtt', 'clip-2.png'],
      ['Shoot/clip-3.mp4', 'a; b', 'Shoot: clip-3', 'unlisted', '', ''],
    ]) // prettier-ignore
    expect(scanned.unpairedSidecars.map((s) => s.path)).toEqual([join(dir, 'orphan.en.vtt')])
    expect(scanned.skipped.map((s) => s.path)).toEqual([join(dir, 'notes.txt')])
  })
})
