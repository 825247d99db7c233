import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { runMigrations } from '../../../main/db/migrate.ts'
import { MIGRATIONS } from '../../../main/db/migrations/index.ts'

test("0008: a job's fingerprint row follows its state, media id and CRC32C, and outlives the job", () => {
  const db = new Database(':memory:')
  runMigrations(db, MIGRATIONS, 8)
  expect(db.pragma('user_version', { simple: true })).toBe(8)
  db.prepare(
    `INSERT INTO upload_jobs (id, account, path, name, size, mtime_ms, ino, dev, settings, state,
       created_at, updated_at) VALUES ('j1', 'work', '/a.mp4', 'a.mp4', 1, 0, '1', '1', '{}', 'queued', 't', 't')`,
  ).run()
  db.prepare(
    `INSERT INTO content_fingerprints (job_id, account, fingerprint, path, mtime_ms, title, state, recorded_at,
       updated_at) VALUES ('j1', 'work', '1.1.00', '/a.mp4', 0, 'a', 'queued', 't', 't')`,
  ).run()
  db.prepare(
    `UPDATE upload_jobs SET state = 'done', media_id = 'm-1', crc32c_local = 'AAAAAA==', updated_at = 't2'
       WHERE id = 'j1'`,
  ).run()
  db.prepare("DELETE FROM upload_jobs WHERE id = 'j1'").run()
  expect(db.prepare('SELECT state, media_id, crc32c, updated_at FROM content_fingerprints').all()).toEqual([
    { state: 'done', media_id: 'm-1', crc32c: 'AAAAAA==', updated_at: 't2' },
  ])
})
