import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { NO_FAULTS, parseFaults, type FaultConfig } from '../faults.ts'
import { StatsRegistry, type SandboxStats } from '../stats.ts'
import { Throttle } from '../throttle.ts'
import type { PtApp, PtSettings } from './app.ts'
import { pruneTokens } from './oauth.ts'
import { purgeIdleUploads } from './uploads-common.ts'
import { createUser } from './routes-users.ts'
import { createPtHandler } from './server.ts'
import { hashPassword, PtStore } from './store.ts'

/** How to start a PeerTube sandbox. Only `dataDir` is required. */
export type PeerTubeSandboxOptions = Partial<PtSettings> & {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string
  /** 0 (default) picks a free port. */
  port?: number
  /** Where state, uploads, videos and captions live (created if missing). */
  dataDir: string
  /** The root (administrator) password; default: random, kept in the data folder. */
  rootPassword?: string
  /** Fault spec: the FastPix sandbox's (`error`, `reset`, `stall`, `partial`, `api-error`, `throttle`, `seed`) plus `rate-limit=N`. */
  faults?: string
  log?: (line: string) => void
  /** Serve https with this key and certificate (PEM), as a self-hosted instance with its own certificate. */
  tls?: SandboxTls
}

/** A private key and certificate, PEM. */
export type SandboxTls = Readonly<{ key: string | Buffer; cert: string | Buffer }>

/** A running PeerTube sandbox; the first five fields match `peertube-server.sh`'s JSON line. */
export type PeerTubeSandboxHandle = {
  /** `http://127.0.0.1:PORT` (the API is under `/api/v1`). */
  url: string
  version: string
  username: 'root'
  password: string
  oauthClient: { client_id: string; client_secret: string }
  port: number
  /** Replaces the fault configuration (throws on an invalid spec). */
  setFaults(spec: string): void
  stats(): SandboxStats
  /** Serves another certificate from now on (new connections), as an instance that replaced its own. */
  setTlsCertificate(tls: SandboxTls): void
  close(): Promise<void>
}

/** Splits `rate-limit=N` off a fault spec and parses the rest with the FastPix sandbox's parser. */
export function parsePeerTubeFaults(spec: string | undefined): { faults: FaultConfig; rateLimit: number } {
  let rateLimit = 0
  const rest: string[] = []
  for (const entry of (spec ?? '').split(',')) {
    const m = /^\s*rate-limit\s*=\s*(.*)$/.exec(entry)
    if (!m) {
      if (entry.trim() !== '') rest.push(entry)
      continue
    }
    if (!/^\d+$/.test(m[1]!.trim())) throw new Error('fault rate-limit must be a non-negative integer')
    rateLimit = Number(m[1])
  }
  return { faults: { ...NO_FAULTS, ...parseFaults(rest.join(',')) }, rateLimit }
}

const DEFAULTS: PtSettings = {
  accessTokenLifetimeMs: 24 * 3600 * 1000,
  refreshTokenLifetimeMs: 14 * 24 * 3600 * 1000,
  transcoding: true,
  transcodingDelayMs: 1500,
  finalizeDelayMs: 0,
  torrentDelayMs: 1000,
  uploadIdleTimeoutMs: 3600 * 1000,
  maxChunkSize: 0,
  apiRateLimit: 500,
  proxyBodyLimit: 0,
  captionsLost: 0,
  thumbnailErrors: 0,
}

function rootPasswordOf(dataDir: string, given: string | undefined): string {
  const file = join(dataDir, 'peertube-root.json')
  if (given !== undefined) return given
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { password: string }).password
  } catch {
    const password = randomBytes(12).toString('base64url')
    writeFileSync(file, JSON.stringify({ password }), { mode: 0o600 })
    return password
  }
}

/** Starts the PeerTube-compatible sandbox (API subset of PeerTube 6.3.2) and resolves once it listens. */
export async function startPeerTubeSandbox(options: PeerTubeSandboxOptions): Promise<PeerTubeSandboxHandle> {
  const { host = '127.0.0.1', port = 0, dataDir, rootPassword, faults, log, tls, ...settings } = options
  const parsed = parsePeerTubeFaults(faults)
  const store = new PtStore(dataDir)
  const password = rootPasswordOf(dataDir, rootPassword)
  const throttle = new Throttle()
  throttle.setRate(parsed.faults.throttle)
  const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined))
  const app: PtApp = {
    store,
    settings: { ...DEFAULTS, ...defined },
    faults: parsed.faults,
    rateLimitOverride: parsed.rateLimit,
    stats: new StatsRegistry(),
    throttle,
    origin: '',
    host: '',
    log: log ?? (() => {}),
    locks: new Map(),
    background: new Set(),
  }
  const root = store.userByName('root')
  if (!root)
    createUser(app, { username: 'root', password, email: 'admin@example.com', role: 0, quota: -1, daily: -1 })
  else if (rootPassword !== undefined) {
    root.passwordHash = hashPassword(rootPassword)
    store.save()
  }
  const setFaults = (spec: string) => {
    const next = parsePeerTubeFaults(spec)
    app.faults = next.faults
    app.rateLimitOverride = next.rateLimit
    throttle.setRate(next.faults.throttle)
    app.log(`faults set to ${spec || '(none)'}`)
  }
  const handler = createPtHandler(app, password, setFaults)
  const timeouts = { requestTimeout: 0, headersTimeout: 60_000 }
  const secure = tls ? createTlsServer({ ...timeouts, key: tls.key, cert: tls.cert }, handler) : null
  const server = secure ?? createServer(timeouts, handler)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const bound = (server.address() as AddressInfo).port
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  app.host = `${urlHost}:${bound}`
  app.origin = `${secure ? 'https' : 'http'}://${app.host}`
  const sweepEvery = Math.max(50, Math.min(60_000, app.settings.uploadIdleTimeoutMs / 4))
  const sweeper = setInterval(() => {
    purgeIdleUploads(app)
    pruneTokens(app)
  }, sweepEvery)
  sweeper.unref()
  app.log(`peertube sandbox listening on ${app.origin} (data: ${dataDir})`)
  let closed: Promise<void> | undefined
  return {
    url: app.origin,
    version: '6.3.2',
    username: 'root',
    password,
    oauthClient: { client_id: store.state.client.id, client_secret: store.state.client.secret },
    port: bound,
    setFaults,
    stats: () => app.stats.snapshot(),
    setTlsCertificate: (next) => {
      if (!secure) throw new Error('this sandbox serves plain http')
      secure.setSecureContext({ key: next.key, cert: next.cert })
    },
    close: () => {
      closed ??= (async () => {
        clearInterval(sweeper)
        const done = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await done
        while (app.background.size > 0) await Promise.allSettled([...app.background])
        store.save()
      })()
      return closed
    },
  }
}
