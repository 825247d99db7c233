import type { Migration } from '../migrate.ts'

/**
 * Content fingerprints per destination (issue 13 §2): one row per job, written when the job is queued, that
 * outlives the job — `queue clear --done` removes jobs, never what was uploaded where, so the same content
 * is still recognised afterwards. The trigger keeps each row's state, media id and whole-file CRC32C in step
 * with its job, in the same transaction as any write to the job, from whichever process makes it. A later
 * migration that rebuilds `upload_jobs` must create the trigger again.
 */
export const migration0008: Migration = {
  version: 8,
  name: '0008-content-fingerprints',
  up: (db) => {
    db.exec(`
      CREATE TABLE content_fingerprints (
        job_id TEXT PRIMARY KEY NOT NULL,
        account TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        crc32c TEXT,
        path TEXT NOT NULL,
        mtime_ms REAL NOT NULL,
        title TEXT NOT NULL,
        state TEXT NOT NULL,
        media_id TEXT,
        recorded_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX content_fingerprints_match ON content_fingerprints (account, fingerprint);
      CREATE INDEX content_fingerprints_any_account ON content_fingerprints (fingerprint);
      CREATE TRIGGER content_fingerprints_follow_job
        AFTER UPDATE OF state, media_id, crc32c_local, path ON upload_jobs
      BEGIN
        UPDATE content_fingerprints SET state = NEW.state, path = NEW.path, updated_at = NEW.updated_at,
          media_id = coalesce(NEW.media_id, media_id), crc32c = coalesce(NEW.crc32c_local, crc32c)
          WHERE job_id = NEW.id;
      END;
    `)
  },
}
