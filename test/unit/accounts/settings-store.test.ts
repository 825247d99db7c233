import { describe, expect, test } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../common/domain/settings.ts'
import { createSettingsStore } from '../../../main/accounts/settings-store.ts'
import { openDatabase } from '../../../main/db/database.ts'

describe('settings store', () => {
  test('defaults, update, persistence', () => {
    const db = openDatabase(':memory:')
    const store = createSettingsStore(db)
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    expect(store.update({ concurrency: 8, bandwidthCap: 1_000_000 }).concurrency).toBe(8)
    expect(createSettingsStore(db).get()).toMatchObject({
      concurrency: 8,
      bandwidthCap: 1_000_000,
      chunkSizeMiB: null,
    })
    expect(store.update({ chunkSizeMiB: 32 }).chunkSizeMiB).toBe(32)
    expect(store.update({ chunkSizeMiB: null }).chunkSizeMiB).toBeNull() // back to automatic
  })

  test.each([
    [{ concurrency: 0 }],
    [{ concurrency: 17 }],
    [{ chunkSizeMiB: 0 }],
    [{ chunkSizeMiB: 513 }],
    [{ chunkSizeMiB: 1.5 }],
    [{ bandwidthCap: 0 }],
    [{ bandwidthCap: -5 }],
  ])('refuses %j', (patch) => {
    const store = createSettingsStore(openDatabase(':memory:'))
    expect(() => store.update(patch)).toThrow(/Invalid setting/)
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
  })
})
