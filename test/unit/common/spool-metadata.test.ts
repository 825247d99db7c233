import { describe, expect, test } from 'vitest'
import {
  encodeSpoolMetadata,
  isSpoolKey,
  readSpoolMetadata,
  SPOOL_METADATA_KEY,
  USER_METADATA_KEYS,
  userMetadata,
} from '../../../common/domain/spool-metadata.ts'
import { buildMetadata } from '../../../main/providers/fastpix/upload-port.ts'

const JOB = '3f2c7b1e-8a4d-4c2b-9e6f-1a2b3c4d5e6f'

describe("Spool's own metadata in one key (issue 14 §5)", () => {
  test('round-trips client id, folder and fingerprint, folders with any character', () => {
    const data = { clientId: JOB, folder: 'Shoot 01/day 2 & night=3;x', fingerprint: 'abc123' }
    expect(readSpoolMetadata({ [SPOOL_METADATA_KEY]: encodeSpoolMetadata(data) })).toEqual(data)
  })

  test('stays within 255 characters: a long folder keeps its innermost part', () => {
    const folder = `${'outer/'.repeat(80)}inner-most`
    const value = encodeSpoolMetadata({ clientId: JOB, folder })
    expect(value.length).toBeLessThanOrEqual(255)
    const read = readSpoolMetadata({ spool: value })
    expect(read.clientId).toBe(JOB)
    expect(read.folder?.endsWith('inner-most')).toBe(true)
  })

  test('media written by earlier versions (two keys) are still read', () => {
    expect(readSpoolMetadata({ spoolClientId: JOB, spoolFolder: 'A/B', project: 'x' })).toEqual({
      clientId: JOB,
      folder: 'A/B',
    })
    expect(userMetadata({ spoolClientId: JOB, spoolFolder: 'A/B', spool: 'c=1', project: 'x' })).toEqual({
      project: 'x',
    })
    expect(['spool', 'spoolClientId', 'spoolFolder', 'project'].map(isSpoolKey)).toEqual([
      true,
      true,
      true,
      false,
    ])
  })

  test('an upload leaves the user 9 keys and adds exactly one of its own', () => {
    const user = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']))
    const built = buildMetadata(
      { ...user, [SPOOL_METADATA_KEY]: encodeSpoolMetadata({ folder: 'Card/101' }) },
      JOB,
    )
    expect(Object.keys(built)).toHaveLength(10)
    expect(USER_METADATA_KEYS).toBe(9)
    expect(readSpoolMetadata(built)).toEqual({ clientId: JOB, folder: 'Card/101' })
    for (const k of Object.keys(user)) expect(built[k]).toBe('v')
  })

  test("the runner's folder joins what enqueue put in Spool's key (the fingerprint)", () => {
    const enqueued = { [SPOOL_METADATA_KEY]: encodeSpoolMetadata({ fingerprint: 'fp1' }) }
    expect(readSpoolMetadata(buildMetadata(enqueued, JOB, 'Card/102'))).toEqual({
      clientId: JOB,
      folder: 'Card/102',
      fingerprint: 'fp1',
    })
  })
})
