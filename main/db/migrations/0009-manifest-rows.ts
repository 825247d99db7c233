import type { Migration } from '../migrate.ts'

/**
 * Manifest rows (issue 15): which job a manifest's row became, so its result is written back into the CSV by
 * whichever process finishes the job (the `spool upload` that queued it, a later `spool queue run`, the app),
 * also after a kill -9. One row per job: a row naming two destinations is two jobs. `follow_ups` holds what
 * is sent once the video exists (PeerTube captions and thumbnail, FastPix tracks by URL, the scheduled
 * publication) as JSON; `follow_up_state` says whether it is still to do. No foreign key to upload_jobs:
 * clearing finished jobs must not fail, and a link whose job is gone is simply no longer written.
 */
export const migration0009: Migration = {
  version: 9,
  name: '0009-manifest-rows',
  up: (db) => {
    db.exec(`
      CREATE TABLE manifest_rows (
        job_id TEXT PRIMARY KEY NOT NULL,
        manifest_path TEXT NOT NULL,
        row_path TEXT NOT NULL,
        destination TEXT NOT NULL,
        follow_ups TEXT NOT NULL DEFAULT '{}',
        follow_up_state TEXT NOT NULL DEFAULT 'none'
          CHECK (follow_up_state IN ('none', 'pending', 'done', 'failed')),
        follow_up_error TEXT,
        written TEXT,
        url TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX manifest_rows_manifest ON manifest_rows (manifest_path);
    `)
  },
}
