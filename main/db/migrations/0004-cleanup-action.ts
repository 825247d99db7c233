import type { Migration } from '../migrate.ts'

/**
 * What a cleanup row asks the destination to do. `cancel` (every row so far) abandons an unfinished upload;
 * `delete-media` removes a media whose bytes turned out wrong after the upload completed (the server's hash
 * differed from the file's, or the file changed during the last chunk): gsutil deletes such a copy too, and
 * leaving it would put a half-old, half-new or damaged video in the user's library.
 */
export const migration0004: Migration = {
  version: 4,
  name: '0004-cleanup-action',
  up: (db) => {
    db.exec(`
      ALTER TABLE upload_cleanups
        ADD COLUMN action TEXT NOT NULL DEFAULT 'cancel' CHECK (action IN ('cancel', 'delete-media'))
    `)
  },
}
