import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { fail } from '../../common/ipc/result.ts'
import { runMigrations } from './migrate.ts'
import { MIGRATIONS } from './migrations/index.ts'

/**
 * Brands make the intent of a connection visible in signatures (ARCHITECTURE.md §8.11): read-only code takes a
 * ReadableDb, writers take a WritableDb. There is one writer connection per process.
 */
export type WritableDb = Database.Database & { readonly __writable: true }
export type ReadableDb = Database.Database | WritableDb

/**
 * Opens (creating if needed) Spool's database with the pragmas the queue relies on: WAL, synchronous=FULL
 * set explicitly on every open (better-sqlite3 defaults WAL to NORMAL after a reopen), foreign keys and a
 * busy timeout so the CLI and the app can share the file. Then migrates to the newest schema.
 */
export function openDatabase(path: string): WritableDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  let db: Database.Database
  try {
    db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
  } catch (caught) {
    return mapSqliteError(caught)
  }
  runMigrations(db, MIGRATIONS)
  return db as WritableDb
}

/** Maps SQLite failures that a user can do something about to AppErrors; rethrows the rest as bugs. */
export function mapSqliteError(caught: unknown): never {
  const code = (caught as { code?: string } | null)?.code ?? ''
  if (code === 'SQLITE_FULL')
    fail('fs/disk-full', 'The disk is full: Spool could not save its queue. Free some space and try again.')
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM')
    fail('fs/permission', 'Spool cannot write its database. Check the permissions of its data folder.')
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    fail('db/error', "Spool's database is damaged. Move it aside and restart to begin with an empty queue.")
  throw caught
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/**
 * The prepared statement for `sql`, prepared once per connection. Preparing costs more than running a small
 * statement (B2 profiled 0.3 s of a 6 s batch in `prepare`), and the queue runs the same few statements per
 * chunk and per tick. Callers must not change a cached statement's mode (`pluck`, `raw`, `expand`).
 */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db)
  if (!cache) {
    cache = new Map()
    statements.set(db, cache)
  }
  let statement = cache.get(sql)
  if (!statement) {
    statement = db.prepare(sql)
    cache.set(sql, statement)
  }
  return statement
}
