import type { Migration } from '../migrate.ts'

/**
 * The `needs-sign-in` job state: the destination refused the account's credentials (a revoked FastPix key,
 * a PeerTube session that ended), so the job waits, its session and bytes kept, until the account is signed
 * in again. SQLite cannot widen a CHECK in place: the table is rebuilt with its rows and indexes.
 */
export const migration0006: Migration = {
  version: 6,
  name: '0006-needs-sign-in',
  up: (db) => {
    db.exec(`
      CREATE TABLE upload_jobs_next (
        id TEXT PRIMARY KEY NOT NULL,
        account TEXT NOT NULL,
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        relative_dir TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL CHECK (size >= 0),
        mtime_ms REAL NOT NULL,
        ino TEXT NOT NULL,
        dev TEXT NOT NULL,
        settings TEXT NOT NULL,
        no_wait INTEGER NOT NULL DEFAULT 0 CHECK (no_wait IN (0, 1)),
        state TEXT NOT NULL CHECK (state IN ('queued', 'preparing', 'uploading', 'verifying', 'processing',
          'done', 'paused', 'waiting-for-network', 'needs-sign-in', 'failed', 'cancelled')),
        upload_id TEXT,
        media_id TEXT,
        session_enc BLOB,
        bytes_acked INTEGER NOT NULL DEFAULT 0 CHECK (bytes_acked >= 0),
        attempts INTEGER NOT NULL DEFAULT 0,
        sessions_created INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        crc32c_local TEXT,
        md5_local TEXT,
        lease_owner TEXT,
        lease_until INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO upload_jobs_next SELECT * FROM upload_jobs;
      DROP TABLE upload_jobs;
      ALTER TABLE upload_jobs_next RENAME TO upload_jobs;
      CREATE INDEX upload_jobs_fingerprint ON upload_jobs (path, size, mtime_ms);
      CREATE INDEX upload_jobs_state ON upload_jobs (state);
      CREATE UNIQUE INDEX upload_jobs_upload_id ON upload_jobs (upload_id) WHERE upload_id IS NOT NULL;
    `)
  },
}
