import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { runMigrations } from '../../../main/db/migrate.ts'
import { MIGRATIONS } from '../../../main/db/migrations/index.ts'
import { migration0009 } from '../../../main/db/migrations/0009-manifest-rows.ts'

test('0009 links jobs to manifest rows: one link per job, follow-ups pending by default, no foreign key to jobs', () => {
  const db = new Database(':memory:')
  runMigrations(db, MIGRATIONS, 9)
  expect(db.pragma('user_version', { simple: true })).toBe(9)
  expect(MIGRATIONS[8]).toBe(migration0009)
  const insert = db.prepare(
    "INSERT INTO manifest_rows (job_id, manifest_path, row_path, destination, created_at) VALUES (?, '/m.csv', 'a.mp4', 'fp', 't')",
  )
  insert.run('job-1')
  expect(db.prepare('SELECT follow_ups, follow_up_state, written, url FROM manifest_rows').get()).toEqual({
    follow_ups: '{}',
    follow_up_state: 'none',
    written: null,
    url: null,
  })
  expect(() => insert.run('job-1')).toThrow(/UNIQUE|PRIMARY KEY/)
  expect(() => db.prepare("UPDATE manifest_rows SET follow_up_state = 'later'").run()).toThrow(
    /CHECK constraint/,
  )
  // A link whose job was cleared stays readable (clearing finished jobs must never fail on it).
  insert.run('job-that-never-existed')
  expect(db.prepare('SELECT count(*) AS n FROM manifest_rows').get()).toEqual({ n: 2 })
})
