import { expect, test } from 'vitest'
import { storageFailure } from '../../../main/db/storage-errors.ts'

// Issue 13 §5: a full disk is said in words a user can act on, naming the disk that is full.

const home = '/tmp'

test('SQLite and Node out of room under SPOOL_HOME: the disk holding SPOOL_HOME is full', () => {
  for (const caught of [{ code: 'SQLITE_FULL' }, { code: 'ENOSPC', path: '/tmp/logs/spool.log' }]) {
    const e = storageFailure(caught, home)
    expect(e?.code).toBe('fs/disk-full')
    expect(e?.message).toMatch(/^The disk holding SPOOL_HOME is full: .*spool queue run/)
  }
})

test('a file written elsewhere names its own disk', () => {
  const e = storageFailure({ code: 'ENOSPC', path: '/media/card/shoot.csv' }, home)
  expect(e?.message).toBe(
    'The disk holding /media/card/shoot.csv is full. Free some space on it and run the command again.',
  )
})

test('an I/O error on a disk with room is not called full; anything else is not a storage failure', () => {
  const io = storageFailure({ code: 'SQLITE_IOERR_WRITE' }, home)
  expect(io?.code).toBe('db/error')
  expect(io?.message).toMatch(/reported an error while Spool was writing/)
  expect(storageFailure({ code: 'SQLITE_CONSTRAINT' }, home)).toBeNull()
  expect(storageFailure(new Error('boom'), home)).toBeNull()
})
