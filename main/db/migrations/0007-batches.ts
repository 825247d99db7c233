import type { Migration } from '../migrate.ts'

/**
 * Batches (ARCHITECTURE.md §3): one row per user action that queued files (a drop, the "Add…" dialog, one
 * `spool upload`, one manifest), and each job's `batch_id`. Jobs queued before this migration keep NULL: the
 * app shows them as earlier uploads.
 */
export const migration0007: Migration = {
  version: 7,
  name: '0007-batches',
  up: (db) => {
    db.exec(`
      CREATE TABLE upload_batches (
        id TEXT PRIMARY KEY NOT NULL,
        label TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('drop', 'dialog', 'cli', 'manifest')),
        manifest_path TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      ALTER TABLE upload_jobs ADD COLUMN batch_id TEXT REFERENCES upload_batches (id);
      CREATE INDEX upload_jobs_batch ON upload_jobs (batch_id);
    `)
  },
}
