import type { IncomingMessage } from 'node:http'
import type { SandboxIdentity } from './credentials.ts'
import type { FaultConfig } from './faults.ts'
import type { StatsRegistry } from './stats.ts'
import type { Store } from './store.ts'
import type { Throttle } from './throttle.ts'

/** Everything a route handler needs; one per running sandbox. */
export type SandboxApp = {
  store: Store
  identity: SandboxIdentity
  stats: StatsRegistry
  throttle: Throttle
  faults: FaultConfig
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string
  streamUrl: string
  readyAfterMs: number
  log: (line: string) => void
  /** In-flight session PUTs by upload id, so a newer PUT can take over from a stalled or abandoned one. */
  activePuts: Map<string, { req: IncomingMessage; done: Promise<void> }>
  /** Background work (probes, URL pulls) that close() waits for. */
  background: Set<Promise<unknown>>
  /** How the sandbox fetches URLs it is given (create-from-URL inputs, added tracks). */
  fetching: FetchPolicy
  /** Aborted by close(): in-flight fetches stop and are resumed at the next start. */
  closing: AbortSignal
}

/** Hosts, time and size allowed to a fetch of a URL the sandbox is given. */
export type FetchPolicy = {
  /** false (default): only 127.0.0.1, localhost and [::1]. */
  allowRemoteUrls: boolean
  /** Whole-fetch timeout of an added track's URL. */
  trackTimeoutMs: number
  /** Largest added track file. */
  trackMaxBytes: number
}

/** Tracks a background promise so close() can wait for it; errors are logged, never thrown. */
export function runInBackground(app: SandboxApp, label: string, work: () => Promise<void>): void {
  const promise = work()
    .catch((error: unknown) =>
      app.log(`${label} failed: ${error instanceof Error ? error.message : String(error)}`),
    )
    .finally(() => app.background.delete(promise))
  app.background.add(promise)
}
