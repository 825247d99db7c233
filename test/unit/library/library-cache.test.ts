import { describe, expect, test } from 'vitest'
import { asMediaId } from '../../../common/domain/ids.ts'
import type { Media } from '../../../common/domain/media.ts'
import { openDatabase } from '../../../main/db/database.ts'
import { encodeSpoolMetadata } from '../../../common/domain/spool-metadata.ts'
import {
  cacheInfo,
  cachedFolders,
  queryCache,
  replaceCache,
  upsertCached,
} from '../../../main/library/library-cache.ts'

const media = (
  id: string,
  title: string | null,
  duration: number | null,
  createdAt: string,
  meta = {},
): Media => ({
  id: asMediaId(id),
  title,
  status: 'Ready',
  rawStatus: 'Ready',
  durationSeconds: duration,
  createdAt,
  updatedAt: null,
  thumbnailUrl: null,
  playbackIds: [],
  metadata: meta,
  creatorId: null,
  isAudioOnly: false,
  maxResolution: null,
  sourceResolution: null,
  aspectRatio: null,
  mediaQuality: null,
  sourceAccess: false,
  mp4Support: { option: 'none', renditions: [] },
  tracks: [],
  generatedSubtitles: [],
})

const items = [
  media('a', 'Harbour at dawn', 30, '2026-01-01T00:00:00Z', { camera: 'A7' }),
  media('b', null, null, '2026-01-02T00:00:00Z'),
  media('c', 'city timelapse', 120, '2026-01-03T00:00:00Z'),
]
const q = { sort: 'created-desc' as const, offset: 0, limit: 10 }

describe('library cache', () => {
  test('filters by the folder in Spool metadata (one key or the earlier two) and lists the folders', () => {
    const db = openDatabase(':memory:')
    const spool = (folder: string) => ({
      spool: encodeSpoolMetadata({ clientId: 'c1', folder, fingerprint: 'h' }),
    })
    replaceCache(
      db,
      'acc',
      [
        media('a', 'one', 1, '2026-01-01T00:00:00Z', spool('day 1/a&b')),
        media('b', 'two', 1, '2026-01-02T00:00:00Z', spool('day 1')),
        media('c', 'three', 1, '2026-01-03T00:00:00Z', { spoolFolder: 'day 1', spoolClientId: 'x' }),
        media('d', 'four', 1, '2026-01-04T00:00:00Z', { note: 'f=day 1' }),
      ],
      'now',
    )
    const ids = (folder: string) => queryCache(db, 'acc', { ...q, folder }).items.map((m) => m.id)
    expect(ids('day 1')).toEqual(['c', 'b'])
    expect(ids('day 1/a&b')).toEqual(['a'])
    expect(ids('day')).toEqual([])
    expect(cachedFolders(db, 'acc')).toEqual(['day 1', 'day 1/a&b'])
  })

  test('sorts: newest first, titles A→Z with untitled last, longest first with unknown last', () => {
    const db = openDatabase(':memory:')
    replaceCache(db, 'acc', items, 'now')
    expect(queryCache(db, 'acc', q).items.map((m) => m.id)).toEqual(['c', 'b', 'a'])
    expect(queryCache(db, 'acc', { ...q, sort: 'title-asc' }).items.map((m) => m.id)).toEqual(['c', 'a', 'b'])
    expect(queryCache(db, 'acc', { ...q, sort: 'duration-desc' }).items.map((m) => m.id)).toEqual([
      'c',
      'a',
      'b',
    ])
    expect(queryCache(db, 'acc', { ...q, sort: 'created-asc', offset: 1, limit: 1 })).toMatchObject({
      total: 3,
      items: [expect.objectContaining({ id: 'b' })],
    })
  })

  test('search is case-insensitive, over title, id and metadata values, every word must match', () => {
    const db = openDatabase(':memory:')
    replaceCache(db, 'acc', items, 'now')
    expect(queryCache(db, 'acc', { ...q, search: 'HARBOUR' }).total).toBe(1)
    expect(queryCache(db, 'acc', { ...q, search: 'a7' }).items[0]?.id).toBe('a')
    expect(queryCache(db, 'acc', { ...q, search: 'harbour a7' }).total).toBe(1)
    expect(queryCache(db, 'acc', { ...q, search: 'harbour city' }).total).toBe(0)
    expect(queryCache(db, 'acc', { ...q, status: 'Failed' }).total).toBe(0)
  })

  test('replace is per account and deduplicated by id; upsert refreshes one item', () => {
    const db = openDatabase(':memory:')
    replaceCache(db, 'one', items, 't1')
    replaceCache(db, 'two', [items[0]!, items[0]!], 't1')
    expect(cacheInfo(db, 'two')).toEqual({ count: 1, refreshedAt: 't1' })
    replaceCache(db, 'one', [items[2]!], 't2')
    expect(cacheInfo(db, 'one')).toEqual({ count: 1, refreshedAt: 't2' })
    upsertCached(db, 'one', { ...items[2]!, title: 'renamed' }, 't3')
    expect(queryCache(db, 'one', q).items[0]?.title).toBe('renamed')
    expect(cacheInfo(db, 'none')).toEqual({ count: 0, refreshedAt: null })
  })
})
