import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { runMigrations } from '../../../main/db/migrate.ts'
import { MIGRATIONS } from '../../../main/db/migrations/index.ts'

test('0005 keeps FastPix accounts, adds a username, and accepts PeerTube accounts (nothing else)', () => {
  const db = new Database(':memory:')
  runMigrations(db, MIGRATIONS, 4)
  db.prepare(
    "INSERT INTO accounts (name, kind, api_url, stream_url, token_id_hint, created_at) VALUES ('work', 'fastpix', 'https://api.fastpix.io/v1', 'https://stream.fastpix.io', '…abcd', 't')",
  ).run()
  expect(() =>
    db
      .prepare(
        "INSERT INTO accounts (name, kind, api_url, stream_url, created_at) VALUES ('pt', 'peertube', 'https://v.example', '', 't')",
      )
      .run(),
  ).toThrow(/CHECK constraint/)
  runMigrations(db, MIGRATIONS, 5)
  expect(db.pragma('user_version', { simple: true })).toBe(5)
  expect(db.prepare('SELECT name, kind, token_id_hint, username FROM accounts').all()).toEqual([
    { name: 'work', kind: 'fastpix', token_id_hint: '…abcd', username: null },
  ])
  db.prepare(
    "INSERT INTO accounts (name, kind, api_url, stream_url, username, created_at) VALUES ('pt', 'peertube', 'https://v.example', '', 'alice', 't')",
  ).run()
  expect(() =>
    db
      .prepare(
        "INSERT INTO accounts (name, kind, api_url, stream_url, created_at) VALUES ('x', 'youtube', 'https://y', '', 't')",
      )
      .run(),
  ).toThrow(/CHECK constraint/)
})
