import type Database from 'better-sqlite3'

/** One schema step. Each lives in its own numbered file under migrations/ and has its own test. */
export type Migration = Readonly<{ version: number; name: string; up: (db: Database.Database) => void }>

/**
 * Brings the schema to the newest version (or to `target`), tracked in `PRAGMA user_version`. Versions must
 * be 1..N without gaps. Every pending step runs in one transaction: a new home or an upgrade across several
 * versions commits, and waits for the disk, once (a new home has ten steps: about 25 ms of fsyncs on the
 * first `spool` run), and a failing step leaves the schema exactly as it was before the upgrade.
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
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new Error(
      `database schema ${current} is newer than this Spool (${migrations.length}); update Spool`,
    )
  }
  if (current >= goal) return
  db.transaction(() => {
    for (const next of migrations.slice(current, goal)) {
      next.up(db)
      db.pragma(`user_version = ${next.version}`)
    }
  })()
}
