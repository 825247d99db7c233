import type { Migration } from '../migrate.ts'

/**
 * The upload queue (ARCHITECTURE.md §3, ARCHITECTURE.md §3). SQLite is the source of truth:
 * - `upload_jobs`: one row per file. `bytes_acked` is only ever what the server acknowledged. The session
 *   URI is a bearer credential and lives only as AES-256-GCM ciphertext (`session_enc`), wiped on
 *   completion, cancel and expiry. `lease_owner`/`lease_until` make sure two processes never run one job.
 * - `upload_cleanups`: remote uploads that must be cancelled (user cancel, expired session), kept until the
 *   server confirmed, so a crash between "cancelled locally" and "cancelled remotely" loses nothing.
 */
export const migration0001: Migration = {
  version: 1,
  name: '0001-upload-jobs',
  up: (db) => {
    db.exec(`
      CREATE TABLE upload_jobs (
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
          'done', 'paused', 'waiting-for-network', 'failed', 'cancelled')),
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
      CREATE INDEX upload_jobs_fingerprint ON upload_jobs (path, size, mtime_ms);
      CREATE INDEX upload_jobs_state ON upload_jobs (state);
      CREATE UNIQUE INDEX upload_jobs_upload_id ON upload_jobs (upload_id) WHERE upload_id IS NOT NULL;
      CREATE TABLE upload_cleanups (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        upload_id TEXT NOT NULL,
        session_enc BLOB,
        reason TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      ) STRICT;
    `)
  },
}
