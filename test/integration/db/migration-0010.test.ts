import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { runMigrations } from '../../../main/db/migrate.ts'
import { MIGRATIONS } from '../../../main/db/migrations/index.ts'
import { migration0010 } from '../../../main/db/migrations/0010-creates-sent.ts'

test('0010 counts every job from before it as possibly holding a lost create; new jobs start sure', () => {
  const db = new Database(':memory:')
  runMigrations(db, MIGRATIONS, 9)
  const insert = (id: string, sessions: number): void => {
    db.prepare(
      `INSERT INTO upload_jobs (id, account, path, name, size, mtime_ms, ino, dev, settings, state,
         sessions_created, created_at, updated_at)
       VALUES (?, 'work', '/a.mp4', 'a.mp4', 1, 0, '1', '1', '{}', 'queued', ?, 't', 't')`,
    ).run(id, sessions)
  }
  insert('old-fresh', 0)
  insert('old-twice', 2)
  runMigrations(db, MIGRATIONS)
  expect(MIGRATIONS[9]).toBe(migration0010)
  expect(db.pragma('user_version', { simple: true })).toBe(10)
  const counts = db.prepare('SELECT id, sessions_created, creates_sent FROM upload_jobs ORDER BY id').all()
  expect(counts).toEqual([
    { id: 'old-fresh', sessions_created: 0, creates_sent: 1 },
    { id: 'old-twice', sessions_created: 2, creates_sent: 3 },
  ])
  insert('new', 0)
  expect(db.prepare("SELECT creates_sent FROM upload_jobs WHERE id = 'new'").get()).toEqual({
    creates_sent: 0,
  })
})
