import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { expect, test } from 'vitest'
import { fullGcCount, watchFullGcs } from '../../../sandbox/reclaim.ts'

test('full collections are counted for /_sandbox/stats; young-generation ones are not', async () => {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as (o: { type: 'minor' | 'major' }) => void
  watchFullGcs()
  watchFullGcs() // idempotent: one observer, each collection counted once
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50))
  await settle()
  const before = fullGcCount()
  gc({ type: 'minor' })
  await settle()
  expect(fullGcCount()).toBe(before)
  gc({ type: 'major' })
  gc({ type: 'major' })
  await settle()
  expect(fullGcCount()).toBe(before + 2)
})
