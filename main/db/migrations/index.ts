import type { Migration } from '../migrate.ts'
import { migration0001 } from './0001-upload-jobs.ts'
import { migration0002 } from './0002-accounts-settings.ts'
import { migration0003 } from './0003-library-cache.ts'
import { migration0004 } from './0004-cleanup-action.ts'
import { migration0005 } from './0005-peertube-accounts.ts'
import { migration0006 } from './0006-needs-sign-in.ts'
import { migration0007 } from './0007-batches.ts'
import { migration0008 } from './0008-content-fingerprints.ts'
import { migration0009 } from './0009-manifest-rows.ts'
import { migration0010 } from './0010-creates-sent.ts'

/** Every schema step in order. Append only; never edit a migration that has shipped. */
export const MIGRATIONS: ReadonlyArray<Migration> = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
]
