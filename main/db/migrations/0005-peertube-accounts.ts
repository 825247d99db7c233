import type { Migration } from '../migrate.ts'

/**
 * PeerTube accounts: the provider kind may be `peertube`, and an account keeps the username it signs in
 * with (PeerTube) beside the masked token hint (FastPix). Tokens and keys stay in the OS keychain. SQLite
 * cannot widen a CHECK in place, so the table is rebuilt with its rows.
 */
export const migration0005: Migration = {
  version: 5,
  name: '0005-peertube-accounts',
  up: (db) => {
    db.exec(`
      CREATE TABLE accounts_next (
        name TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('fastpix', 'peertube')),
        api_url TEXT NOT NULL,
        stream_url TEXT NOT NULL,
        token_id_hint TEXT,
        username TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO accounts_next (name, kind, api_url, stream_url, token_id_hint, username, created_at)
        SELECT name, kind, api_url, stream_url, token_id_hint, NULL, created_at FROM accounts;
      DROP TABLE accounts;
      ALTER TABLE accounts_next RENAME TO accounts;
    `)
  },
}
