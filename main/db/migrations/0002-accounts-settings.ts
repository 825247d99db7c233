import type { Migration } from '../migrate.ts'

/**
 * Accounts (name, provider kind, API and stream URLs, a masked token hint — never a secret: those live in the
 * OS keychain) and app settings as JSON values by key (`settings`, `selected_account`). The built-in
 * `sandbox` account is not stored: it always exists.
 */
export const migration0002: Migration = {
  version: 2,
  name: '0002-accounts-settings',
  up: (db) => {
    db.exec(`
      CREATE TABLE accounts (
        name TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('fastpix')),
        api_url TEXT NOT NULL,
        stream_url TEXT NOT NULL,
        token_id_hint TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
    `)
  },
}
