import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { runMigrations } from '../../../main/db/migrate.ts'
import { MIGRATIONS } from '../../../main/db/migrations/index.ts'

describe('migration 0003 library cache', () => {
  test('migrates from 2 with seeded accounts intact, then holds one row per (account, id)', () => {
    const db = new Database(':memory:')
    runMigrations(db, MIGRATIONS, 2)
    db.prepare(
      "INSERT INTO accounts VALUES ('prod', 'fastpix', 'https://api.fastpix.com/v1', 'https://stream.fastpix.com', NULL, '2026-01-01')",
    ).run()
    runMigrations(db, MIGRATIONS, 3)
    expect(db.pragma('user_version', { simple: true })).toBe(3)
    expect(db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 1 })

    const insert = db.prepare(
      "INSERT INTO library_media VALUES (?, ?, 'T', 'Ready', 10.0, '2026-01-01', 't m1', '{}', '2026-01-02')",
    )
    insert.run('prod', 'm1')
    insert.run('sandbox', 'm1')
    expect(() => insert.run('prod', 'm1')).toThrow(/UNIQUE/)
    db.prepare("INSERT INTO library_sync VALUES ('prod', '2026-01-02', 1)").run()
    expect(db.prepare('SELECT count(*) AS n FROM library_media').get()).toEqual({ n: 2 })
    expect(() => db.prepare("INSERT INTO library_sync VALUES ('x', '2026', X'01')").run()).toThrow()
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'library_media'")
      .all()
    expect(indexes.length).toBeGreaterThanOrEqual(3)
  })
})
