import { z } from 'zod'
import {
  MEDIA_STATUSES,
  type LibraryQuery,
  type LibrarySort,
  type Media,
  type Page,
} from '../../common/domain/media.ts'
import { readSpoolMetadata, SPOOL_METADATA_KEY } from '../../common/domain/spool-metadata.ts'
import { fail } from '../../common/ipc/result.ts'
import type { ReadableDb, WritableDb } from '../db/database.ts'

/** When an account's cache was last filled by paging everything. */
export type CacheInfo = Readonly<{ count: number; refreshedAt: string | null }>

const ORDER: Record<LibrarySort, string> = {
  'created-desc': 'created_at DESC, id DESC',
  'created-asc': 'created_at ASC, id ASC',
  'title-asc': "coalesce(title, '') = '' ASC, title COLLATE NOCASE ASC, created_at DESC",
  // SQLite sorts NULL lowest, so DESC puts unknown durations last and the index can serve the order.
  'duration-desc': 'duration_seconds DESC, created_at DESC',
}

/** The text a search matches: title, id and metadata values, lower-cased. */
export function searchText(media: Media): string {
  return [media.title ?? '', media.id, ...Object.values(media.metadata)].join('\n').toLowerCase()
}

/** Validates a LibraryQuery at the boundary. */
export const LibraryQuerySchema = z.object({
  search: z.string().max(500).optional(),
  status: z.enum([...MEDIA_STATUSES, 'unknown']).optional(),
  folder: z.string().max(1000).optional(),
  sort: z.enum(['created-desc', 'created-asc', 'title-asc', 'duration-desc']),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000),
})

const row = (account: string, media: Media, now: string) => ({
  account,
  id: media.id,
  title: media.title,
  status: media.status,
  duration: media.durationSeconds,
  createdAt: media.createdAt,
  search: searchText(media),
  json: JSON.stringify(media),
  now,
})

const INSERT = `INSERT INTO library_media
  (account, id, title, status, duration_seconds, created_at, search_text, json, cached_at)
  VALUES (@account, @id, @title, @status, @duration, @createdAt, @search, @json, @now)
  ON CONFLICT(account, id) DO UPDATE SET title = excluded.title, status = excluded.status,
    duration_seconds = excluded.duration_seconds, created_at = excluded.created_at,
    search_text = excluded.search_text, json = excluded.json, cached_at = excluded.cached_at`

/** Replaces an account's whole cache in one transaction (a reader never sees half a refresh). */
export function replaceCache(
  db: WritableDb,
  account: string,
  items: ReadonlyArray<Media>,
  now: string,
): void {
  const insert = db.prepare(INSERT)
  db.transaction(() => {
    db.prepare('DELETE FROM library_media WHERE account = ?').run(account)
    for (const media of items) insert.run(row(account, media, now))
    db.prepare(
      `INSERT INTO library_sync (account, refreshed_at, total) VALUES (?, ?, ?)
       ON CONFLICT(account) DO UPDATE SET refreshed_at = excluded.refreshed_at, total = excluded.total`,
    ).run(account, now, items.length)
  })()
}

/** Inserts or refreshes one cached item. */
export function upsertCached(db: WritableDb, account: string, media: Media, now: string): void {
  db.prepare(INSERT).run(row(account, media, now))
}

/** Drops one cached item. */
export function removeCached(db: WritableDb, account: string, id: string): void {
  db.prepare('DELETE FROM library_media WHERE account = ? AND id = ?').run(account, id)
}

/** The cached media ids of the account that start with `prefix` (at most `limit`), for short ids. */
export function idsWithPrefix(db: ReadableDb, account: string, prefix: string, limit = 10): string[] {
  const rows = db
    .prepare('SELECT id FROM library_media WHERE account = ? AND substr(id, 1, ?) = ? ORDER BY id LIMIT ?')
    .all(account, prefix.length, prefix, limit) as { id: string }[]
  return rows.map((r) => r.id)
}

/** One cached item, or null. */
export function getCached(db: ReadableDb, account: string, id: string): Media | null {
  const r = db.prepare('SELECT json FROM library_media WHERE account = ? AND id = ?').get(account, id) as
    { json: string } | undefined
  return r ? (JSON.parse(r.json) as Media) : null
}

/** Every cached item of the account (the duplicate check compares new files with all of them). */
export function allCached(db: ReadableDb, account: string): Media[] {
  const rows = db.prepare('SELECT json FROM library_media WHERE account = ?').all(account) as {
    json: string
  }[]
  return rows.map((r) => JSON.parse(r.json) as Media)
}

/** How many items are cached for the account and when it was last filled. */
export function cacheInfo(db: ReadableDb, account: string): CacheInfo {
  const count = (
    db.prepare('SELECT count(*) AS n FROM library_media WHERE account = ?').get(account) as { n: number }
  ).n
  const sync = db.prepare('SELECT refreshed_at FROM library_sync WHERE account = ?').get(account) as
    { refreshed_at: string } | undefined
  return { count, refreshedAt: sync?.refreshed_at ?? null }
}

/** Searches and pages the cache; never touches the network. */
export function queryCache(db: ReadableDb, account: string, query: LibraryQuery): Page<Media> {
  const parsed = LibraryQuerySchema.safeParse(query)
  if (!parsed.success)
    fail('input/invalid', `Invalid library query: ${parsed.error.issues[0]?.message ?? ''}`)
  const q = parsed.data
  const where = ['account = @account']
  const params: Record<string, string | number> = { account, limit: q.limit, offset: q.offset }
  if (q.status) {
    where.push('status = @status')
    params.status = q.status
  }
  if (q.folder !== undefined) {
    // The folder sits in Spool's one metadata key as `f=<encoded>` between `&`s (spool-metadata.ts), or in
    // the key earlier versions wrote.
    where.push(
      `(instr('&' || coalesce(json_extract(json, '$.metadata.${SPOOL_METADATA_KEY}'), '') || '&', @folderPair) > 0
        OR json_extract(json, '$.metadata.spoolFolder') = @folder)`,
    )
    params.folderPair = `&f=${encodeURIComponent(q.folder)}&`
    params.folder = q.folder
  }
  const terms = (q.search ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)
  terms.forEach((term, i) => {
    where.push(`instr(search_text, @t${i}) > 0`)
    params[`t${i}`] = term
  })
  const clause = where.join(' AND ')
  const total = (
    db.prepare(`SELECT count(*) AS n FROM library_media WHERE ${clause}`).get(params) as { n: number }
  ).n
  // Sort narrow rows (rowids) first, then read the JSON of the one page only.
  const ids = db
    .prepare(
      `SELECT rowid FROM library_media WHERE ${clause} ORDER BY ${ORDER[q.sort]} LIMIT @limit OFFSET @offset`,
    )
    .pluck()
    .all(params) as number[]
  const byRowid = new Map<number, string>()
  if (ids.length > 0) {
    const rows = db
      .prepare(`SELECT rowid AS r, json FROM library_media WHERE rowid IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as { r: number; json: string }[]
    for (const r of rows) byRowid.set(r.r, r.json)
  }
  const items = ids.flatMap((id) => {
    const json = byRowid.get(id)
    return json ? [JSON.parse(json) as Media] : []
  })
  return { items, total, offset: q.offset, limit: q.limit }
}

/** The folders (from Spool's metadata) the account's cached media came from, sorted, for the folder filter. */
export function cachedFolders(db: ReadableDb, account: string): string[] {
  const rows = db
    .prepare(
      `SELECT json_extract(json, '$.metadata') AS m FROM library_media
       WHERE account = ? AND json_extract(json, '$.metadata') IS NOT NULL`,
    )
    .pluck()
    .all(account) as string[]
  const folders = new Set<string>()
  for (const m of rows) {
    const folder = readSpoolMetadata(JSON.parse(m) as Record<string, string>).folder
    if (folder) folders.add(folder)
  }
  return [...folders].sort((a, b) => a.localeCompare(b))
}
