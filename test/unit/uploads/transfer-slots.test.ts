import { describe, expect, test } from 'vitest'
import { createTransferSlots, type ReleaseSlot } from '../../../main/uploads/transfer-slots.ts'

const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('transfer slots', () => {
  test('grants up to the limit at once, then serves waiters in arrival order', async () => {
    const slots = createTransferSlots(() => 2)
    const signal = new AbortController().signal
    const a = await slots.acquire(signal)
    const b = await slots.acquire(signal)
    const order: string[] = []
    const c = slots.acquire(signal).then((r) => (order.push('c'), r))
    const d = slots.acquire(signal).then((r) => (order.push('d'), r))
    await settle()
    expect(order).toEqual([])
    expect(slots.inUse()).toBe(2)
    b()
    await settle()
    expect(order).toEqual(['c'])
    a()
    await settle()
    expect(order).toEqual(['c', 'd'])
    ;(await c)()
    ;(await d)()
    expect(slots.inUse()).toBe(0)
  })

  test('tryAcquire never overtakes a waiting job', async () => {
    const slots = createTransferSlots(() => 1)
    const signal = new AbortController().signal
    const first = slots.tryAcquire()
    expect(first).not.toBeNull()
    expect(slots.tryAcquire()).toBeNull()
    const waiting = slots.acquire(signal)
    first!()
    // The freed slot went to the waiter, not to whoever asks next.
    expect(slots.tryAcquire()).toBeNull()
    ;(await waiting)()
    expect(slots.tryAcquire()).not.toBeNull()
  })

  test('an abort while waiting rejects as AbortError and gives the turn to the next waiter', async () => {
    const slots = createTransferSlots(() => 1)
    const held = slots.tryAcquire()!
    const quitter = new AbortController()
    const gone = slots.acquire(quitter.signal)
    const next = slots.acquire(new AbortController().signal)
    quitter.abort('control')
    await expect(gone).rejects.toMatchObject({ name: 'AbortError' })
    held()
    const release = await next
    expect(slots.inUse()).toBe(1)
    release()
    expect(slots.inUse()).toBe(0)
  })

  test('an already aborted signal rejects at once and takes nothing', async () => {
    const slots = createTransferSlots(() => 1)
    slots.tryAcquire()
    const c = new AbortController()
    c.abort(new Error('stopped'))
    await expect(slots.acquire(c.signal)).rejects.toThrow('stopped')
  })

  test('releasing twice frees one slot, not two', () => {
    const slots = createTransferSlots(() => 1)
    const a = slots.tryAcquire()!
    a()
    a()
    expect(slots.inUse()).toBe(0)
    expect(slots.tryAcquire()).not.toBeNull()
    expect(slots.tryAcquire()).toBeNull()
  })

  test('a raised limit admits waiters on wake(); a lowered one holds new grants until enough are released', async () => {
    let limit = 1
    const slots = createTransferSlots(() => limit)
    const signal = new AbortController().signal
    const a = slots.tryAcquire()!
    const granted: ReleaseSlot[] = []
    void slots.acquire(signal).then((r) => granted.push(r))
    void slots.acquire(signal).then((r) => granted.push(r))
    limit = 3
    slots.wake()
    await settle()
    expect(granted).toHaveLength(2)
    limit = 1
    a()
    expect(slots.tryAcquire()).toBeNull() // still 2 in use over a limit of 1
    granted.forEach((r) => r())
    expect(slots.tryAcquire()).not.toBeNull()
  })
})
