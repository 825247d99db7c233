import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { runMigrations } from '../../../main/db/migrate.ts'
import { MIGRATIONS } from '../../../main/db/migrations/index.ts'

const insert = (db: Database.Database, id: string, state: string, uploadId: string | null) =>
  db
    .prepare(
      `INSERT INTO upload_jobs (id, account, path, name, size, mtime_ms, ino, dev, settings, state, upload_id,
         created_at, updated_at) VALUES (?, 'work', '/a.mp4', 'a.mp4', 1, 0, '1', '1', '{}', ?, ?, 't', 't')`,
    )
    .run(id, state, uploadId)

test('0006 keeps every job and index, and accepts needs-sign-in (nothing else new)', () => {
  const db = new Database(':memory:')
  runMigrations(db, MIGRATIONS, 5)
  insert(db, 'j1', 'uploading', 'u-1')
  expect(() => insert(db, 'j2', 'needs-sign-in', null)).toThrow(/CHECK constraint/)
  runMigrations(db, MIGRATIONS, 6)
  expect(db.pragma('user_version', { simple: true })).toBe(6)
  expect(db.prepare('SELECT id, state, upload_id FROM upload_jobs').all()).toEqual([
    { id: 'j1', state: 'uploading', upload_id: 'u-1' },
  ])
  insert(db, 'j2', 'needs-sign-in', null)
  expect(() => insert(db, 'j3', 'sleeping', null)).toThrow(/CHECK constraint/)
  // The unique index on upload ids survived the rebuild.
  expect(() => insert(db, 'j4', 'queued', 'u-1')).toThrow(/UNIQUE/)
  const indexes = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'upload_jobs' AND name NOT LIKE 'sqlite_%'",
    )
    .all()
  expect(indexes.map((i) => (i as { name: string }).name).sort()).toEqual([
    'upload_jobs_fingerprint',
    'upload_jobs_state',
    'upload_jobs_upload_id',
  ])
})
