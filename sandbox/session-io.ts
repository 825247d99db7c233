import { fdatasync, type WriteStream } from 'node:fs'
import { stat, writeFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SandboxApp } from './app.ts'
import type { UploadRecord } from './model.ts'
import { reclaimAfter } from './reclaim.ts'

// Low-level replies and file helpers of the session protocol (session.ts holds the rules).

/** Answers a session request with a plain-text body (GCS answers XML or text; clients read the status). */
export function reply(
  res: ServerResponse,
  status: number,
  message = '',
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(message)),
  })
  res.end(message)
}

/** 308 "Resume Incomplete" with `Range: bytes=0-N`, or without Range when nothing is persisted. */
export function incomplete(res: ServerResponse, persisted: number): void {
  // 308 "Resume Incomplete"; without Range when nothing is persisted, exactly like GCS.
  res.statusMessage = 'Resume Incomplete'
  reply(res, 308, '', persisted > 0 ? { range: `bytes=0-${persisted - 1}` } : {})
}

/** 200 with `x-goog-hash` and a GCS JSON object resource (Google's client checks its crc32c/md5Hash). */
export function complete(app: SandboxApp, res: ServerResponse, upload: UploadRecord): void {
  const h = upload.hashes!
  const body = JSON.stringify({
    kind: 'storage#object',
    bucket: 'spool-sandbox',
    name: `${app.identity.workspaceId}/${upload.uploadId}`,
    size: String(h.size),
    crc32c: h.crc32c,
    md5Hash: h.md5,
  })
  res.writeHead(200, {
    'x-goog-hash': `crc32c=${h.crc32c},md5=${h.md5}`,
    'x-goog-stored-content-length': String(h.size),
    'content-type': 'application/json; charset=UTF-8',
    'content-length': String(Buffer.byteLength(body)),
  })
  res.end(body)
}

/** Reads and drops a request body, counting its bytes. */
export async function discardBody(req: IncomingMessage, count: (bytes: number) => void): Promise<void> {
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      count(chunk.length)
      reclaimAfter(chunk.length)
    }
  } catch {
    // the client went away; the reply below is then simply not delivered
  }
}

/** Bytes persisted for a session = size of its object file (created empty if missing). */
export async function persistedSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size
  } catch {
    await writeFile(file, '')
    return 0
  }
}

/** Bytes a PUT stores between two background flushes. */
const FLUSH_EVERY = 16 * 1024 * 1024

/**
 * Returns a counter that writes a PUT's bytes to disk while it is still receiving: every FLUSH_EVERY bytes it
 * starts an fdatasync in the background (never two at once), so the flush when the PUT ends (the stream's
 * `flush: true`) has little left to do. A server that persisted a chunk only once it had all of it would
 * make every chunk's answer wait for the disk to take the whole chunk, which is this machine's disk speed,
 * not the protocol's cost: chunked clients were then measured against that, single-request ones were not.
 */
export function flushAsStored(out: WriteStream): (bytes: number) => void {
  let pending = 0
  let flushing = false
  return (bytes) => {
    pending += bytes
    const fd = (out as WriteStream & { fd: number | null }).fd
    if (pending < FLUSH_EVERY || flushing || typeof fd !== 'number') return
    pending = 0
    flushing = true
    fdatasync(fd, () => (flushing = false)) // an error here is the final flush's to report
  }
}
