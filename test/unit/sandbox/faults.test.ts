import { describe, expect, it } from 'vitest'
import { draw, NO_FAULTS, parseFaults } from '../../../sandbox/faults.ts'

describe('parseFaults', () => {
  it('parses every kind', () => {
    expect(
      parseFaults(
        'error=0.1,reset=0.2,stall=0.3,partial=0.4,corrupt=0.6,api-error=0.5,throttle=1048576,session-ttl=60,create-hang=250,latency=40,api-status=429,seed=7',
      ),
    ).toEqual({
      error: 0.1,
      reset: 0.2,
      stall: 0.3,
      partial: 0.4,
      corrupt: 0.6,
      apiError: 0.5,
      throttle: 1048576,
      sessionTtl: 60,
      createHang: 250,
      latency: 40,
      apiStatus: 429,
      seed: 7,
    })
  })
  it('treats empty specs as no faults', () => {
    expect(parseFaults('')).toEqual(NO_FAULTS)
    expect(parseFaults(undefined)).toEqual(NO_FAULTS)
  })
  it('rejects unknown names, bad numbers and out-of-range probabilities', () => {
    for (const bad of [
      'boom=1',
      'error',
      'error=x',
      'error=1.5',
      'throttle=-1',
      'latency=-5',
      'latency=2.5',
      'seed=1.5',
      'error=0.1=2',
    ])
      expect(() => parseFaults(bad), bad).toThrow()
  })
})

describe('draw', () => {
  it('is deterministic, in [0,1), and depends on every input', () => {
    const a = draw(1, 2, 3, 4)
    expect(draw(1, 2, 3, 4)).toBe(a)
    expect(a).toBeGreaterThanOrEqual(0)
    expect(a).toBeLessThan(1)
    expect(new Set([draw(2, 2, 3, 4), draw(1, 3, 3, 4), draw(1, 2, 4, 4), draw(1, 2, 3, 5), a]).size).toBe(5)
  })
  it('is roughly uniform', () => {
    let hits = 0
    for (let i = 0; i < 10_000; i++) if (draw(9, 1, i, 1) < 0.3) hits++
    expect(hits / 10_000).toBeGreaterThan(0.27)
    expect(hits / 10_000).toBeLessThan(0.33)
  })
})
