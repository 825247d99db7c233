import { asMediaId, asTrackId, asUploadId } from '../../../common/domain/ids.ts'
import {
  toMediaStatus,
  type GeneratedSubtitle,
  type InputInfo,
  type Media,
  type Mp4Option,
  type Mp4Support,
  type PlaybackId,
  type Track,
  type TrackStatus,
  type TrackType,
} from '../../../common/domain/media.ts'
import { readSpoolMetadata } from '../../../common/domain/spool-metadata.ts'
import type { ContentProbe, RemoteCopy, RemoteUpload } from '../provider.ts'
import type { RawMedia, RawTrack } from './schemas.ts'
import type { RawUpload } from './schemas-upload.ts'

/** Pure mappers from FastPix's raw shapes to Spool's domain types (no I/O). */

/** Media status word → MediaStatus; unknown words (e.g. "Errored") become 'unknown' and stay visible as raw. */
export const mediaStatus = toMediaStatus

/** Track status across endpoints: 'available' (GET) ≡ 'Ready' (list) ≡ ready (ARCHITECTURE.md §9). */
export function trackStatus(raw: string | undefined): TrackStatus {
  const word = (raw ?? '').trim().toLowerCase()
  if (word === 'available' || word === 'ready') return 'ready'
  if (word === 'preparing' || word === 'processing' || word === 'pending' || word === 'created')
    return 'preparing'
  if (word === 'failed' || word === 'errored' || word === 'error') return 'failed'
  return 'unknown'
}

/** "HH:MM:SS" (or "MM:SS", "SS.sss", a number of seconds) → seconds; null when absent or unreadable. */
export function durationSeconds(raw: string | number | null | undefined): number | null {
  if (raw === null || raw === undefined) return null
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? raw : null
  const parts = raw.trim().split(':')
  if (parts.length > 3 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) return null
  return parts.reduce((total, p) => total * 60 + Number(p), 0)
}

/** Metadata values are strings at FastPix; anything else is stringified rather than dropped. */
export function metadataMap(raw: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v === null || v === undefined) continue
    out[k] = typeof v === 'string' ? v : JSON.stringify(v)
  }
  return out
}

const MP4_OPTIONS: ReadonlyArray<Mp4Option> = ['none', 'capped_4k', 'audioOnly', 'audioOnly,capped_4k']

/** mp4Support as a string (PATCH responses) or an array of renditions (newer spec); absent = none. */
export function mp4Support(raw: RawMedia['mp4Support']): Mp4Support {
  if (raw === null || raw === undefined) return { option: 'none', renditions: [] }
  if (typeof raw === 'string') {
    const normal = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .sort()
      .join(',')
    const option = MP4_OPTIONS.find((o) => o === normal) ?? (normal === '' ? 'none' : 'unknown')
    return { option, renditions: [] }
  }
  const renditions = raw.map((r) => ({
    type: r.type ?? 'unknown',
    status: r.status ?? 'unknown',
    ...(r.width !== undefined ? { width: r.width } : {}),
    ...(r.height !== undefined ? { height: r.height } : {}),
    ...(r.ext !== undefined ? { ext: r.ext } : {}),
  }))
  const types = [...new Set(renditions.map((r) => r.type))].sort().join(',')
  const option = types === '' ? 'none' : (MP4_OPTIONS.find((o) => o === types) ?? 'unknown')
  return { option, renditions }
}

function trackType(raw: string): TrackType {
  const t = raw.trim().toLowerCase()
  return t === 'video' || t === 'audio' || t === 'subtitle' ? t : 'unknown'
}

/** A raw track → Track; a type Spool does not know yet becomes 'unknown' and keeps its raw word. */
export function toTrack(raw: RawTrack): Track {
  const rawStatus = raw.status ?? ''
  return {
    id: asTrackId(raw.id),
    type: trackType(raw.type),
    rawType: raw.type,
    // Add/update/generate-subtitles responses carry no status (captured): the track was just accepted.
    status: raw.status === undefined ? 'preparing' : trackStatus(raw.status),
    rawStatus,
    ...(raw.languageCode !== undefined ? { languageCode: raw.languageCode } : {}),
    ...(raw.languageName !== undefined ? { languageName: raw.languageName } : {}),
    ...(raw.title !== undefined ? { title: raw.title } : {}),
    ...(raw.width !== undefined ? { width: raw.width } : {}),
    ...(raw.height !== undefined ? { height: raw.height } : {}),
    ...(raw.frameRate !== undefined ? { frameRate: String(raw.frameRate) } : {}),
    ...(raw.url !== undefined ? { url: raw.url } : {}),
  }
}

function toTracks(raw: ReadonlyArray<RawTrack> | null | undefined): Track[] {
  return (raw ?? []).map(toTrack)
}

function toSubtitle(raw: { status?: string; url?: string }): GeneratedSubtitle {
  const trackId = raw.url ? /\/text\/([^/?#]+)\.vtt/i.exec(raw.url)?.[1] : undefined
  return {
    status: trackStatus(raw.status),
    rawStatus: raw.status ?? '',
    ...(raw.url ? { url: raw.url } : {}),
    ...(trackId ? { trackId: asTrackId(trackId) } : {}),
  }
}

function accessPolicy(raw: string | undefined): PlaybackId['accessPolicy'] {
  return raw === 'public' || raw === 'private' || raw === 'drm' ? raw : 'unknown'
}

/** A raw media → Media; absent fields become null / empty, never a crash. */
export function toMedia(raw: RawMedia): Media {
  const source = raw.sourceResolution
  return {
    id: asMediaId(raw.id),
    title: raw.title ?? null,
    status: mediaStatus(raw.status),
    rawStatus: raw.status ?? '',
    durationSeconds: durationSeconds(raw.duration),
    createdAt: raw.createdAt ?? '',
    updatedAt: raw.updatedAt ?? null,
    thumbnailUrl: raw.thumbnail ?? null,
    playbackIds: (raw.playbackIds ?? [])
      .filter((p) => typeof p.id === 'string')
      .map((p) => ({ id: p.id ?? '', accessPolicy: accessPolicy(p.accessPolicy) })),
    metadata: metadataMap(raw.metadata),
    creatorId: raw.creatorId ?? null,
    isAudioOnly: raw.isAudioOnly ?? false,
    maxResolution: raw.maxResolution ?? null,
    sourceResolution: source === null || source === undefined ? null : String(source).replace(/p$/i, ''),
    aspectRatio: raw.aspectRatio ?? null,
    mediaQuality: raw.mediaQuality ?? null,
    sourceAccess: raw.sourceAccess ?? false,
    mp4Support: mp4Support(raw.mp4Support),
    tracks: toTracks(raw.tracks),
    generatedSubtitles: (raw.generatedSubtitles ?? []).map(toSubtitle),
  }
}

/** Strips the query of a signed URL (X-Goog-Signature, upload_id…): it is a credential, never shown. */
export function withoutQuery(url: string): string {
  const q = url.search(/[?#]/)
  return q === -1 ? url : url.slice(0, q)
}

function isSignedUrl(url: string): boolean {
  return /x-goog-signature|upload_id=|x-goog-credential/i.test(url)
}

/** input-info → InputInfo: signed URLs lose their query; the direct-upload garbage container format is dropped. */
export function toInputInfo(raw: {
  configuration?: { url?: string } | null
  file?: { containerFormat?: string | null; tracks?: RawTrack[] | null } | null
}): InputInfo {
  const rawUrl = raw.configuration?.url ?? null
  const signed = rawUrl !== null && isSignedUrl(rawUrl)
  const url = rawUrl === null ? null : signed ? withoutQuery(rawUrl) : rawUrl
  const format = raw.file?.containerFormat ?? null
  const containerFormat = format !== null && /^[a-z0-9,._-]{1,24}$/i.test(format) ? format : null
  const tracks = toTracks(raw.file?.tracks).map((t) => ({ ...t }))
  return {
    containerFormat,
    url,
    tracks,
    raw: { configuration: { url }, file: { containerFormat, tracks } },
  }
}

/** The signing time in a GCS V4 URL (`X-Goog-Date=20260520T100957Z`) as ISO 8601, or null. */
export function signedUrlDate(url: string | undefined): string | null {
  const m = url ? /[?&]X-Goog-Date=(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/i.exec(url) : null
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : null
}

/** A listed upload → RemoteUpload; the session URI is dropped here and never leaves the port. */
export function toRemoteUpload(raw: RawUpload): RemoteUpload {
  const policy =
    raw.pushMediaSettings?.playbackIds?.[0]?.accessPolicy ??
    raw.pushMediaSettings?.accessPolicy ??
    raw.accessPolicy
  return {
    uploadId: asUploadId(raw.uploadId),
    status: raw.status ?? 'unknown',
    timeoutSeconds: raw.timeout ?? null,
    createdAt: raw.createdAt ?? signedUrlDate(raw.url),
    accessPolicy: policy === 'public' || policy === 'private' ? policy : 'unknown',
    metadata: metadataMap(raw.pushMediaSettings?.metadata ?? raw.metadata),
  }
}

/**
 * The cached media that hold the probed files' content: those whose Spool metadata key carries the same
 * fingerprint (written at upload; the newest media wins when several do). A media whose processing failed
 * holds no usable copy and does not count.
 */
export function copiesByFingerprint(
  files: ReadonlyArray<ContentProbe>,
  cached: ReadonlyArray<Media>,
): RemoteCopy[] {
  const byFingerprint = new Map<string, Media>()
  for (const media of [...cached].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))) {
    const fingerprint = readSpoolMetadata(media.metadata).fingerprint
    if (fingerprint && media.status !== 'Failed') byFingerprint.set(fingerprint, media)
  }
  return files.flatMap((f) => {
    const media = byFingerprint.get(f.fingerprint)
    return media ? [{ path: f.path, mediaId: media.id, title: media.title }] : []
  })
}
