import { describe, expect, test } from 'vitest'
import { AppFailure } from '../../../common/ipc/result.ts'
import { mergeMetadata, parseMetadataPairs } from '../../../main/library/metadata.ts'

const limits = { maxKeys: 10, maxValueLength: 255 }

function code(run: () => unknown): string | undefined {
  try {
    run()
  } catch (caught) {
    return caught instanceof AppFailure ? caught.appError.code : 'not-an-app-failure'
  }
  return undefined
}

describe('metadata edits', () => {
  test('changes merge into the current map; empty value removes a key', () => {
    const next = mergeMetadata({ a: '1', b: '2' }, { b: null, c: '3' }, limits)
    expect(next).toEqual({ a: '1', c: '3' })
  })

  test('more than 10 keys is refused with a clear message', () => {
    const current = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']))
    expect(code(() => mergeMetadata(current, { extra: 'x' }, limits))).toBe('input/invalid')
    expect(() => mergeMetadata(current, { extra: 'x' }, limits)).toThrow(/at most 10 metadata keys/)
  })

  test('a value over 255 characters is refused', () => {
    expect(() => mergeMetadata({}, { long: 'x'.repeat(256) }, limits)).toThrow(/at most 255/)
    expect(mergeMetadata({}, { ok: 'x'.repeat(255) }, limits).ok).toHaveLength(255)
  })

  test('k=v pairs parse; k= deletes; a pair without = is refused', () => {
    expect(parseMetadataPairs(['a=1', 'b=', 'c=x=y'])).toEqual({ a: '1', b: null, c: 'x=y' })
    expect(code(() => parseMetadataPairs(['nope']))).toBe('input/invalid')
  })
})
