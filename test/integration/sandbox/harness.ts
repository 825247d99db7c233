/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON under test: assertions check them, not types */
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32c } from '@node-rs/crc32'
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../sandbox/index.ts'

/** Folder of the committed media fixtures. */
export const MEDIA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'media')

/** A JSON API answer. */
export type Json = { status: number; body: any; headers: Headers } // eslint-disable-line @typescript-eslint/no-explicit-any

/** A started sandbox on 127.0.0.1:0 with a temp data folder, plus small HTTP helpers. */
export type TestSandbox = {
  sb: SandboxHandle
  dir: string
  auth: string
  api: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Json>
  /** Creates a direct upload and returns `{uploadId, url}`. */
  createUpload: (settings?: Record<string, unknown>) => Promise<{ uploadId: string; url: string }>
  /** PUTs bytes to a session URI with an optional Content-Range. */
  put: (url: string, body: Uint8Array | undefined, range?: string, signal?: AbortSignal) => Promise<Response>
  /** Uploads a whole buffer in one PUT and waits until the media is Ready. */
  uploadReady: (data: Uint8Array, settings?: Record<string, unknown>) => Promise<string>
  close: () => Promise<void>
}

/** Starts a sandbox for one test file; call close() in afterAll/afterEach. */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'spool-sandbox-test-'))
  const sb = await startSandbox({ readyAfterMs: 0, ...options, dataDir: dir })
  const auth = 'Basic ' + Buffer.from(`${sb.username}:${sb.password}`).toString('base64')
  const api: TestSandbox['api'] = async (method, path, body, headers = {}) => {
    const res = await fetch(sb.apiUrl + path, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      headers: res.headers,
    }
  }
  const createUpload: TestSandbox['createUpload'] = async (settings = {}) => {
    const r = await api('POST', '/on-demand/upload', {
      corsOrigin: '*',
      pushMediaSettings: { accessPolicy: 'public', ...settings },
    })
    if (r.status !== 201) throw new Error(`create upload: ${r.status} ${JSON.stringify(r.body)}`)
    return { uploadId: r.body.data.uploadId as string, url: r.body.data.url as string }
  }
  const put: TestSandbox['put'] = (url, body, range, signal) =>
    fetch(url, { method: 'PUT', headers: range ? { 'content-range': range } : {}, body, signal })
  const uploadReady: TestSandbox['uploadReady'] = async (data, settings) => {
    const { uploadId, url } = await createUpload(settings)
    const res = await put(url, data, `bytes 0-${data.length - 1}/${data.length}`)
    if (res.status !== 200) throw new Error(`upload: ${res.status}`)
    await waitFor(async () => (await api('GET', `/on-demand/${uploadId}`)).body.data.status === 'Ready')
    return uploadId
  }
  return {
    sb,
    dir,
    auth,
    api,
    createUpload,
    put,
    uploadReady,
    close: async () => {
      await sb.close()
      if (!options.dataDir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Polls until the predicate holds (default 10 s). */
export async function waitFor(
  predicate: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** GCS-style hashes of a buffer, for comparing with `x-goog-hash`. */
export function gcsHashes(data: Uint8Array): { crc32c: string; md5: string } {
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32c(Buffer.from(data)) >>> 0)
  return { crc32c: crc.toString('base64'), md5: createHash('md5').update(data).digest('base64') }
}

/** Deterministic pseudo-random bytes. */
export function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size)
  let x = seed >>> 0 || 1
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/** 256 KiB, the GCS chunk quantum. */
export const Q = 256 * 1024

/** Serves the media fixtures over loopback (`url('tiny-audio.m4a')`), for tracks the sandbox must fetch. */
export async function serveFixtures(): Promise<{ url: (name: string) => string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const name = basename(decodeURIComponent((req.url ?? '/').split('?')[0] ?? ''))
    try {
      const data = readFileSync(join(MEDIA, name))
      res.writeHead(200, { 'content-length': data.length }).end(data)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
