import { setTimeout as sleep } from 'node:timers/promises'

/**
 * A global ingest cap shared by all sessions: each chunk reserves its slot on a virtual clock that advances
 * by bytes/rate, so concurrent sessions share the budget and the sum never exceeds `rate` bytes per second.
 */
export class Throttle {
  private rate = 0
  private nextFreeMs = 0

  /** Sets bytes per second; 0 removes the cap. */
  setRate(bytesPerSecond: number): void {
    this.rate = bytesPerSecond
    this.nextFreeMs = 0
  }

  /** Resolves when `bytes` may pass. */
  async take(bytes: number): Promise<void> {
    if (this.rate <= 0) return
    const now = Date.now()
    const start = Math.max(now, this.nextFreeMs)
    this.nextFreeMs = start + (bytes / this.rate) * 1000
    const wait = this.nextFreeMs - now
    // Small debts are settled later so a stream of small chunks does not turn into a stream of timers.
    if (wait > 5) await sleep(wait)
  }
}
