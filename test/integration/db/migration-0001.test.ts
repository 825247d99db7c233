import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { runMigrations } from '../../../main/db/migrate.ts'
import { MIGRATIONS } from '../../../main/db/migrations/index.ts'

test('0001 creates the upload queue tables (N-1 = empty → N)', () => {
  const db = new Database(':memory:')
  runMigrations(db, MIGRATIONS, 0)
  expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 })
  runMigrations(db, MIGRATIONS, 1)
  expect(db.pragma('user_version', { simple: true })).toBe(1)
  const cols = (db.prepare('PRAGMA table_info(upload_jobs)').all() as Array<{ name: string }>).map(
    (c) => c.name,
  )
  expect(cols).toEqual(
    expect.arrayContaining([
      'path',
      'size',
      'mtime_ms',
      'ino',
      'dev',
      'account',
      'settings',
      'relative_dir',
      'state',
      'upload_id',
      'session_enc',
      'bytes_acked',
      'attempts',
      'next_attempt_at',
      'error',
      'crc32c_local',
      'md5_local',
      'lease_owner',
      'lease_until',
    ]),
  )
  const insert =
    db.prepare(`INSERT INTO upload_jobs (id, account, path, name, size, mtime_ms, ino, dev, settings, state, created_at, updated_at)
    VALUES (?, 'sandbox', '/f.mp4', 'f.mp4', ?, 1.5, '1', '2', '{}', ?, 't', 't')`)
  insert.run('a', 10, 'queued')
  // STRICT + CHECK: wrong types and unknown states are refused.
  expect(() => insert.run('b', 'ten', 'queued')).toThrow()
  expect(() => insert.run('c', 10, 'exploded')).toThrow()
  expect(() => insert.run('d', -1, 'queued')).toThrow()
  // One remote upload belongs to at most one job.
  db.prepare("UPDATE upload_jobs SET upload_id = 'u1' WHERE id = 'a'").run()
  insert.run('e', 10, 'queued')
  expect(() => db.prepare("UPDATE upload_jobs SET upload_id = 'u1' WHERE id = 'e'").run()).toThrow()
  db.prepare(
    "INSERT INTO upload_cleanups (account, upload_id, reason, created_at) VALUES ('sandbox', 'u1', 'cancelled', 't')",
  ).run()
  expect(db.prepare('SELECT count(*) n FROM upload_cleanups').get()).toEqual({ n: 1 })
  // The later migrations still apply on top.
  runMigrations(db, MIGRATIONS)
  expect(db.prepare('SELECT count(*) n FROM upload_jobs').get()).toEqual({ n: 2 })
})
