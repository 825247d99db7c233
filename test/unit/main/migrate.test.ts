import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { runMigrations, type Migration } from '../../../main/db/migrate.ts'

const steps: Migration[] = [
  { version: 1, name: 'a', up: (db) => db.exec('CREATE TABLE a (x INTEGER) STRICT') },
  { version: 2, name: 'b', up: (db) => db.exec('CREATE TABLE b (y INTEGER) STRICT') },
]

describe('runMigrations', () => {
  test('applies steps in order and records the version', () => {
    const db = new Database(':memory:')
    runMigrations(db, steps, 1)
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    runMigrations(db, steps)
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE name IN ('a','b')").get()).toEqual({ n: 2 })
  })

  test('a failing step rolls the whole upgrade back: version and schema stay as they were', () => {
    const db = new Database(':memory:')
    const broken: Migration[] = [
      steps[0]!,
      { version: 2, name: 'bad', up: (d) => d.exec('CREATE TABLE c (z INTEGER); SELECT * FROM nowhere') },
    ]
    expect(() => runMigrations(db, broken)).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE name IN ('a', 'c')").get()).toEqual({
      n: 0,
    })
    runMigrations(db, steps, 1) // an earlier upgrade that did finish stays when a later one fails
    expect(() => runMigrations(db, broken)).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(1)
  })

  test('every pending step commits together: another connection sees none of them until the last', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-migrate-'))
    try {
      const path = join(dir, 'spool.db')
      const db = new Database(path)
      db.pragma('journal_mode = WAL')
      const other = new Database(path)
      const seenByOther: number[] = []
      const watched: Migration[] = steps.map((m) => ({
        ...m,
        up: (d) => {
          seenByOther.push(other.pragma('user_version', { simple: true }) as number)
          m.up(d)
        },
      }))
      runMigrations(db, watched)
      expect(seenByOther).toEqual([0, 0])
      expect(other.pragma('user_version', { simple: true })).toBe(2)
      other.close()
      db.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('refuses a database from a newer Spool', () => {
    const db = new Database(':memory:')
    db.pragma('user_version = 9')
    expect(() => runMigrations(db, steps)).toThrow(/newer than this Spool/)
  })

  test('refuses gaps in the numbering', () => {
    const db = new Database(':memory:')
    expect(() => runMigrations(db, [steps[1]!])).toThrow(/expected 1/)
  })
})
