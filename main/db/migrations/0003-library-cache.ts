import type { Migration } from '../migrate.ts'

/**
 * The local library cache (issue 4 §4): one row per (account, media id), the Media as JSON plus the columns
 * queries filter and sort on. `search_text` is the lower-cased title, id and metadata values. `library_sync`
 * records when each account's cache was last filled by paging everything.
 */
export const migration0003: Migration = {
  version: 3,
  name: '0003-library-cache',
  up: (db) => {
    db.exec(`
      CREATE TABLE library_media (
        account TEXT NOT NULL,
        id TEXT NOT NULL,
        title TEXT,
        status TEXT NOT NULL,
        duration_seconds REAL,
        created_at TEXT NOT NULL,
        search_text TEXT NOT NULL,
        json TEXT NOT NULL,
        cached_at TEXT NOT NULL,
        PRIMARY KEY (account, id)
      ) STRICT;
      CREATE INDEX library_media_created ON library_media (account, created_at);
      CREATE INDEX library_media_title ON library_media (account, title COLLATE NOCASE);
      CREATE INDEX library_media_status ON library_media (account, status);
      CREATE INDEX library_media_duration ON library_media (account, duration_seconds);
      CREATE TABLE library_sync (
        account TEXT PRIMARY KEY NOT NULL,
        refreshed_at TEXT NOT NULL,
        total INTEGER NOT NULL
      ) STRICT;
    `)
  },
}
