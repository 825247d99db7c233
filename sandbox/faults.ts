/** Fault-injection settings parsed from `--faults` (all probabilities 0..1; 0 = off). */
export type FaultConfig = {
  error: number
  reset: number
  stall: number
  partial: number
  /** Fraction of completed uploads whose stored object gets one byte flipped (GCS testbench's corrupt data). */
  corrupt: number
  apiError: number
  /** The status an injected API error answers: 503 by default; 429 comes with `Retry-After: 1`. */
  apiStatus: number
  /** Ingest cap in bytes per second over all sessions; 0 = unlimited. */
  throttle: number
  /** Session lifetime in seconds for sessions created from now on; 0 = GCS default (one week). */
  sessionTtl: number
  /** Milliseconds a create waits after storing the upload before it answers (a window to kill a client in). */
  createHang: number
  /**
   * Round-trip time in ms added to every exchange: half before a request reaches its handler, half before
   * its response leaves (a WAN link's latency; combine with `throttle` for its bandwidth); 0 = none.
   */
  latency: number
  seed: number
}

/** The fault kinds counted per upload in `/_sandbox/stats`. */
export type FaultKind = 'error' | 'reset' | 'stall' | 'partial' | 'corrupt'

/** No faults at all. */
export const NO_FAULTS: FaultConfig = {
  error: 0,
  reset: 0,
  stall: 0,
  partial: 0,
  corrupt: 0,
  apiError: 0,
  apiStatus: 503,
  throttle: 0,
  sessionTtl: 0,
  createHang: 0,
  latency: 0,
  seed: 1,
}

const PROBABILITIES = {
  error: 'error',
  reset: 'reset',
  stall: 'stall',
  partial: 'partial',
  corrupt: 'corrupt',
  'api-error': 'apiError',
} as const

/** Parses `error=0.1,reset=0.05,throttle=1048576,seed=7`; throws an Error naming the bad entry. */
export function parseFaults(spec: string | undefined): FaultConfig {
  const config: FaultConfig = { ...NO_FAULTS }
  if (!spec || spec.trim() === '') return config
  for (const entry of spec.split(',')) {
    const [rawKey, rawValue, ...rest] = entry.split('=')
    const key = (rawKey ?? '').trim()
    const value = Number((rawValue ?? '').trim())
    if (rest.length > 0 || rawValue === undefined || rawValue.trim() === '' || !Number.isFinite(value))
      throw new Error(`invalid fault "${entry.trim()}": expected name=number`)
    if (key in PROBABILITIES) {
      if (value < 0 || value > 1) throw new Error(`fault ${key} must be a probability between 0 and 1`)
      config[PROBABILITIES[key as keyof typeof PROBABILITIES]] = value
    } else if (
      key === 'throttle' ||
      key === 'session-ttl' ||
      key === 'create-hang' ||
      key === 'latency' ||
      key === 'api-status' ||
      key === 'seed'
    ) {
      if (value < 0 || !Number.isInteger(value))
        throw new Error(`fault ${key} must be a non-negative integer`)
      if (key === 'throttle') config.throttle = value
      else if (key === 'session-ttl') config.sessionTtl = value
      else if (key === 'create-hang') config.createHang = value
      else if (key === 'latency') config.latency = value
      else if (key === 'api-status') {
        if (value < 400 || value > 599) throw new Error('fault api-status must be an HTTP error status')
        config.apiStatus = value
      } else config.seed = value
    } else {
      throw new Error(
        `unknown fault "${key}" (known: error, reset, stall, partial, corrupt, api-error, throttle, session-ttl, create-hang, latency, api-status, seed)`,
      )
    }
  }
  return config
}

function mix(h: number): number {
  // murmur3's finaliser: a cheap, well-distributed integer hash.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * A deterministic draw in [0, 1) from (seed, stream, index, salt). Sessions use their creation order as the
 * stream and their PUT count as the index, so a seed reproduces the same faults however requests interleave.
 */
export function draw(seed: number, stream: number, index: number, salt: number): number {
  let h = mix(seed ^ 0x9e3779b9)
  h = mix(h ^ Math.imul(stream + 1, 0x27d4eb2f))
  h = mix(h ^ Math.imul(index + 1, 0x165667b1))
  h = mix(h ^ Math.imul(salt + 1, 0x61c88647))
  return h / 0x1_0000_0000
}
