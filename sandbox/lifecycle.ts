import { randomBytes, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { runInBackground, type SandboxApp } from './app.ts'
import type { AccessPolicy, MediaRecord, MediaSettings, PlaybackIdRecord, TrackRecord } from './model.ts'
import { probeFile } from './probe.ts'

/** Media status words of the FastPix enum that the sandbox produces. */
export type MediaStatus = 'Created' | 'Processing' | 'Ready' | 'Failed'

/** A playback id with FastPix's default allow-all restrictions. */
export function playbackRecord(id: string, accessPolicy: AccessPolicy): PlaybackIdRecord {
  const rules = () => ({ defaultPolicy: 'allow' as const, allow: [], deny: [] })
  return { id, accessPolicy, accessRestrictions: { domains: rules(), userAgents: rules() } }
}

/**
 * Status from timestamps, so a restart does not reset the clock: Created for the first third of
 * ready-after, then Processing until ready-after has passed and the probe has finished, then Ready.
 */
export function mediaStatus(media: MediaRecord, now: number): MediaStatus {
  if (media.failure !== undefined) return 'Failed'
  if (media.storedAtMs === undefined) return 'Created'
  const elapsed = now - media.storedAtMs
  if (elapsed < media.readyAfterMs / 3) return 'Created'
  if (elapsed < media.readyAfterMs || media.probe === undefined) return 'Processing'
  return 'Ready'
}

/** Where a track stands: generated subtitles take ready-after to "transcribe", added ones are fetched first. */
export function trackState(
  media: MediaRecord,
  track: TrackRecord,
  now: number,
): 'ready' | 'preparing' | 'failed' {
  if (track.failure !== undefined) return 'failed'
  if (track.pending === true) return 'preparing'
  if (track.readyAtMs !== undefined) return now >= track.readyAtMs ? 'ready' : 'preparing'
  return track.origin !== 'source' || mediaStatus(media, now) === 'Ready' ? 'ready' : 'preparing'
}

/** Whether a track is usable yet. */
export function trackAvailable(media: MediaRecord, track: TrackRecord, now: number): boolean {
  return trackState(media, track, now) === 'ready'
}

/** A new media record in state Created (bytes not there yet, or just stored). */
export function newMedia(
  app: SandboxApp,
  id: string,
  settings: MediaSettings,
  source: MediaRecord['source'],
): MediaRecord {
  const now = Date.now()
  return {
    id,
    playbackId: randomUUID(),
    settings,
    fileToken: randomBytes(24).toString('base64url'),
    source,
    createdAtMs: now,
    updatedAtMs: now,
    readyAfterMs: app.readyAfterMs,
    tracks: [],
  }
}

/** Probes the stored bytes in the background and records the tracks it finds. */
export function startProbe(app: SandboxApp, mediaId: string): void {
  runInBackground(app, `probe ${mediaId}`, async () => {
    const probe = await probeFile(app.store.objectPath(mediaId))
    const media = app.store.media(mediaId)
    if (!media) return // deleted meanwhile
    media.probe = probe
    const tracks: TrackRecord[] = []
    if (probe.ok && probe.video) {
      const { width, height, frameRate } = probe.video
      tracks.push({ id: randomUUID(), type: 'video', origin: 'source', width, height, frameRate })
    }
    if (probe.ok && probe.hasAudio)
      tracks.push({
        id: randomUUID(),
        type: 'audio',
        origin: 'source',
        languageCode: 'und',
        languageName: 'default',
      })
    media.tracks = [...tracks, ...media.tracks.filter((t) => t.origin !== 'source')]
    if (!probe.ok) app.log(`media ${mediaId}: not probed as media (${probe.reason}); it will have no tracks`)
    app.store.putMedia(media)
  })
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/** Why a URL the sandbox is given is refused, or undefined when it may fetch it. */
export function refuseUrl(url: string, allowRemote = false): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return `input url "${url}" is not a valid URL`
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `unsupported URL scheme ${parsed.protocol}`
  if (!allowRemote && !LOOPBACK_HOSTS.has(parsed.hostname))
    return `the sandbox only fetches loopback URLs (127.0.0.1, localhost, [::1]); ${parsed.hostname} is not one`
  return undefined
}

/** Fetches a URL-pulled media's bytes (loopback only), then probes them; failures end in a Failed media. */
export function startPull(app: SandboxApp, mediaId: string, url: string): void {
  runInBackground(app, `pull ${mediaId}`, async () => {
    const fail = (reason: string) => {
      const media = app.store.media(mediaId)
      if (!media) return
      media.failure = reason
      media.updatedAtMs = Date.now()
      app.store.putMedia(media)
      app.log(`media ${mediaId} failed: ${reason}`)
    }
    const refusal = refuseUrl(url, app.fetching.allowRemoteUrls)
    if (refusal) return fail(refusal)
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(120_000), app.closing])
      const response = await fetch(url, { signal })
      if (!response.ok || !response.body)
        return fail(`fetching the input url answered HTTP ${response.status}`)
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        createWriteStream(app.store.objectPath(mediaId)),
      )
    } catch (error) {
      if (app.closing.aborted) return // interrupted by close(): pulled again at the next start
      return fail(`fetching the input url failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    const media = app.store.media(mediaId)
    if (!media) return
    media.storedAtMs = Date.now()
    app.store.putMedia(media)
    startProbe(app, mediaId)
  })
}

/** After a restart: finish probes and pulls that were interrupted (track fetches: track-fetch.ts). */
export function resumeBackgroundWork(app: SandboxApp): void {
  for (const media of app.store.allMedia()) {
    if (media.failure !== undefined) continue
    if (media.storedAtMs !== undefined && media.probe === undefined) startProbe(app, media.id)
    else if (media.storedAtMs === undefined && media.source.kind === 'url')
      startPull(app, media.id, media.source.url)
  }
}
