import { describe, expect, test } from 'vitest'
import { emptyRow, type ManifestRow } from '../../../common/domain/manifest.ts'
import { formatManifest, parseManifest } from '../../../main/manifest/csv.ts'

describe('manifest CSV', () => {
  test('written with a BOM and CRLF, read back identically: quotes, commas, line breaks, accents, unknown columns', () => {
    const rows: ManifestRow[] = [
      { ...emptyRow('a, "quoted".mp4'), title: 'Première — "deux"', description: 'line one\nline two', metadata: { k: 'v' }, extra: {} },
      { ...emptyRow('b.mp4'), tags: 'x; y', metadata: {}, extra: {} },
    ] // prettier-ignore
    const text = formatManifest(rows)
    expect(text.startsWith('\ufeffpath,destination,title,')).toBe(true)
    expect(text).toContain('\r\n')
    const back = parseManifest(text)
    expect(back.rows.map((r) => r.row)).toEqual(rows)
    expect(back.header).toEqual([
      'path', 'destination', 'title', 'description', 'tags', 'privacy', 'channel', 'language', 'captions',
      'thumbnail', 'publish_at', 'metadata.k', 'status', 'media_id', 'url', 'error',
    ]) // prettier-ignore
  })

  test('rows carry the line they start on, also after a cell with line breaks and a blank line', () => {
    const text = 'path,title\r\na.mp4,"one\r\ntwo\r\nthree"\r\n\r\nb.mp4,B\r\n'
    const table = parseManifest(text)
    expect(table.rows.map((r) => [r.line, r.row.path])).toEqual([
      [2, 'a.mp4'],
      [6, 'b.mp4'],
    ])
  })

  test("unknown columns and the user's column order survive a write-back", () => {
    const text = 'Notes,PATH,title,status\nkeep me,a.mp4,A,\n'
    const table = parseManifest(text)
    const row = table.rows[0]!.row
    expect(row.extra).toEqual({ Notes: 'keep me' })
    const written = formatManifest([{ ...row, status: 'done' }], table.header)
    const header = written.slice(1).split('\r\n')[0]!
    expect(header.startsWith('Notes,path,title,destination,')).toBe(true)
    expect(header.endsWith(',status,media_id,url,error')).toBe(true)
    expect(parseManifest(written).rows[0]!.row).toMatchObject({
      path: 'a.mp4',
      status: 'done',
      extra: { Notes: 'keep me' },
    })
  })

  test('a file without a path column, an empty file and a repeated column are refused with a reason', () => {
    expect(() => parseManifest('title\nA\n')).toThrow(/no "path" column/)
    expect(() => parseManifest('')).toThrow(/empty/)
    expect(() => parseManifest('path,title,Title\n')).toThrow(/Line 1: the column "title" appears twice/)
    expect(() => parseManifest('path\n"unclosed\n')).toThrow(/not a readable CSV/)
  })
})
