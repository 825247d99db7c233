import { afterEach, describe, expect, test, vi } from 'vitest'
import { fakeJob } from '../fakes/fake-api.ts'
import { firstScreenReady } from '../../renderer/bridge/first-paint.ts'
import { useSpool } from '../../renderer/store/index.ts'

/** Whether the promise has settled after the pending microtasks ran. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false
  void p.then(() => (done = true))
  await Promise.resolve()
  await Promise.resolve()
  return done
}

describe('the first paint waits for the queue’s first screen', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('it is ready as soon as the first jobs are in the store', async () => {
    vi.useFakeTimers()
    const ready = firstScreenReady()
    expect(await settled(ready)).toBe(false)
    useSpool.getState().uploadsLoaded([fakeJob(1)])
    expect(await settled(ready)).toBe(true)
  })

  test('it is ready at once when they are already in', async () => {
    useSpool.getState().uploadsLoaded([])
    expect(await settled(firstScreenReady())).toBe(true)
  })

  test('a main that does not answer holds the first paint back 150 ms at most', async () => {
    vi.useFakeTimers()
    const ready = firstScreenReady()
    await vi.advanceTimersByTimeAsync(149)
    expect(await settled(ready)).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settled(ready)).toBe(true)
  })
})
