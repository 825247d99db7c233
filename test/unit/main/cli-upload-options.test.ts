import { describe, expect, test } from 'vitest'
import { parseUploadOptions } from '../../../main/cli/commands/upload.ts'

const base = { metadata: [], wait: true }

describe('spool upload options', () => {
  test('without --chunk-size (or with auto) chunks are sized automatically', () => {
    expect(parseUploadOptions(base).chunkSizeMiB).toBeNull()
    expect(parseUploadOptions({ ...base, chunkSize: 'auto' }).chunkSizeMiB).toBeNull()
  })
  test('--chunk-size pins a size in MiB, in steps of 256 KiB', () => {
    expect(parseUploadOptions({ ...base, chunkSize: '64' }).chunkSizeMiB).toBe(64)
    expect(parseUploadOptions({ ...base, chunkSize: '0.25' }).chunkSizeMiB).toBe(0.25)
  })
  test.each(['0', '0.3', '513', 'big', ''])('--chunk-size %j is a usage error', (value) => {
    expect(() => parseUploadOptions({ ...base, chunkSize: value })).toThrow(/--chunk-size/)
  })
})
