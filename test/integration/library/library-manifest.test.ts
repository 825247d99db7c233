import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { asAccountName, asMediaId } from '../../../common/domain/ids.ts'
import { encodeSpoolMetadata } from '../../../common/domain/spool-metadata.ts'
import type { AppFailure } from '../../../common/ipc/result.ts'
import { openDatabase } from '../../../main/db/database.ts'
import { upsertCached } from '../../../main/library/library-cache.ts'
import { libraryManifest, saveLibraryManifest } from '../../../main/library/library-manifest.ts'
import { parseManifest } from '../../../main/manifest/csv.ts'
import { fakeMedia } from '../../fakes/fake-api.ts'

// Selected library media saved as a manifest (issue 16 §3): written by the manifest's own writer, read back
// by its own reader, with the file each media came from on this computer where the uploads recorded it.

const fastpix = asAccountName('studio')
const tube = asAccountName('tube')
const now = '2026-11-30T12:00:00.000Z'

function seeded() {
  const db = openDatabase(':memory:')
  upsertCached(
    db,
    fastpix,
    fakeMedia(1, {
      title: 'Harbour, "dawn"\nsecond line',
      metadata: { project: 'alpha', spool: encodeSpoolMetadata({ clientId: 'c', folder: 'day1' }) },
      playbackIds: [{ id: 'p1', accessPolicy: 'private' }],
    }),
    now,
  )
  upsertCached(db, fastpix, fakeMedia(2, { title: 'Not from here' }), now)
  upsertCached(
    db,
    tube,
    fakeMedia(3, {
      title: 'Market',
      metadata: {
        privacy: 'Unlisted',
        channel: 'harbour',
        tags: 'boats, sea',
        language: 'pt',
        watchUrl: 'x',
      },
    }),
    now,
  )
  const record = db.prepare(
    `INSERT INTO content_fingerprints
     (job_id, account, fingerprint, path, mtime_ms, title, state, media_id, recorded_at, updated_at)
     VALUES (?, ?, 'f', ?, 0, 't', 'done', ?, ?, ?)`,
  )
  record.run('j1', fastpix, '/footage/day1/harbour.mp4', 'media-1', now, now)
  record.run('j3', tube, '/footage/market.mov', 'media-3', now, now)
  return db
}

describe('library media as manifest rows', () => {
  test('FastPix: the local file, title, privacy and the user’s metadata (not Spool’s own key)', async () => {
    const db = seeded()
    const manifest = libraryManifest(db, fastpix, 'fastpix', [asMediaId('media-1'), asMediaId('media-2')])
    expect(manifest.withoutFile).toBe(1)
    const file = join(mkdtempSync(join(tmpdir(), 'spool-lib-manifest-')), 'chosen.csv')
    const saved = await saveLibraryManifest(manifest, (name) => {
      expect(name).toBe('library.csv')
      return Promise.resolve(file)
    })
    expect(saved).toEqual({ name: 'chosen.csv', rows: 2, withoutFile: 1 })
    const table = parseManifest(readFileSync(file, 'utf8'))
    expect(table.rows[0]?.row).toMatchObject({
      path: '/footage/day1/harbour.mp4',
      title: 'Harbour, "dawn"\nsecond line',
      privacy: 'private',
      metadata: { project: 'alpha' },
      extra: { source_account: 'studio', source_media_id: 'media-1' },
      media_id: '',
      status: '',
    })
    expect(table.rows[0]?.row.metadata).not.toHaveProperty('spool')
    expect(table.rows[1]?.row).toMatchObject({ path: '', title: 'Not from here' })
  })

  test('PeerTube: privacy word, channel, tags and language in their columns', () => {
    const db = seeded()
    const [row] = libraryManifest(db, tube, 'peertube', [asMediaId('media-3')]).rows
    expect(row).toMatchObject({
      path: '/footage/market.mov',
      privacy: 'unlisted',
      channel: 'harbour',
      tags: 'boats; sea',
      language: 'pt',
      metadata: {},
    })
  })

  test('a media not in this account’s library is refused by id; a cancelled dialog writes nothing', async () => {
    const db = seeded()
    let refused: unknown
    try {
      libraryManifest(db, tube, 'peertube', [asMediaId('media-1')])
    } catch (caught) {
      refused = caught
    }
    expect((refused as AppFailure).appError.code).toBe('api/not-found')
    const manifest = libraryManifest(db, fastpix, 'fastpix', [asMediaId('media-1')])
    expect(await saveLibraryManifest(manifest, () => Promise.resolve(null))).toBeNull()
  })
})
