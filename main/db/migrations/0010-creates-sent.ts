import type { Migration } from '../migrate.ts'

/**
 * `creates_sent` (issue 13, the orphan sweep): how many of a job's creates may have reached the server,
 * beside `sessions_created`, those whose answer was committed. A job with more of the first than the second
 * may have left an upload nothing tracks (kill -9 between the server's create and the local commit), so only
 * such a job makes a starting queue list its account's unused uploads (uploads/orphan-sweep.ts); a queue whose
 * every create was answered starts at once. Jobs from before this step are all counted as unsure, so the
 * first start after it sweeps as every start did before.
 */
export const migration0010: Migration = {
  version: 10,
  name: '0010-creates-sent',
  up: (db) => {
    db.exec(`
      ALTER TABLE upload_jobs ADD COLUMN creates_sent INTEGER NOT NULL DEFAULT 0;
      UPDATE upload_jobs SET creates_sent = sessions_created + 1;
    `)
  },
}
