import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { runMigrations } from '../../../main/db/migrate.ts'
import { MIGRATIONS } from '../../../main/db/migrations/index.ts'

test('0004 gives cleanup rows an action: existing rows become cancels, unknown actions are refused', () => {
  const db = new Database(':memory:')
  runMigrations(db, MIGRATIONS, 3)
  db.prepare(
    "INSERT INTO upload_cleanups (account, upload_id, session_enc, reason, created_at) VALUES ('sandbox', 'u-1', NULL, 'cancelled', 't')",
  ).run()
  runMigrations(db, MIGRATIONS, 4)
  expect(db.pragma('user_version', { simple: true })).toBe(4)
  expect(db.prepare('SELECT upload_id, action FROM upload_cleanups').all()).toEqual([
    { upload_id: 'u-1', action: 'cancel' },
  ])
  db.prepare(
    "INSERT INTO upload_cleanups (account, upload_id, reason, created_at, action) VALUES ('sandbox', 'u-2', 'upload/integrity-mismatch', 't', 'delete-media')",
  ).run()
  expect(() =>
    db
      .prepare(
        "INSERT INTO upload_cleanups (account, upload_id, reason, created_at, action) VALUES ('sandbox', 'u-3', 'x', 't', 'explode')",
      )
      .run(),
  ).toThrow(/CHECK constraint/)
})
