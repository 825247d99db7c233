import type Database from 'better-sqlite3'

/** One schema step. Each lives in its own numbered file under migrations/ and has its own test. */
export type Migration = Readonly<{ version: number; name: string; up: (db: Database.Database) => void }>

/**
 * Brings the schema to the newest version (or to `target`), one transaction per step, tracked in
 * `PRAGMA user_version`. Versions must be 1..N without gaps.
 */
export function runMigrations(
  db: Database.Database,
  migrations: ReadonlyArray<Migration>,
  target?: number,
): void {
  const goal = target ?? migrations.length
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`)
  })
  let current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new Error(
      `database schema ${current} is newer than this Spool (${migrations.length}); update Spool`,
    )
  }
  while (current < goal) {
    const next = migrations[current]
    if (!next) break
    db.transaction(() => {
      next.up(db)
      db.pragma(`user_version = ${next.version}`)
    })()
    current = next.version
  }
}
