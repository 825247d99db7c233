import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SandboxApp } from './app.ts'
import { loadIdentity } from './credentials.ts'
import { NO_FAULTS, parseFaults } from './faults.ts'
import { resumeBackgroundWork } from './lifecycle.ts'
import { createRequestHandler } from './server.ts'
import { StatsRegistry, type SandboxStats } from './stats.ts'
import { Store } from './store.ts'
import { Throttle } from './throttle.ts'
import { resumeTrackFetches } from './track-fetch.ts'

export type { SandboxStats } from './stats.ts'
export { parseFaults, type FaultConfig } from './faults.ts'

/** How to start a sandbox. Only `dataDir` is required. */
export type SandboxOptions = {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string
  /** 0 (default) picks a free port. */
  port?: number
  /** Where state, credentials and uploaded bytes live (created if missing). */
  dataDir: string
  /** Delay from stored bytes to Ready, in ms (default 1500). */
  readyAfterMs?: number
  /** `--faults` spec, e.g. `error=0.1,seed=7`. */
  faults?: string
  /** Fixed credentials instead of the data folder's random pair. */
  username?: string
  password?: string
  /** Receives one line per notable event (never secrets such as session URIs). */
  log?: (line: string) => void
  /**
   * Fetch URLs (create-from-URL inputs, added tracks) on any host, not only 127.0.0.1/localhost/[::1].
   * Default: false, or true when the environment has SPOOL_SANDBOX_ALLOW_REMOTE_URLS=1.
   */
  allowRemoteUrls?: boolean
  /** Time allowed to fetch an added track's file, in ms (default 30 000). */
  trackFetchTimeoutMs?: number
  /** Largest added track file, in bytes (default 512 MiB). */
  trackMaxBytes?: number
}

/** A running sandbox. */
export type SandboxHandle = {
  /** `http://127.0.0.1:PORT/v1` */
  apiUrl: string
  /** `http://127.0.0.1:PORT/stream` */
  streamUrl: string
  /** `http://127.0.0.1:PORT` */
  origin: string
  port: number
  username: string
  password: string
  /** Replaces the fault configuration (throws on an invalid spec). */
  setFaults(spec: string): void
  /** Per-upload counters and totals (same as `GET /_sandbox/stats`). */
  stats(): SandboxStats
  /** Stops listening, drops open connections and waits for background work. */
  close(): Promise<void>
}

function urlHost(host: string): string {
  // A wildcard bind is still reached over loopback; IPv6 literals need brackets in URLs.
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

/** Starts the FastPix-compatible sandbox server and resolves once it is listening. */
export async function startSandbox(options: SandboxOptions): Promise<SandboxHandle> {
  const host = options.host ?? '127.0.0.1'
  const faults = parseFaults(options.faults)
  const store = new Store(options.dataDir)
  const throttle = new Throttle()
  throttle.setRate(faults.throttle)
  const closing = new AbortController()
  const app: SandboxApp = {
    store,
    identity: loadIdentity(options.dataDir, options.username, options.password),
    stats: new StatsRegistry(),
    throttle,
    faults: { ...NO_FAULTS, ...faults },
    origin: '',
    streamUrl: '',
    readyAfterMs: options.readyAfterMs ?? 1500,
    log: options.log ?? (() => {}),
    activePuts: new Map(),
    background: new Set(),
    fetching: {
      allowRemoteUrls: options.allowRemoteUrls ?? process.env.SPOOL_SANDBOX_ALLOW_REMOTE_URLS === '1',
      trackTimeoutMs: options.trackFetchTimeoutMs ?? 30_000,
      trackMaxBytes: options.trackMaxBytes ?? 512 * 1024 * 1024,
    },
    closing: closing.signal,
  }
  const setFaults = (spec: string) => {
    const next = parseFaults(spec)
    app.faults = next
    throttle.setRate(next.throttle)
    app.log(`faults set to ${spec || '(none)'}`)
  }
  // No overall request timeout: a throttled multi-GiB PUT is legitimately slow; headers must still arrive.
  const server = createServer(
    { requestTimeout: 0, headersTimeout: 60_000 },
    createRequestHandler(app, setFaults),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  app.origin = `http://${urlHost(host)}:${port}`
  app.streamUrl = `${app.origin}/stream`
  resumeBackgroundWork(app)
  resumeTrackFetches(app)
  app.log(`sandbox listening on ${app.origin} (data: ${options.dataDir})`)
  let closed: Promise<void> | undefined
  return {
    apiUrl: `${app.origin}/v1`,
    streamUrl: app.streamUrl,
    origin: app.origin,
    port,
    username: app.identity.username,
    password: app.identity.password,
    setFaults,
    stats: () => app.stats.snapshot(),
    close: () => {
      closed ??= (async () => {
        const done = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        closing.abort()
        await done
        // A pull that finishes during close starts a probe: drain until nothing is left, so work done is kept.
        while (app.background.size > 0) await Promise.allSettled([...app.background])
        store.close()
      })()
      return closed
    },
  }
}
