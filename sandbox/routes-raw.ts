import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SandboxApp } from './app.ts'
import { ensureStream, streamDir, thumbnailPng } from './derived.ts'
import { trackAvailable } from './lifecycle.ts'
import type { MediaRecord } from './model.ts'

// Routes outside the JSON API: the original bytes behind input-info, and the stream host (thumbnail, HLS
// playlist and segments, VTT).

function text(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) })
  res.end(body)
}

function byPlayback(app: SandboxApp, playbackId: string | undefined): MediaRecord | undefined {
  return app.store.allMedia().find((m) => m.playbackId === playbackId)
}

/** Serves a media's stored bytes by its secret token, with single-range `Range` support (206/416). */
export async function serveFile(
  app: SandboxApp,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
): Promise<void> {
  const media = app.store.allMedia().find((m) => m.fileToken === token && m.storedAtMs !== undefined)
  if (!media) return text(res, 404, 'Not found')
  const file = app.store.objectPath(media.id)
  let size: number
  try {
    size = (await stat(file)).size
  } catch {
    return text(res, 404, 'Not found')
  }
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    'content-type': 'application/octet-stream',
  }
  let start = 0
  let end = size - 1
  let status = 200
  const range = req.headers.range
  if (range !== undefined) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim())
    if (m && (m[1] !== '' || m[2] !== '')) {
      if (m[1] === '') {
        start = Math.max(0, size - Number(m[2]))
      } else {
        start = Number(m[1])
        if (m[2] !== '') end = Math.min(end, Number(m[2]))
      }
      if (start >= size || start > end) {
        res.writeHead(416, { 'content-range': `bytes */${size}` })
        return void res.end()
      }
      status = 206
      headers['content-range'] = `bytes ${start}-${end}/${size}`
    }
  }
  headers['content-length'] = String(Math.max(0, end - start + 1))
  res.writeHead(status, headers)
  if (req.method === 'HEAD' || size === 0) return void res.end()
  createReadStream(file, { start, end })
    .on('error', () => res.destroy())
    .pipe(res)
}

/** `GET /stream/{playbackId}/thumbnail.png`: a frame of the media (derived.ts), made on first request. */
export async function serveThumbnail(
  app: SandboxApp,
  res: ServerResponse,
  playbackId: string | undefined,
): Promise<void> {
  const media = byPlayback(app, playbackId)
  if (!media) return text(res, 404, 'Not found')
  const png = await thumbnailPng(app, media)
  res.writeHead(200, {
    'content-type': 'image/png',
    'content-length': String(png.length),
  })
  res.end(png)
}

/**
 * `GET /stream/{playbackId}.m3u8`: the media's HLS playlist, its entries pointing under the playback id
 * (`{playbackId}/hls/…`) as FastPix's rendition playlists point under theirs. 404 while the media has no
 * stream yet, with the reason.
 */
export async function servePlaylist(
  app: SandboxApp,
  res: ServerResponse,
  playbackId: string | undefined,
): Promise<void> {
  const media = byPlayback(app, playbackId)
  if (!media || media.storedAtMs === undefined) return text(res, 404, 'Not found')
  const missing = await ensureStream(app, media)
  if (missing !== undefined) return text(res, 404, `No stream for this media: ${missing}`)
  const playlist = (await readFile(join(streamDir(app, media.id), 'index.m3u8'), 'utf8'))
    .split('\n')
    .map((line) =>
      line.startsWith('#')
        ? line.replace(/URI="([^"]+)"/, (_m, uri: string) => `URI="${media.playbackId}/hls/${uri}"`)
        : line.trim() === ''
          ? line
          : `${media.playbackId}/hls/${line.trim()}`,
    )
    .join('\n')
  text(res, 200, playlist, 'application/vnd.apple.mpegurl')
}

/** `GET /stream/{playbackId}/hls/{file}`: the init segment and media segments of the playlist. */
export async function serveSegment(
  app: SandboxApp,
  res: ServerResponse,
  playbackId: string | undefined,
  file: string | undefined,
): Promise<void> {
  const media = byPlayback(app, playbackId)
  // Only the names ffmpeg writes: never a path that leaves the media's stream folder.
  if (!media || !file || basename(file) !== file || !/^(init\.mp4|segment-\d+\.m4s)$/.test(file))
    return text(res, 404, 'Not found')
  let bytes: Buffer
  try {
    bytes = await readFile(join(streamDir(app, media.id), file))
  } catch {
    return text(res, 404, 'Not found')
  }
  res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(bytes.length) })
  res.end(bytes)
}

/** `GET /stream/{playbackId}/text/{trackId}.vtt`: a generated subtitle, clearly marked as sandbox output. */
export function serveSubtitle(
  app: SandboxApp,
  res: ServerResponse,
  playbackId: string | undefined,
  file: string | undefined,
): void {
  const media = byPlayback(app, playbackId)
  const trackId = file?.replace(/\.vtt$/, '')
  const track = media?.tracks.find((t) => t.id === trackId && t.origin === 'generated')
  if (!media || !track || !trackAvailable(media, track, Date.now())) return text(res, 404, 'Not found')
  const vtt = [
    'WEBVTT',
    '',
    'NOTE Spool sandbox output: these subtitles were not generated by FastPix and transcribe nothing.',
    '',
    '00:00:00.000 --> 00:00:05.000',
    `[Spool sandbox output] Placeholder ${track.languageName ?? ''} (${track.languageCode ?? ''}) subtitles.`,
    '',
  ].join('\n')
  text(res, 200, vtt, 'text/vtt; charset=utf-8')
}
