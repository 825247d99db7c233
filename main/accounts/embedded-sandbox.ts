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
  close(): Promise<void>
}>

const log = createLogger('embedded-sandbox')
const PORT_FILE = 'spool-embedded-port.json'
const HOST = '127.0.0.1'

const PortFile = z.object({ port: z.number().int().min(1).max(65535) })
const Credentials = z.object({ username: z.string(), password: z.string() }).loose()

function readPort(dataDir: string): number | null {
  try {
    return PortFile.parse(JSON.parse(readFileSync(join(dataDir, PORT_FILE), 'utf8'))).port
  } catch {
    return null
  }
}

function writePort(dataDir: string, port: number): void {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, PORT_FILE)
  writeFileSync(`${file}.tmp`, JSON.stringify({ port }), { mode: 0o600 })
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

function reused(dataDir: string, port: number): EmbeddedSandbox {
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
    close: () => Promise.resolve(),
  }
}

async function start(dataDir: string, port: number): Promise<EmbeddedSandbox> {
  // Loaded on demand: a process that talks to a real FastPix account never pays for the sandbox's modules.
  const { startSandbox } = await import('../../sandbox/index.ts')
  const s = await startSandbox({ dataDir, port, host: HOST })
  registerSecret(s.password)
  writePort(dataDir, s.port)
  log.info('sandbox started', { port: s.port })
  return {
    apiUrl: s.apiUrl,
    streamUrl: s.streamUrl,
    port: s.port,
    username: s.username,
    password: s.password,
    startedHere: true,
    close: () => s.close(),
  }
}

function addressInUse(caught: unknown): boolean {
  return (caught as { code?: string } | null)?.code === 'EADDRINUSE'
}

/**
 * Opens the built-in sandbox on the port it used last time (stored session URIs carry host:port): reuses a
 * live Spool sandbox on the same data (app + CLI), else binds the saved port, else — only when something
 * else holds that port — a fresh one, which is then saved.
 */
export async function openEmbeddedSandbox(dataDir: string): Promise<EmbeddedSandbox> {
  const saved = readPort(dataDir)
  if (saved === null) return start(dataDir, 0)
  if (await isLiveSandbox(dataDir, saved)) return reused(dataDir, saved)
  try {
    return await start(dataDir, saved)
  } catch (caught) {
    if (!addressInUse(caught)) throw caught
    // Another process may have just started it: look again before moving away.
    if (await isLiveSandbox(dataDir, saved)) return reused(dataDir, saved)
    log.warn('saved sandbox port is taken by something else; choosing a new one', { port: saved })
    return start(dataDir, 0)
  }
}

/** The URL of the embedded sandbox as last saved (for display), or null before its first start. */
export function embeddedSandboxUrl(dataDir: string): string | null {
  const port = readPort(dataDir)
  return port === null ? null : `http://${HOST}:${port}/v1`
}
