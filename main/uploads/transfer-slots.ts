import { abortReason } from '../http/network-errors.ts'

/** Gives a slot back; calling it again does nothing. */
export type ReleaseSlot = () => void

/**
 * The scheduler's "N files move bytes at once". Jobs are claimed a little ahead of the slots (so the next
 * file's upload is created while the current ones stream) and then wait here, served in arrival order.
 * The limit is read on every grant, so a concurrency change in Settings applies at the next `wake()`.
 */
export type TransferSlots = Readonly<{
  /** A slot now, or null when all are taken or others are already waiting. */
  tryAcquire(): ReleaseSlot | null
  /** A slot as soon as one is free; rejects with the signal's reason when it aborts first. */
  acquire(signal: AbortSignal): Promise<ReleaseSlot>
  /** Grants waiting jobs the slots a raised limit made free. */
  wake(): void
  /** Slots in use. */
  inUse(): number
}>

export function createTransferSlots(limit: () => number): TransferSlots {
  let used = 0
  const waiting: Array<(release: ReleaseSlot) => void> = []

  const grant = (): ReleaseSlot => {
    used++
    let released = false
    return () => {
      if (released) return
      released = true
      used--
      wake()
    }
  }
  const free = (): boolean => used < Math.max(1, limit())
  const wake = (): void => {
    while (waiting.length > 0 && free()) waiting.shift()!(grant())
  }
  const tryAcquire = (): ReleaseSlot | null => (waiting.length === 0 && free() ? grant() : null)

  return {
    tryAcquire,
    acquire(signal) {
      const now = tryAcquire()
      if (now) return Promise.resolve(now)
      return new Promise<ReleaseSlot>((resolve, reject) => {
        const take = (release: ReleaseSlot): void => {
          signal.removeEventListener('abort', onAbort)
          resolve(release)
        }
        const onAbort = (): void => {
          const at = waiting.indexOf(take)
          if (at >= 0) waiting.splice(at, 1)
          reject(abortReason(signal))
        }
        if (signal.aborted) return onAbort()
        signal.addEventListener('abort', onAbort, { once: true })
        waiting.push(take)
      })
    },
    wake,
    inUse: () => used,
  }
}
