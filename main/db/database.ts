import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { AppFailure, fail } from '../../common/ipc/result.ts'
import { runMigrations } from './migrate.ts'
import { MIGRATIONS } from './migrations/index.ts'
import { storageFailure } from './storage-errors.ts'

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
  const home = dirname(path)
  if (path !== ':memory:') makeHome(home)
  let db: Database.Database | undefined
  try {
    db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    runMigrations(db, MIGRATIONS)
    return db as WritableDb
  } catch (caught) {
    db?.close()
    return mapSqliteError(caught, home)
  }
}

/** Creates Spool's home folder, saying plainly when the path cannot be a folder Spool may write to. */
function makeHome(home: string): void {
  try {
    mkdirSync(home, { recursive: true })
  } catch (caught) {
    const full = storageFailure(caught, home)
    if (full) throw new AppFailure(full)
    const code = (caught as { code?: string } | null)?.code ?? ''
    const why =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'a file is in the way'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EROFS'
            ? 'the disk is read-only'
            : code === 'ENOENT'
              ? 'the path is empty or leads nowhere'
              : code || 'it cannot be created'
    fail(
      'fs/permission',
      `Spool cannot keep its data in "${home}": ${why}. Set SPOOL_HOME to a folder you can write to.`,
      {
        detail: code,
      },
    )
  }
}

/** Maps SQLite failures that a user can do something about to AppErrors; rethrows the rest as bugs. */
export function mapSqliteError(caught: unknown, home: string): never {
  if (caught instanceof AppFailure) throw caught
  const full = storageFailure(caught, home)
  if (full) throw new AppFailure(full)
  const code = (caught as { code?: string } | null)?.code ?? ''
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
