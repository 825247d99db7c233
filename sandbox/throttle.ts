import { setTimeout as sleep } from 'node:timers/promises'

/**
 * How far the virtual clock may lag behind real time, in ms: a sleep that overslept (timers fire late on a
 * busy machine) is made up by the next pieces instead of lost, as a link's queue would drain it. Without
 * it, 64 KiB pieces at 100 Mbit/s (5 ms each) lost a quarter of the rate to late timers. It bounds the
 * burst after an idle moment at this many ms of the rate.
 */
const CATCH_UP_MS = 50

type Clock = Readonly<{ now(): number; sleep(ms: number): Promise<unknown> }>

/**
 * A global ingest cap shared by all sessions: each chunk reserves its slot on a virtual clock that advances
 * by bytes/rate, so concurrent sessions share the budget and, over any window, the sum stays within `rate`
 * bytes per second plus CATCH_UP_MS of it.
 */
export class Throttle {
  private rate = 0
  private nextFreeMs = 0

  private readonly clock: Clock

  /** The clock is injectable so a test can make every timer fire late on purpose. */
  constructor(clock: Clock = { now: Date.now, sleep }) {
    this.clock = clock
  }

  /** Sets bytes per second; 0 removes the cap. */
  setRate(bytesPerSecond: number): void {
    this.rate = bytesPerSecond
    this.nextFreeMs = 0
  }

  /** Resolves when `bytes` may pass. */
  async take(bytes: number): Promise<void> {
    if (this.rate <= 0) return
    const now = this.clock.now()
    const start = Math.max(now - CATCH_UP_MS, this.nextFreeMs)
    this.nextFreeMs = start + (bytes / this.rate) * 1000
    const wait = this.nextFreeMs - now
    // Small debts are settled later so a stream of small chunks does not turn into a stream of timers.
    if (wait > 5) await this.clock.sleep(wait)
  }
}
