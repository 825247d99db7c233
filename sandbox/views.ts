import { createHmac } from 'node:crypto'
import type { SandboxApp } from './app.ts'
import { timestamp } from './http-util.ts'
import { mediaStatus, playbackRecord, trackAvailable, trackState } from './lifecycle.ts'
import type { MediaRecord, TrackRecord, UploadRecord } from './model.ts'

// Response shapes, key order and quirks follow the captures (ARCHITECTURE.md §9): optional keys are absent, not null.

/** Track status vocabulary: GET/PATCH/input-info say available/preparing, the list endpoint says Ready. */
export type TrackStyle = 'detail' | 'list'

const RESOLUTIONS = [2160, 1440, 1080, 720, 480, 360]

function sourceResolution(media: MediaRecord): string | undefined {
  const video = media.probe?.ok ? media.probe.video : undefined
  if (!video) return undefined
  // FastPix buckets by the short side and writes it without "p"; below 360 the smallest bucket is used.
  const short = Math.min(video.width, video.height)
  return String(RESOLUTIONS.find((r) => short >= r) ?? 360)
}

function aspectRatio(media: MediaRecord): string | undefined {
  const video = media.probe?.ok ? media.probe.video : undefined
  if (!video) return undefined
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
  const g = gcd(video.width, video.height)
  return `${video.width / g}:${video.height / g}`
}

/** Seconds as FastPix's `HH:MM:SS` (whole seconds, truncated like the real API). */
export function hhmmss(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
}

// No failed track was ever captured: the words follow the list/detail pairs seen (Ready/available) and the
// spec's status enums of sibling objects (mp4 renditions, AI records: preparing|ready|failed).
const DETAIL_WORDS = { ready: 'available', preparing: 'preparing', failed: 'failed' } as const
const LIST_WORDS = { ready: 'Ready', preparing: 'Preparing', failed: 'Failed' } as const

/** A track inside a media object (no url there; only add/update responses carry it). */
export function renderTrack(media: MediaRecord, track: TrackRecord, style: TrackStyle, now: number) {
  const state = trackState(media, track, now)
  const status = (style === 'list' ? LIST_WORDS : DETAIL_WORDS)[state]
  const title = track.title !== undefined ? { title: track.title } : {}
  // Sandbox-only, like a media's failureReason: why an added track's file was refused.
  const failure = track.failure !== undefined ? { failureReason: track.failure } : {}
  if (track.type === 'video') {
    const frameRate = track.frameRate !== undefined ? { frameRate: track.frameRate } : {}
    return {
      id: track.id,
      type: track.type,
      width: track.width,
      height: track.height,
      ...frameRate,
      status,
      ...title,
    }
  }
  return {
    id: track.id,
    type: track.type,
    status,
    languageCode: track.languageCode,
    languageName: track.languageName,
    ...title,
    ...failure,
  }
}

/** The VTT URL of a generated subtitle track, on the sandbox's stream host. */
export function subtitleUrl(app: SandboxApp, media: MediaRecord, trackId: string): string {
  return `${app.streamUrl}/${media.playbackId}/text/${trackId}.vtt`
}

/** The full media object of GET/PATCH/list responses. */
export function renderMedia(app: SandboxApp, media: MediaRecord, style: TrackStyle, now = Date.now()) {
  const s = media.settings
  const probe = media.probe?.ok ? media.probe : undefined
  const tracks = media.tracks.map((t) => renderTrack(media, t, style, now))
  const generated = media.tracks
    .filter((t) => t.origin === 'generated')
    .map((t) =>
      trackAvailable(media, t, now)
        ? { status: 'available', url: subtitleUrl(app, media, t.id) }
        : { status: 'preparing' },
    )
  const resolution = sourceResolution(media)
  const ratio = aspectRatio(media)
  return {
    thumbnail: `${app.streamUrl}/${media.playbackId}/thumbnail.png`,
    id: media.id,
    workspaceId: app.identity.workspaceId,
    metadata: { ...s.metadata },
    mediaQuality: s.mediaQuality,
    ...(s.creatorId !== undefined ? { creatorId: s.creatorId } : {}),
    ...(s.title !== undefined ? { title: s.title } : {}),
    maxResolution: s.maxResolution,
    ...(resolution !== undefined ? { sourceResolution: resolution } : {}),
    status: mediaStatus(media, now),
    ...(media.failure !== undefined ? { failureReason: media.failure } : {}),
    ...(s.mp4Support !== undefined ? { mp4Support: s.mp4Support } : {}),
    sourceAccess: s.sourceAccess,
    playbackIds: [playbackRecord(media.playbackId, s.accessPolicy)],
    tracks,
    generatedSubtitles: generated,
    isAudioOnly: probe !== undefined && probe.video === undefined && probe.hasAudio,
    subtitleAvailable: media.tracks.some((t) => t.type === 'subtitle' && trackAvailable(media, t, now)),
    ...(probe?.durationSeconds !== undefined ? { duration: hhmmss(probe.durationSeconds) } : {}),
    ...(ratio !== undefined ? { aspectRatio: ratio } : {}),
    createdAt: timestamp(media.createdAtMs),
    updatedAt: timestamp(media.updatedAtMs),
  }
}

/** The 201 body of create-media (`POST /on-demand`). */
export function renderCreatedMedia(media: MediaRecord, now = Date.now()) {
  const s = media.settings
  return {
    id: media.id,
    trial: false,
    status: mediaStatus(media, now),
    createdAt: timestamp(media.createdAtMs),
    updatedAt: timestamp(media.updatedAtMs),
    playbackIds: [playbackRecord(media.playbackId, s.accessPolicy)],
    metadata: { ...s.metadata },
    mediaQuality: s.mediaQuality,
    sourceAccess: s.sourceAccess,
    maxResolution: s.maxResolution,
    inputs: media.source.kind === 'url' ? media.source.inputs : [],
    optimizeAudio: s.optimizeAudio,
  }
}

/** `20260520T100957Z`, the X-Goog-Date format. */
function googDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/**
 * The resumable session URI of an upload: on the sandbox's own host, already "initiated" (`upload_id=`), and
 * shaped like FastPix's real V4-signed GCS URI (X-Goog-Date, X-Goog-Expires, X-Goog-Signature) so clients
 * read its age the same way and secret scans have a real signature to look for. Only `upload_id` is checked.
 */
export function sessionUrl(app: SandboxApp, upload: UploadRecord): string {
  const signature = createHmac('sha256', app.identity.password).update(upload.sessionToken).digest('hex')
  const query = [
    'X-Goog-Algorithm=GOOG4-HMAC-SHA256',
    `X-Goog-Date=${googDate(upload.createdAtMs)}`,
    'X-Goog-Expires=14400',
    'X-Goog-SignedHeaders=host',
    `X-Goog-Signature=${signature}`,
    `upload_id=${upload.sessionToken}`,
  ].join('&')
  return `${app.origin}/upload/${app.identity.workspaceId}/${upload.uploadId}?${query}`
}

/** Direct-upload object of the create (201) and list-uploads responses. */
export function renderUpload(app: SandboxApp, upload: UploadRecord) {
  const s = upload.settings
  const { id: _noIdYet, ...playback } = playbackRecord('', s.accessPolicy)
  return {
    uploadId: upload.uploadId,
    trial: false,
    status: upload.status,
    url: sessionUrl(app, upload),
    timeout: 14400,
    corsOrigin: upload.corsOrigin,
    pushMediaSettings: {
      playbackIds: [playback],
      metadata: { ...s.metadata },
      mediaQuality: s.mediaQuality,
      sourceAccess: s.sourceAccess,
      optimizeAudio: s.optimizeAudio,
    },
  }
}

/** The cancel response: settings flattened, no timeout, no pushMediaSettings (ARCHITECTURE.md §9). */
export function renderCancelledUpload(app: SandboxApp, upload: UploadRecord) {
  const s = upload.settings
  return {
    uploadId: upload.uploadId,
    trial: false,
    status: upload.status,
    url: sessionUrl(app, upload),
    corsOrigin: upload.corsOrigin,
    maxResolution: s.maxResolution,
    accessPolicy: s.accessPolicy,
    metadata: { ...s.metadata },
    ...(s.title !== undefined ? { title: s.title } : {}),
    ...(s.creatorId !== undefined ? { creatorId: s.creatorId } : {}),
  }
}

/** URL that serves the stored original bytes (unguessable token, no Basic auth, Range support). */
export function fileUrl(app: SandboxApp, media: MediaRecord): string {
  return `${app.origin}/_sandbox/files/${media.fileToken}`
}

/** The input-info body. */
export function renderInputInfo(app: SandboxApp, media: MediaRecord, now = Date.now()) {
  const probe = media.probe?.ok ? media.probe : undefined
  const url =
    media.storedAtMs !== undefined || media.source.kind === 'upload' ? fileUrl(app, media) : media.source.url
  const sourceTracks = media.tracks.filter((t) => t.origin !== 'generated' || trackAvailable(media, t, now))
  return {
    configuration: { url },
    file: {
      ...(probe?.containerFormat !== undefined ? { containerFormat: probe.containerFormat } : {}),
      tracks: sourceTracks.map((t) => renderTrack(media, t, 'detail', now)),
    },
  }
}

/** Add/update-track response: `{id, type, url, languageCode, languageName}` (+title when set). */
export function renderTrackChange(track: TrackRecord) {
  return {
    id: track.id,
    type: track.type,
    ...(track.url !== undefined ? { url: track.url } : {}),
    languageCode: track.languageCode,
    languageName: track.languageName,
    ...(track.title !== undefined ? { title: track.title } : {}),
  }
}
