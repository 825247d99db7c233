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

  test('a failing step rolls back and leaves the version unchanged', () => {
    const db = new Database(':memory:')
    const broken: Migration[] = [
      steps[0]!,
      { version: 2, name: 'bad', up: (d) => d.exec('CREATE TABLE c (z INTEGER); SELECT * FROM nowhere') },
    ]
    expect(() => runMigrations(db, broken)).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'c'").get()).toEqual({ n: 0 })
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
