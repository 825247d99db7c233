import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream, renameSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { draw } from '../faults.ts'
import { probeFile } from '../probe.ts'
import type { Ctx, PtApp } from './app.ts'
import { PtError, uploadxError } from './http.ts'
import type { UploadRecord, VideoRecord } from './store.ts'
import { fileSize, findUpload, NO_STORE, NOT_FOUND, ownId } from './uploads-common.ts'
import { shortUuid } from './views.ts'

// A chunk PUT or status probe. The server writes each chunk at the offset of its Content-Range without
// comparing it with what it holds; a PUT answers 308 with the range up to the end of what it just wrote,
// a probe with the size of the file on disk; the chunk that reaches the declared size turns it into a video.

const drain = async (req: IncomingMessage) => {
  for await (const _ of req as AsyncIterable<Buffer>);
}

async function finish(app: PtApp, upload: UploadRecord) {
  app.locks.set(upload.id, 'processing')
  try {
    if (app.settings.finalizeDelayMs > 0) await sleep(app.settings.finalizeDelayMs)
    const path = app.store.uploadPath(upload.id)
    const probe = await probeFile(path)
    if (!probe.ok) {
      app.store.dropUpload(upload.id)
      app.log(`upload ${upload.id}: video file unreadable (${probe.reason})`)
      throw new PtError(422, 'Video file unreadable.')
    }
    const now = Date.now()
    const s = app.settings
    const [num, den] = (probe.video?.frameRate ?? '0/1').split('/').map(Number)
    const video: VideoRecord = {
      id: app.store.state.next.video++,
      uuid: randomUUID(),
      userId: upload.userId,
      meta: upload.meta,
      createdAtMs: now,
      updatedAtMs: now,
      publishedAtMs: now,
      transcodedAtMs: s.transcoding ? now + s.transcodingDelayMs : 0,
      torrentAtMs: now + Math.max(s.torrentDelayMs, s.transcoding ? s.transcodingDelayMs : 0),
      file: {
        id: app.store.state.next.file++,
        uuid: randomUUID(),
        ext: upload.ext,
        size: fileSize(path),
        width: probe.video?.width ?? 0,
        height: probe.video?.height ?? 0,
        fps: den ? Math.round((num ?? 0) / den) : 0,
        duration: Math.round(probe.durationSeconds ?? 0),
        hasAudio: probe.hasAudio,
        hasVideo: probe.video !== undefined,
      },
      thumbnailUuid: randomUUID(),
      previewUuid: randomUUID(),
      captions: [],
      inputFilename: upload.filename,
    }
    renameSync(path, app.store.videoPath(video))
    delete app.store.state.uploads[upload.id]
    app.store.state.videos.push(video)
    app.store.save()
    app.log(`upload ${upload.id} completed: video ${video.id} (${video.file.size} bytes)`)
    return {
      status: 200,
      body: { video: { id: video.id, shortUUID: shortUuid(video.uuid), uuid: video.uuid } },
    }
  } finally {
    app.locks.delete(upload.id)
  }
}

const RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/

export async function put(ctx: Ctx) {
  const { app, req } = ctx
  const id = ownId(ctx)
  const declared = Number(req.headers['content-length'] ?? 0)
  if (app.settings.proxyBodyLimit > 0 && declared > app.settings.proxyBodyLimit) {
    // The proxy answers before PeerTube sees anything: a bare HTML 413, the upload untouched.
    app.log(`proxy body limit: refused a ${declared}-byte chunk with a bare 413`)
    await drain(req)
    throw new PtError(
      413,
      '',
      {},
      {
        type: 'text/html',
        text: '<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>',
      },
    )
  }
  if (app.locks.get(id) === 'processing') {
    await drain(req)
    throw new PtError(503, 'The upload is already being processed', { headers: { 'retry-after': '300' } })
  }
  const upload = findUpload(app, id)
  if (!upload) throw NOT_FOUND()
  if (app.locks.get(id) === 'put') throw uploadxError(423, 'FileLocked', 'File locked')
  const stats = app.stats.of(id)
  stats.putCount++
  const f = app.faults
  const roll = (salt: number) => draw(f.seed, upload.seq, stats.putCount, salt)
  const path = app.store.uploadPath(id)
  const header = req.headers['content-range']
  let start = 0
  if (header !== undefined) {
    if (/^bytes \*\/\d+$/.test(header.trim())) {
      const held = fileSize(path)
      stats.bytesPersisted = held
      upload.lastActivityMs = Date.now()
      return {
        status: 308,
        headers: {
          'access-control-expose-headers': 'Retry-After,Range',
          range: `bytes=0-${held - 1}`,
          ...NO_STORE,
        },
      }
    }
    const m = RANGE.exec(header.trim())
    if (!m) throw uploadxError(400, 'InvalidRange', 'Invalid or missing content-range header')
    start = Number(m[1])
    if (Number(m[3]) !== upload.size || Number(m[2]) >= upload.size || Number(m[2]) < start)
      throw uploadxError(409, 'FileConflict', 'File conflict')
  }
  if (f.error > 0 && roll(1) < f.error) {
    stats.faultsInjected.error++
    await drain(req)
    if (roll(2) < 0.5)
      throw new PtError(
        429,
        '',
        { headers: { 'retry-after': '1' } },
        { type: 'text/html; charset=utf-8', text: 'Too many requests, please try again later.' },
      )
    throw new PtError(
      503,
      '',
      {},
      {
        type: 'text/html; charset=utf-8',
        text: '<html><body><h1>503 Service Unavailable</h1></body></html>',
      },
    )
  }
  app.locks.set(id, 'put')
  try {
    if (f.stall > 0 && roll(3) < f.stall) {
      stats.faultsInjected.stall++
      req.pause()
      if (!req.destroyed) await once(req, 'close')
      return undefined
    }
    const room = upload.size - start
    const expected = Number(req.headers['content-length'] ?? room)
    const cutAt = f.reset > 0 && roll(4) < f.reset ? Math.floor(roll(5) * expected) : Infinity
    const keep =
      f.partial > 0 && expected > 1 && roll(6) < f.partial
        ? Math.max(1, Math.floor(roll(7) * expected))
        : Infinity
    if (keep !== Infinity) stats.faultsInjected.partial++
    const out = createWriteStream(path, { flags: 'r+', start })
    const closed = once(out, 'close')
    let written = 0
    let seen = 0
    let aborted = false
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        stats.bytesReceived += chunk.length
        let piece = chunk.subarray(
          0,
          Math.max(0, Math.min(chunk.length, cutAt - seen, keep - written, room - written)),
        )
        seen += chunk.length
        if (piece.length > 0) {
          await app.throttle.take(piece.length)
          written += piece.length
          if (!out.write(piece)) await once(out, 'drain')
          piece = Buffer.alloc(0)
        }
        if (seen > cutAt) {
          stats.faultsInjected.reset++
          aborted = true
          req.socket.destroy()
          break
        }
      }
    } catch {
      aborted = true
    }
    out.end()
    await closed
    upload.lastActivityMs = Date.now()
    stats.bytesPersisted = fileSize(path)
    app.store.save()
    if (aborted || !req.complete) {
      req.socket?.destroy()
      return undefined
    }
    const end = start + written
    app.locks.delete(id)
    if (end === upload.size && keep === Infinity) return await finish(app, upload)
    return {
      status: 308,
      headers: {
        'access-control-expose-headers': 'Retry-After,Range',
        range: `bytes=0-${end - 1}`,
        ...NO_STORE,
      },
    }
  } finally {
    if (app.locks.get(id) === 'put') app.locks.delete(id)
  }
}
