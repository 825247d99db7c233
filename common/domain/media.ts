import type { AccessPolicy } from './upload.ts'
import type { MediaId, TrackId, UploadId } from './ids.ts'

/** FastPix media status; anything the API sends that we do not know becomes 'unknown' (shown, never fatal). */
export type MediaStatus =
  | 'Created'
  | 'Downloading'
  | 'Downloaded'
  | 'Validating'
  | 'In Queue'
  | 'Processing'
  | 'Ready'
  | 'Failed'
  | 'unknown'

/** Every status FastPix documents, in lifecycle order (the one list; parsers and filters use it). */
export const MEDIA_STATUSES: ReadonlyArray<Exclude<MediaStatus, 'unknown'>> = [
  'Created',
  'Downloading',
  'Downloaded',
  'Validating',
  'In Queue',
  'Processing',
  'Ready',
  'Failed',
]

/** Maps a raw status word to a MediaStatus; words FastPix may add later become 'unknown' (shown, not fatal). */
export function toMediaStatus(raw: string | undefined): MediaStatus {
  const word = (raw ?? '').trim().toLowerCase()
  return MEDIA_STATUSES.find((s) => s.toLowerCase() === word) ?? 'unknown'
}

/** FastPix's metadata budget: 10 keys, 255 characters per key and per value (declared by the provider too). */
export const METADATA_LIMITS = { maxKeys: 10, maxKeyLength: 255, maxValueLength: 255 } as const

/** Track status normalised across endpoints ('available' in GET, 'Ready' in list are both 'ready'). */
export type TrackStatus = 'ready' | 'preparing' | 'failed' | 'unknown'
/** 'unknown' is a kind FastPix may add later: shown with its raw word, never a crash. */
export type TrackType = 'video' | 'audio' | 'subtitle' | 'unknown'

export type Track = Readonly<{
  id: TrackId
  type: TrackType
  /** The raw type word from the API, for display when type is 'unknown'. */
  rawType: string
  status: TrackStatus
  /** The raw status word from the API, for display when status is 'unknown'. */
  rawStatus: string
  languageCode?: string
  languageName?: string
  title?: string
  width?: number
  height?: number
  frameRate?: string
  url?: string
}>

export type GeneratedSubtitle = Readonly<{
  status: TrackStatus
  rawStatus: string
  url?: string
  trackId?: TrackId
}>

export type PlaybackId = Readonly<{ id: string; accessPolicy: AccessPolicy | 'drm' | 'unknown' }>

/** MP4 support as a set of renditions; the API sends a string or an array (ARCHITECTURE.md §9). */
export type Mp4Option = 'none' | 'capped_4k' | 'audioOnly' | 'audioOnly,capped_4k'
export type Mp4Rendition = Readonly<{
  type: string
  status: string
  width?: number
  height?: number
  ext?: string
}>
export type Mp4Support = Readonly<{ option: Mp4Option | 'unknown'; renditions: ReadonlyArray<Mp4Rendition> }>

/** A media item as Spool shows and caches it. */
export type Media = Readonly<{
  id: MediaId
  title: string | null
  status: MediaStatus
  rawStatus: string
  /** Seconds, parsed from FastPix's HH:MM:SS string; null when absent. */
  durationSeconds: number | null
  createdAt: string
  updatedAt: string | null
  thumbnailUrl: string | null
  playbackIds: ReadonlyArray<PlaybackId>
  metadata: Readonly<Record<string, string>>
  creatorId: string | null
  isAudioOnly: boolean
  maxResolution: string | null
  sourceResolution: string | null
  aspectRatio: string | null
  mediaQuality: string | null
  sourceAccess: boolean
  mp4Support: Mp4Support
  tracks: ReadonlyArray<Track>
  generatedSubtitles: ReadonlyArray<GeneratedSubtitle>
}>

export type LibrarySort = 'created-desc' | 'created-asc' | 'title-asc' | 'duration-desc'

/** A query over the local library cache. */
export type LibraryQuery = Readonly<{
  search?: string
  status?: MediaStatus
  /** Only media uploaded from this folder (Spool's metadata, spool-metadata.ts). */
  folder?: string
  sort: LibrarySort
  offset: number
  limit: number
}>

export type Page<T> = Readonly<{ items: ReadonlyArray<T>; total: number; offset: number; limit: number }>

/** A page of the library cache, with when the cache was last filled from the destination (null: never). */
export type LibraryPage = Page<Media> & Readonly<{ refreshedAt: string | null }>

/** The AI summary, or why there is none. */
export type MediaSummary = Readonly<
  { state: 'not-generated' } | { state: 'preparing' } | { state: 'ready'; text: string; sandbox: boolean }
>

/** What FastPix received (input-info). The URL serves the original bytes; it is not a secret on FastPix. */
export type InputInfo = Readonly<{
  containerFormat: string | null
  url: string | null
  tracks: ReadonlyArray<Readonly<Record<string, unknown>>>
  raw: Readonly<Record<string, unknown>>
}>

export type Clip = Readonly<Record<string, unknown>>

/** Where an abandoned (waiting) upload stands relative to this machine's queue. */
export type UnusedUploadOrigin = 'resumable-here' | 'orphaned' | 'expired'

export type UnusedUpload = Readonly<{
  uploadId: UploadId
  origin: UnusedUploadOrigin
  createdAt: string | null
  ageSeconds: number | null
  /** Seconds until FastPix's timeout ends the session; null when unknown, ≤ 0 when expired. */
  expiresInSeconds: number | null
  accessPolicy: AccessPolicy | 'unknown'
  metadata: Readonly<Record<string, string>>
  /** The local job and file when this machine knows them. */
  jobId: string | null
  path: string | null
}>

/** A track to add: FastPix fetches it from a URL; PeerTube takes a caption file from this machine. */
export type NewTrack = Readonly<
  {
    type: 'audio' | 'subtitle'
    languageCode: string
    languageName: string
    title?: string
  } & ({ url: string } | { filePath: string })
>

export type TrackPatch = Readonly<{ languageCode?: string; languageName?: string; title?: string }>

export type MediaPatch = Readonly<{
  title?: string
  creatorId?: string
  /** The whole map: FastPix replaces metadata on PATCH (ARCHITECTURE.md §9). */
  metadata?: Readonly<Record<string, string>>
}>
