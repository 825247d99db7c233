import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { createLogger } from '../logging/log.ts'
import { registerSecret } from '../logging/redact.ts'

/** The local sandbox as Spool uses it: started here, or another Spool process's one on the same data. */
export type EmbeddedSandbox = Readonly<{
  apiUrl: string
  streamUrl: string
  port: number
  username: string
  password: string
  /** Whether this process started the server (and so must stop it). */
  startedHere: boolean
  /**
   * The port the built-in account belongs on (its URL across runs). Differs from `port` only for a run whose
   * home port was held by something else: the next run goes back to `homePort` when it is free.
   */
  homePort: number
  close(): Promise<void>
}>

const log = createLogger('embedded-sandbox')
const PORT_FILE = 'spool-embedded-port.json'
const HOST = '127.0.0.1'

const PortNumber = z.number().int().min(1).max(65535)
/** `port`: where the sandbox runs (or ran last); `home`: where it belongs (absent in older files = `port`). */
const PortFile = z.object({ port: PortNumber, home: PortNumber.optional() })
type Ports = Readonly<{ port: number; home: number }>
const Credentials = z.object({ username: z.string(), password: z.string() }).loose()

function readPorts(dataDir: string): Ports | null {
  try {
    const saved = PortFile.parse(JSON.parse(readFileSync(join(dataDir, PORT_FILE), 'utf8')))
    return { port: saved.port, home: saved.home ?? saved.port }
  } catch {
    return null
  }
}

function writePorts(dataDir: string, ports: Ports): void {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, PORT_FILE)
  writeFileSync(`${file}.tmp`, JSON.stringify(ports), { mode: 0o600 })
  renameSync(`${file}.tmp`, file)
}

/** The sandbox's own credentials file (sandbox/credentials.ts), needed to recognise a live server. */
function readCredentials(dataDir: string): { username: string; password: string } | null {
  try {
    return Credentials.parse(JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')))
  } catch {
    return null
  }
}

/** Whether a Spool sandbox serving this very data folder answers on `port` (authenticated stats call). */
export async function isLiveSandbox(dataDir: string, port: number): Promise<boolean> {
  const creds = readCredentials(dataDir)
  if (!creds) return false
  const auth = Buffer.from(`${creds.username}:${creds.password}`).toString('base64')
  try {
    const res = await fetch(`http://${HOST}:${port}/_sandbox/stats`, {
      headers: { authorization: `Basic ${auth}` },
      signal: AbortSignal.timeout(2_000),
    })
    await res.body?.cancel()
    return res.ok
  } catch {
    return false
  }
}

function reused(dataDir: string, port: number, homePort: number): EmbeddedSandbox {
  const creds = readCredentials(dataDir) ?? { username: '', password: '' }
  registerSecret(creds.password)
  log.info('reusing a running sandbox', { port })
  return {
    apiUrl: `http://${HOST}:${port}/v1`,
    streamUrl: `http://${HOST}:${port}/stream`,
    port,
    username: creds.username,
    password: creds.password,
    startedHere: false,
    homePort,
    close: () => Promise.resolve(),
  }
}

/** Starts a sandbox on `port` (0: any free one); `home` is where it belongs (null: wherever this lands). */
async function start(dataDir: string, port: number, home: number | null): Promise<EmbeddedSandbox> {
  // Loaded on demand: a process that talks to a real FastPix account never pays for the sandbox's modules.
  const { startSandbox } = await import('../../sandbox/index.ts')
  const s = await startSandbox({ dataDir, port, host: HOST })
  registerSecret(s.password)
  const homePort = home ?? s.port
  writePorts(dataDir, { port: s.port, home: homePort })
  log.info('sandbox started', { port: s.port, homePort })
  return {
    apiUrl: s.apiUrl,
    streamUrl: s.streamUrl,
    port: s.port,
    username: s.username,
    password: s.password,
    startedHere: true,
    homePort,
    close: () => s.close(),
  }
}

function addressInUse(caught: unknown): boolean {
  return (caught as { code?: string } | null)?.code === 'EADDRINUSE'
}

/**
 * Opens the built-in sandbox at its home port, so its URL (and the session and input-info URLs it hands out,
 * which carry host:port) stays the same across runs: reuses a live Spool sandbox on the same data (app + CLI,
 * also one on a detour port), else binds the home port, else — only when something else holds it — any free
 * port for this run, saved as the detour while the home port stays the one to come back to.
 */
export async function openEmbeddedSandbox(dataDir: string): Promise<EmbeddedSandbox> {
  const saved = readPorts(dataDir)
  if (saved === null) return start(dataDir, 0, null)
  if (await isLiveSandbox(dataDir, saved.port)) return reused(dataDir, saved.port, saved.home)
  try {
    return await start(dataDir, saved.home, saved.home)
  } catch (caught) {
    if (!addressInUse(caught)) throw caught
    // Another process may have just started it: look again before moving away.
    if (await isLiveSandbox(dataDir, saved.home)) return reused(dataDir, saved.home, saved.home)
    log.warn('the sandbox port is taken by something else; this run uses another one', { port: saved.home })
    return start(dataDir, 0, saved.home)
  }
}

/** The URL of the embedded sandbox as last saved (for display), or null before its first start. */
export function embeddedSandboxUrl(dataDir: string): string | null {
  const ports = readPorts(dataDir)
  return ports === null ? null : `http://${HOST}:${ports.port}/v1`
}
