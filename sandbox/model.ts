/** The sandbox's persisted records. Plain JSON so the store can write them atomically as one document. */

/** Playback access policies FastPix accepts. */
export type AccessPolicy = 'public' | 'private' | 'drm'

/** One allow/deny rule set of a playback id. */
export type PolicyRules = { defaultPolicy: 'allow' | 'deny'; allow: string[]; deny: string[] }

/** A playback id as FastPix returns it (`id` absent until the media exists, as in pushMediaSettings). */
export type PlaybackIdRecord = {
  id: string
  accessPolicy: AccessPolicy
  accessRestrictions: { domains: PolicyRules; userAgents: PolicyRules }
}

/** Settings shared by direct uploads and URL-pulled media. */
export type MediaSettings = {
  accessPolicy: AccessPolicy
  metadata: Record<string, string>
  mediaQuality: 'standard' | 'pro' | 'premium'
  maxResolution: string
  sourceAccess: boolean
  optimizeAudio: boolean
  title?: string
  creatorId?: string
  mp4Support?: string
}

/** A direct upload (`POST /on-demand/upload`) and its GCS-style resumable session. */
export type UploadRecord = {
  uploadId: string
  /** Creation order; seeds deterministic fault decisions independently of random ids. */
  seq: number
  /** Secret part of the session URI (`upload_id=`). */
  sessionToken: string
  status: 'waiting' | 'cancelled' | 'completed'
  corsOrigin: string
  settings: MediaSettings
  createdAtMs: number
  /** Set once the client stated the object size (final chunk or a status query with a total). */
  totalSize?: number
  /** The session was DELETEd (GCS answers 499 then treats it as gone). */
  sessionDeleted?: boolean
  /** Lifetime of the session in seconds from creation; absent = GCS default (one week). */
  ttlSeconds?: number
  /** Hashes of the completed object, so a repeated final PUT or status query can answer 200 again. */
  hashes?: { crc32c: string; md5: string; size: number }
}

/**
 * A probed or added track. `origin` says where it came from; `readyAtMs` delays generated subtitles; an added
 * track is `pending` while its URL is fetched and checked, and keeps a `failure` when that did not work.
 */
export type TrackRecord = {
  id: string
  type: 'video' | 'audio' | 'subtitle'
  origin: 'source' | 'added' | 'generated'
  width?: number
  height?: number
  frameRate?: string
  languageCode?: string
  languageName?: string
  title?: string
  url?: string
  readyAtMs?: number
  pending?: boolean
  failure?: string
}

/** What ffprobe told us about a stored file; `ok: false` means it could not be read as media. */
export type ProbeResult =
  | {
      ok: true
      containerFormat?: string
      durationSeconds?: number
      video?: { width: number; height: number; frameRate?: string }
      hasAudio: boolean
    }
  | { ok: false; reason: string }

/** A media item. `id` equals the upload id for direct uploads. */
export type MediaRecord = {
  id: string
  playbackId: string
  settings: MediaSettings
  /** Random token path segment under which the original bytes are served (unguessable, no auth). */
  fileToken: string
  source: { kind: 'upload' } | { kind: 'url'; url: string; inputs: unknown[] }
  createdAtMs: number
  updatedAtMs: number
  /** When the bytes became available (upload completed or URL fetched); drives Created→Processing→Ready. */
  storedAtMs?: number
  readyAfterMs: number
  failure?: string
  probe?: ProbeResult
  tracks: TrackRecord[]
  summary?: { enabled: boolean; length: number }
  hashes?: { crc32c: string; md5: string; size: number }
}

/** The whole persisted state document. */
export type SandboxState = {
  version: 1
  nextSeq: number
  uploads: Record<string, UploadRecord>
  media: Record<string, MediaRecord>
}
