import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { runMigrations } from '../../../main/db/migrate.ts'
import { MIGRATIONS } from '../../../main/db/migrations/index.ts'

describe('migration 0002 accounts + settings', () => {
  test('migrates from 1, keeps earlier rows, creates STRICT tables that refuse bad rows', () => {
    const db = new Database(':memory:')
    runMigrations(db, MIGRATIONS, 1)
    const before = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()
    runMigrations(db, MIGRATIONS, 2)
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    const after = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()
    expect(after).toEqual(expect.arrayContaining([...before, { name: 'accounts' }, { name: 'settings' }]))

    db.prepare(
      "INSERT INTO accounts VALUES ('prod', 'fastpix', 'https://api.fastpix.com/v1', 'https://stream.fastpix.com', '••••abcd', '2026-01-01T00:00:00Z')",
    ).run()
    db.prepare("INSERT INTO settings VALUES ('selected_account', '\"prod\"')").run()
    expect(db.prepare('SELECT name, token_id_hint FROM accounts').all()).toEqual([
      { name: 'prod', token_id_hint: '••••abcd' },
    ])
    // STRICT + CHECK: a wrong type or an unknown provider kind is refused.
    expect(() =>
      db.prepare("INSERT INTO accounts VALUES ('x', 'peertube', 'u', 's', NULL, '2026')").run(),
    ).toThrow()
    expect(() => db.prepare("INSERT INTO settings VALUES ('k', X'00')").run()).toThrow(/cannot store BLOB/)
  })
})
