import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { open, unlink } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SandboxApp } from './app.ts'
import { parseContentRange } from './content-range.ts'
import { draw } from './faults.ts'
import { forgetHashes, hashAsStored, hashFile } from './hash.ts'
import { newMedia, startProbe } from './lifecycle.ts'
import { reclaimAfter } from './reclaim.ts'
import { complete, discardBody, flushAsStored, incomplete, persistedSize, reply } from './session-io.ts'
import type { UploadRecord } from './model.ts'

// The GCS resumable-session protocol on the session URI (ARCHITECTURE.md §9). Decisions where GCS is vague:
// - a chunk that starts before the persisted offset has its already-persisted prefix skipped (a client
//   re-sending from its last acknowledged offset works); a chunk that starts after it (a gap) is a 400;
// - a newer PUT on the same session takes over: the older, still-open request is destroyed first;
// - after DELETE (499) or a FastPix cancel the session answers 404; after its lifetime, 410.

const QUANTUM = 256 * 1024

async function flipByte(file: string, at: number): Promise<void> {
  const handle = await open(file, 'r+')
  try {
    const one = Buffer.alloc(1)
    await handle.read(one, 0, 1, at)
    one[0] = (one[0] ?? 0) ^ 0xff
    await handle.write(one, 0, 1, at)
    await handle.sync()
  } finally {
    await handle.close()
  }
}
const WEEK_SECONDS = 7 * 24 * 3600

async function finalize(app: SandboxApp, upload: UploadRecord, size: number): Promise<void> {
  const object = app.store.objectPath(upload.uploadId)
  const f = app.faults
  if (f.corrupt > 0 && size > 0 && draw(f.seed, upload.seq, 0, 8) < f.corrupt) {
    // The stored object differs from what was sent (fault matrix F16): x-goog-hash then reports the damaged
    // object, exactly what a client's own CRC32C/MD5 check must catch.
    await flipByte(object, Math.floor(size / 2))
    forgetHashes(object)
    app.stats.of(upload.uploadId).faultsInjected.corrupt++
  }
  upload.hashes = await hashFile(object)
  upload.status = 'completed'
  upload.totalSize = size
  const media = newMedia(app, upload.uploadId, upload.settings, { kind: 'upload' })
  media.storedAtMs = Date.now()
  media.hashes = upload.hashes
  app.store.putUploadAndMedia(upload, media)
  app.log(`upload ${upload.uploadId} completed (${size} bytes)`)
  startProbe(app, media.id)
}

/** Finds the session for a URI; undefined when the id or its secret `upload_id` do not match. */
function findSession(app: SandboxApp, uploadId: string, token: string | null): UploadRecord | undefined {
  const upload = app.store.upload(uploadId)
  return upload && token !== null && upload.sessionToken === token ? upload : undefined
}

/** Handles any request on a session URI. */
export async function handleSession(
  app: SandboxApp,
  req: IncomingMessage,
  res: ServerResponse,
  uploadId: string,
): Promise<void> {
  const token = new URL(req.url ?? '/', app.origin).searchParams.get('upload_id')
  const upload = findSession(app, uploadId, token)
  if (!upload) return reply(res, 404, 'No such upload session.')
  if (req.method !== 'PUT' && req.method !== 'DELETE')
    return reply(res, 405, 'Session URIs only accept PUT (and DELETE to cancel).', { allow: 'PUT, DELETE' })
  if (upload.sessionDeleted || upload.status === 'cancelled')
    return reply(res, 404, 'The upload session was cancelled.')
  const expiresAt = upload.createdAtMs + (upload.ttlSeconds ?? WEEK_SECONDS) * 1000
  if (upload.status !== 'completed' && Date.now() > expiresAt)
    return reply(res, 410, 'The upload session has expired.')

  // One request at a time per session: a newer one takes over from a stalled or abandoned one.
  let release!: () => void
  const done = new Promise<void>((resolve) => (release = resolve))
  const previous = app.activePuts.get(uploadId)
  app.activePuts.set(uploadId, { req, done })
  try {
    if (previous) {
      previous.req.socket?.destroy() // destroying the socket (not just the request) ends a stalled read
      await previous.done
    }
    if (req.method === 'DELETE') {
      upload.sessionDeleted = true
      app.store.putUpload(upload)
      if (upload.status !== 'completed') await unlink(app.store.objectPath(uploadId)).catch(() => {})
      res.statusMessage = 'Client Closed Request'
      return reply(res, 499)
    }
    await handlePut(app, req, res, upload)
  } finally {
    if (app.activePuts.get(uploadId)?.done === done) app.activePuts.delete(uploadId)
    release()
  }
}

async function handlePut(
  app: SandboxApp,
  req: IncomingMessage,
  res: ServerResponse,
  upload: UploadRecord,
): Promise<void> {
  const stats = app.stats.of(upload.uploadId)
  stats.putCount++
  const f = app.faults
  const roll = (salt: number) => draw(f.seed, upload.seq, stats.putCount, salt)
  if (f.error > 0 && roll(1) < f.error) {
    stats.faultsInjected.error++
    // Read (and discard) the whole body first, as a front end would: answering mid-body races clients that
    // are still streaming it (Google's client then miscounts what it sent).
    await discardBody(req, (n) => (stats.bytesReceived += n))
    const throttled = roll(2) < 0.5
    return reply(res, throttled ? 429 : 503, 'Injected fault.', throttled ? { 'retry-after': '1' } : {})
  }
  const file = app.store.objectPath(upload.uploadId)
  if (upload.status === 'completed') {
    req.resume()
    return complete(app, res, upload)
  }
  let range = parseContentRange(req.headers['content-range'])
  const contentLength =
    req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length'])
  if (range.kind === 'none') {
    // No Content-Range: a whole-object PUT when it has a body, else a status query.
    range = contentLength
      ? { kind: 'data', start: 0, end: contentLength - 1, total: contentLength }
      : { kind: 'query', total: undefined }
  }
  if (range.kind === 'invalid') {
    req.resume()
    return reply(res, 400, `Invalid request: ${range.reason}.`)
  }
  const declaredTotal = range.total
  if (declaredTotal !== undefined && upload.totalSize !== undefined && declaredTotal !== upload.totalSize) {
    req.resume()
    return reply(
      res,
      400,
      `Invalid request: the total size changed from ${upload.totalSize} to ${declaredTotal}.`,
    )
  }
  let persisted = await persistedSize(file)
  stats.bytesPersisted = persisted
  if (declaredTotal !== undefined && declaredTotal < persisted) {
    req.resume()
    return reply(
      res,
      400,
      `Invalid request: total ${declaredTotal} is less than the ${persisted} bytes persisted.`,
    )
  }
  if (declaredTotal !== undefined && upload.totalSize === undefined) {
    upload.totalSize = declaredTotal
    app.store.putUpload(upload)
  }

  if (range.kind === 'query') {
    req.resume()
    if (declaredTotal !== undefined && declaredTotal === persisted) {
      await finalize(app, upload, persisted)
      return complete(app, res, upload)
    }
    return incomplete(res, persisted)
  }

  const { start, end } = range
  const length = end === undefined ? undefined : end - start + 1
  if (start > persisted) {
    req.resume()
    return reply(
      res,
      400,
      `Invalid request: the chunk starts at ${start} but only ${persisted} bytes are persisted.`,
    )
  }
  if (length !== undefined && contentLength !== undefined && contentLength !== length) {
    req.resume()
    return reply(
      res,
      400,
      `Invalid request: Content-Length ${contentLength} does not match Content-Range (${length} bytes).`,
    )
  }
  const final = end === undefined || (declaredTotal !== undefined && end + 1 === declaredTotal)
  if (!final && length! % QUANTUM !== 0) {
    req.resume()
    return reply(res, 400, 'Invalid request: non-final chunks must be a multiple of 256 KiB (262144 bytes).')
  }

  if (f.stall > 0 && roll(3) < f.stall) {
    // Stop reading and never answer; the client's timeout (or a newer PUT taking over) ends it.
    stats.faultsInjected.stall++
    req.pause()
    if (!req.destroyed) await once(req, 'close')
    return
  }
  const expected = length ?? contentLength ?? 1024 * 1024
  const cutAt = f.reset > 0 && roll(4) < f.reset ? Math.floor(roll(5) * expected) : Infinity
  const fresh = start + expected - persisted
  // A partial persist keeps at least one quantum (so the 308 carries a Range) and always less than was sent.
  const partial = f.partial > 0 && fresh > QUANTUM && roll(6) < f.partial
  const keep = partial ? QUANTUM + Math.floor((roll(7) * (fresh - QUANTUM)) / QUANTUM) * QUANTUM : Infinity
  if (keep !== Infinity) stats.faultsInjected.partial++

  let skip = persisted - start
  let bodyBytes = 0
  let accepted = 0
  let aborted = false
  const hashes = hashAsStored(file, persisted)
  const out = createWriteStream(file, { flags: 'r+', start: persisted, flush: true })
  const flushing = flushAsStored(out)
  const closed = once(out, 'close')
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      stats.bytesReceived += chunk.length
      reclaimAfter(chunk.length)
      const at = bodyBytes
      bodyBytes += chunk.length
      let piece = chunk
      const cut = at + piece.length > cutAt
      if (cut) piece = piece.subarray(0, Math.max(0, cutAt - at))
      if (length !== undefined && at + piece.length > length)
        piece = piece.subarray(0, Math.max(0, length - at))
      if (skip > 0) {
        const n = Math.min(skip, piece.length)
        skip -= n
        piece = piece.subarray(n)
      }
      if (accepted + piece.length > keep) piece = piece.subarray(0, keep - accepted)
      if (piece.length > 0) {
        await app.throttle.take(piece.length)
        accepted += piece.length
        hashes.feed(piece)
        if (!out.write(piece)) await once(out, 'drain')
        flushing(piece.length)
      }
      if (cut) {
        stats.faultsInjected.reset++
        aborted = true
        req.socket.destroy() // reset the connection after this partial body (before leaving the loop)
        break
      }
    }
  } catch {
    aborted = true // the client went away mid-body; what reached the disk stays persisted, as with GCS
  }
  out.end()
  await closed
  persisted = await persistedSize(file)
  hashes.settle(persisted)
  stats.bytesPersisted = persisted
  if (aborted || !req.complete) {
    req.socket?.destroy()
    return
  }
  const total = declaredTotal ?? (end === undefined ? start + bodyBytes : undefined)
  if (final && keep === Infinity && total !== undefined && persisted === total) {
    await finalize(app, upload, persisted)
    return complete(app, res, upload)
  }
  return incomplete(res, persisted)
}
