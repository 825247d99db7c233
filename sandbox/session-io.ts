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
