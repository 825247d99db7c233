import { createWriteStream } from 'node:fs'
import { open, unlink } from 'node:fs/promises'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { runInBackground, type SandboxApp } from './app.ts'
import { refuseUrl } from './lifecycle.ts'
import { probeFile } from './probe.ts'

/** Why a fetch of a track URL was given up (the message becomes the track's failure reason). */
class FetchRefused extends Error {}

// Enough of a subtitle file's head to recognise its format.
const HEAD_BYTES = 4096
const TIMESTAMP = String.raw`\d{1,2}:\d{2}:\d{2}[,.]\d{3}`
const SRT_CUE = new RegExp(String.raw`^\s*\d+[ \t]*\r?\n${TIMESTAMP}[ \t]*-->[ \t]*${TIMESTAMP}`)

/** 'vtt' or 'srt' when the text starts like a WebVTT or SubRip file, else undefined. */
export function subtitleFormat(head: string): 'vtt' | 'srt' | undefined {
  const text = head.replace(/^\uFEFF/, '')
  if (/^WEBVTT(?:[ \t]|\r?\n|$)/.test(text)) return 'vtt'
  if (SRT_CUE.test(text)) return 'srt'
  return undefined
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause
  if (cause?.code) return cause.code
  if (cause?.message) return cause.message
  return error instanceof Error ? error.message : String(error)
}

/** Streams `url` into `file`, within the fetch policy's time and size; throws FetchRefused with the reason. */
async function download(app: SandboxApp, url: string, file: string): Promise<void> {
  const { trackTimeoutMs, trackMaxBytes, allowRemoteUrls } = app.fetching
  const timeout = AbortSignal.timeout(trackTimeoutMs)
  const signal = AbortSignal.any([timeout, app.closing])
  const timedOut = () => new FetchRefused(`fetching the track url timed out after ${trackTimeoutMs} ms`)
  const tooBig = () =>
    new FetchRefused(`the track file is over the sandbox's limit of ${trackMaxBytes} bytes`)
  try {
    // Redirects are not followed in loopback-only mode: one could lead off the machine.
    const response = await fetch(url, { signal, redirect: allowRemoteUrls ? 'follow' : 'manual' })
    if (!response.ok || !response.body) {
      await response.body?.cancel()
      throw new FetchRefused(`fetching the track url answered HTTP ${response.status}`)
    }
    const declared = Number(response.headers.get('content-length') ?? NaN)
    if (declared > trackMaxBytes) {
      await response.body.cancel()
      throw tooBig()
    }
    let size = 0
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length
        done(size > trackMaxBytes ? tooBig() : null, chunk)
      },
    })
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)
    await pipeline(body, limit, createWriteStream(file), { signal })
  } catch (error) {
    if (error instanceof FetchRefused) throw error
    if (app.closing.aborted) throw error
    if (timeout.aborted) throw timedOut()
    throw new FetchRefused(`fetching the track url failed (${causeOf(error)})`)
  }
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r')
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

/** Checks the fetched file is what the track says it is; returns the reason when it is not. */
async function checkFile(type: string, file: string): Promise<string | undefined> {
  if (type === 'subtitle') {
    const format = subtitleFormat(await readHead(file))
    return format ? undefined : 'the track file is not a WebVTT or SRT subtitle file'
  }
  const probe = await probeFile(file)
  if (!probe.ok) return `the track file is not audio (${probe.reason})`
  return probe.hasAudio ? undefined : 'the track file has no audio stream'
}

/** Records the outcome on the track (if the media and the track still exist). */
function settle(app: SandboxApp, mediaId: string, trackId: string, failure: string | undefined): void {
  const media = app.store.media(mediaId)
  const track = media?.tracks.find((t) => t.id === trackId)
  if (!media || !track) return
  delete track.pending
  if (failure !== undefined) track.failure = failure
  media.updatedAtMs = Date.now()
  app.store.putMedia(media)
  app.log(`track ${trackId} of media ${mediaId}: ${failure === undefined ? 'ready' : `failed: ${failure}`}`)
}

/**
 * Fetches an added track's URL in the background (loopback only unless allowed, bounded in time and size),
 * then checks it: audio must probe as audio, subtitles must look like WebVTT or SRT. The bytes are not kept.
 */
export function startTrackFetch(app: SandboxApp, mediaId: string, trackId: string, url: string): void {
  runInBackground(app, `track fetch ${trackId}`, async () => {
    const refusal = refuseUrl(url, app.fetching.allowRemoteUrls)
    if (refusal) return settle(app, mediaId, trackId, refusal)
    const type = app.store.media(mediaId)?.tracks.find((t) => t.id === trackId)?.type
    if (type === undefined) return
    const file = app.store.objectPath(`track-${trackId}`)
    try {
      await download(app, url, file)
      settle(app, mediaId, trackId, await checkFile(type, file))
    } catch (error) {
      if (app.closing.aborted) return // interrupted by close(): fetched again at the next start
      const reason =
        error instanceof FetchRefused ? error.message : `the track could not be read (${causeOf(error)})`
      settle(app, mediaId, trackId, reason)
    } finally {
      await unlink(file).catch(() => {})
    }
  })
}

/** After a restart: fetch again the tracks whose fetch was interrupted. */
export function resumeTrackFetches(app: SandboxApp): void {
  for (const media of app.store.allMedia())
    for (const track of media.tracks)
      if (track.pending === true && track.url !== undefined)
        startTrackFetch(app, media.id, track.id, track.url)
}
