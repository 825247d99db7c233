import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import type { MediaRecord, UploadRecord } from '../../../sandbox/model.ts'
import { Store } from '../../../sandbox/store.ts'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
const dataDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'spool-sandbox-store-'))
  dirs.push(d)
  return d
}

// Only the fields the store itself reads (ids, seq) matter; the rest is carried as-is.
const upload = (n: number, extra: Partial<UploadRecord> = {}): UploadRecord =>
  ({ uploadId: `u-${n}`, seq: n, status: 'waiting', createdAtMs: n, ...extra }) as UploadRecord
const media = (n: number, extra: Partial<MediaRecord> = {}): MediaRecord =>
  ({ id: `m-${n}`, status: 'Created', fileToken: `clip ${n}`, ...extra }) as MediaRecord

const journalSize = (dir: string): number => statSync(join(dir, 'state.log')).size

describe('sandbox store', () => {
  test('changes survive a reopen without a clean close (replayed from the journal)', () => {
    const dir = dataDir()
    const a = new Store(dir)
    a.putUpload(upload(a.nextSeq()))
    a.putMedia(media(1))
    a.putMedia(media(2))
    a.putUploadAndMedia(upload(1, { status: 'completed' }), media(1, { fileToken: 'done' }))
    a.deleteMedia('m-2')
    // No close(): as after kill -9. The journal holds the changes; the snapshot does not yet.
    expect(journalSize(dir)).toBeGreaterThan(0)
    const b = new Store(dir)
    expect(b.upload('u-1')?.status).toBe('completed')
    expect(b.media('m-1')?.fileToken).toBe('done')
    expect(b.media('m-2')).toBeUndefined()
    expect(b.nextSeq()).toBe(2) // the sequence continues after the last upload that took one
    // Opening folded the journal into the snapshot.
    expect(journalSize(dir)).toBe(0)
    expect(
      Object.keys((JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { media: object }).media),
    ).toEqual(['m-1'])
    b.close()
  })

  test('a torn last line (crash mid-append) is dropped; everything before it is kept', () => {
    const dir = dataDir()
    const a = new Store(dir)
    a.putMedia(media(1))
    a.putMedia(media(2))
    appendFileSync(join(dir, 'state.log'), '{"m":{"id":"m-3","sta')
    const b = new Store(dir)
    expect(
      b
        .allMedia()
        .map((m) => m.id)
        .sort(),
    ).toEqual(['m-1', 'm-2'])
    b.close()
  })

  test('a damaged line in the middle of the journal is an error, not silent loss', () => {
    const dir = dataDir()
    const a = new Store(dir)
    a.putMedia(media(1))
    appendFileSync(join(dir, 'state.log'), 'not json\n{"d":"m-1"}\n')
    expect(() => new Store(dir)).toThrow(/damaged at line 2/)
  })

  test('a crash between writing the snapshot and emptying the journal replays to the same state', () => {
    const dir = dataDir()
    const a = new Store(dir)
    a.putMedia(media(1))
    a.putMedia(media(1, { fileToken: 'renamed' }))
    a.putMedia(media(2))
    a.deleteMedia('m-2')
    const journal = readFileSync(join(dir, 'state.log'))
    a.close() // folds: snapshot written, journal emptied
    writeFileSync(join(dir, 'state.log'), journal) // as if the truncate never happened
    const b = new Store(dir)
    expect(b.allMedia()).toEqual([media(1, { fileToken: 'renamed' })])
    b.close()
  })

  test('a change appends one short line whatever the library size, and the journal folds as it grows', () => {
    const dir = dataDir()
    const a = new Store(dir, { foldAtBytes: 32 * 1024 })
    const sizes: number[] = []
    for (let i = 0; i < 1000; i++) {
      a.putMedia(media(i, { fileToken: `a long enough token for clip number ${i}` }))
      sizes.push(journalSize(dir))
    }
    const steps = sizes.slice(1).map((size, i) => size - sizes[i]!)
    // Every change grew the journal by one short line (~100 bytes, not a rewrite of up to 1,000 records),
    // except the few that pushed it past the threshold and folded it back to empty.
    const folds = steps.filter((d) => d < 0).length
    expect(folds).toBeGreaterThanOrEqual(1)
    expect(steps.filter((d) => d >= 0).every((d) => d > 50 && d < 150)).toBe(true)
    a.close()
    const b = new Store(dir)
    expect(b.allMedia()).toHaveLength(1000)
    expect(b.media('m-999')?.fileToken).toContain('999')
    b.close()
  })

  test('a change after close still persists (a request finishing while the sandbox stops)', () => {
    const dir = dataDir()
    const a = new Store(dir)
    a.close()
    a.putMedia(media(7))
    const b = new Store(dir)
    expect(b.media('m-7')).toBeDefined()
    b.close()
  })
})
