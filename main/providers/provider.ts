import type { Writable } from 'node:stream'
import type { MediaId, UploadId, TrackId } from '../../common/domain/ids.ts'
import type {
  Clip,
  InputInfo,
  Media,
  MediaPatch,
  MediaStatus,
  MediaSummary,
  Mp4Option,
  NewTrack,
  Track,
  TrackPatch,
} from '../../common/domain/media.ts'
import type { UploadSettings, VideoPrivacy } from '../../common/domain/upload.ts'
import type { ProviderKind } from '../../common/domain/account.ts'
import type { AppError } from '../../common/ipc/result.ts'

/**
 * The provider seam (ARCHITECTURE.md §2). One Provider covers one destination kind; the queue, the library
 * service, the CLI and the UI speak to this, never to FastPix directly. PeerTube will be the second one.
 */
export type Provider = Readonly<{
  kind: ProviderKind
  capabilities: ProviderCapabilities
  uploads: UploadPort
  library: LibraryPort
}>

/** What a destination can do; the UI hides what is not there instead of failing. */
export type ProviderCapabilities = Readonly<{
  summaries: boolean
  generatedSubtitles: boolean
  /** FastPix adds tracks only from a URL (no file upload of a track). */
  tracksByUrlOnly: boolean
  mp4Support: boolean
  sourceAccess: boolean
  unusedUploads: boolean
  clips: boolean
  /**
   * The privacy levels an existing media can be switched to (PeerTube: public, unlisted, private, internal).
   * Absent or empty: the destination fixes access at upload (FastPix's playback access is not changed here).
   */
  privacyChoices?: ReadonlyArray<VideoPrivacy>
  /** Largest number of metadata keys and characters per value the destination accepts. */
  metadataLimits: Readonly<{ maxKeys: number; maxValueLength: number }>
}>

/** A fresh upload on the destination: the session URI is a bearer credential (store encrypted, never log). */
export type UploadTarget = Readonly<{ uploadId: UploadId; sessionUri: string; timeoutSeconds: number | null }>

/** The local file an upload is created for (PeerTube sends its name, size and type at init). */
export type UploadFile = Readonly<{ name: string; size: number; mtimeMs: number }>

export type CreateUploadRequest = Readonly<{
  settings: UploadSettings
  /** The file being uploaded; providers that need it refuse a request without it. */
  file?: UploadFile
  /** Spool's job id, sent in metadata so an ambiguous create can be reconciled instead of duplicated. */
  clientJobId: string
  /**
   * The folder the file was found in, relative to what the user chose; a destination that keeps Spool's
   * own metadata (FastPix) records it there, beside the client id, for the library's folder view.
   */
  folder?: string
  signal?: AbortSignal
}>

/** Hashes the server reports for the stored object (base64, as in `x-goog-hash`). */
export type StoredHashes = Readonly<{ crc32c: string | null; md5: string | null }>

/**
 * Where a resumable session stands: the server owns the offset. On completion a provider whose media id
 * differs from its upload id (PeerTube) names the media; one that reports no hashes (PeerTube) gives nulls,
 * and the upload is verified by the acknowledged size instead.
 */
export type SessionStatus = Readonly<
  { complete: false; persisted: number } | { complete: true; hashes: StoredHashes; mediaId?: MediaId }
>

/** A chunk's bytes, produced as the request asks for them. */
export type ChunkSource = Readonly<{
  /**
   * Writes the chunk's bytes into `sink` piece by piece, waiting on its back-pressure, and calls `onBytes`
   * as each piece is handed over. Rejects when the file fails (vanished, unreadable, shorter) or the sink
   * closes before the last piece; pieces may be reused once the sink's write callback has run.
   */
  writeTo(sink: Writable, onBytes: (bytes: number) => void): Promise<void>
}>

export type ChunkRequest = Readonly<{
  /** First byte of the chunk (must equal the server's persisted offset). */
  start: number
  /** The chunk body: exactly `length` bytes read from disk as they are sent. */
  body: ChunkSource
  length: number
  /** Total file size (the final chunk must state it). */
  total: number
  signal: AbortSignal
  /** Called as bytes leave (for progress; not acknowledgements). */
  onBytesSent?: (sent: number) => void
}>

/** The resumable protocol for one session (GCS's for FastPix). */
export type ResumableSession = Readonly<{
  /** Asks the server how many bytes it has (empty PUT, `Content-Range: bytes *\/SIZE`). */
  queryStatus(total: number, signal: AbortSignal): Promise<SessionStatus>
  /** Sends one chunk; answers with the server's persisted offset or completion. */
  sendChunk(chunk: ChunkRequest): Promise<SessionStatus>
  /** Ends the session on the storage side (DELETE → 499). */
  terminate(signal?: AbortSignal): Promise<void>
}>

/**
 * The destination's verdict on a batch before a byte is sent: files it will not take (by name, with its
 * reason), and, when what remains cannot fit (quota), the reason the whole batch is refused.
 */
export type PreflightReport = Readonly<{
  refused: ReadonlyArray<Readonly<{ name: string; reason: AppError }>>
  batchError: AppError | null
}>

/** The upload side of a provider. */
export type UploadPort = Readonly<{
  createUpload(request: CreateUploadRequest): Promise<UploadTarget>
  /**
   * Checks a batch against the destination's limits (accepted file types, quota) before anything is
   * queued. Absent where the destination has nothing to check up front (FastPix).
   */
  preflight?(
    files: ReadonlyArray<UploadFile>,
    settings: UploadSettings,
    signal?: AbortSignal,
  ): Promise<PreflightReport>
  /**
   * After the server forgot an upload (PeerTube answers 404 both for a purged upload and for one that
   * completed, e.g. when Spool stopped right after the last chunk): the media this job's upload became, if
   * it exists, so the job ends there instead of uploading a second copy. Absent where a session's end is
   * unambiguous (FastPix).
   */
  findCompleted?(request: CreateUploadRequest): Promise<MediaId | null>
  openSession(sessionUri: string): ResumableSession
  /**
   * The largest chunk this destination should be sent, in bytes (PeerTube: at most 64 MiB, under the body
   * limit of the proxies in front of instances). Absent: the chunk size setting alone decides.
   */
  maxChunkBytes?(signal?: AbortSignal): Promise<number>
  /**
   * Whether the destination's API answers at all (any HTTP status), asked when a session's host cannot be
   * reached: a host that stopped answering while the API answers is given up for a fresh upload instead of
   * waiting for a network that is not down. Absent where sessions live on the API's own host (PeerTube).
   */
  apiAnswers?(signal: AbortSignal): Promise<boolean>
  /**
   * The uploads the destination created that never received their bytes, with the client job id each was
   * created with: what a create whose answer was lost (kill -9, a dropped connection) left behind, to be
   * adopted by its job or cancelled. Absent where the destination keeps no such list (PeerTube: a create
   * with the same request resumes the same upload, so the job adopts it by creating again).
   */
  unusedUploads?(signal: AbortSignal): Promise<ReadonlyArray<UnusedUpload>>
  cancelUpload(uploadId: UploadId, signal?: AbortSignal): Promise<void>
  /**
   * Deletes a media the upload produced whose bytes proved wrong (integrity mismatch, file changed during the
   * last chunk); an already-deleted media counts as done.
   */
  deleteMedia(mediaId: MediaId, signal?: AbortSignal): Promise<void>
  /** The media's lifecycle status, for polling after the bytes are in (media id == upload id on FastPix). */
  mediaStatus(
    mediaId: MediaId,
    signal?: AbortSignal,
  ): Promise<Readonly<{ status: MediaStatus; rawStatus: string }>>
}>

/** An upload created but never used, as the upload side sees it (the session URI is a bearer credential). */
export type UnusedUpload = Readonly<{
  uploadId: UploadId
  /** The job id it was created for (Spool's metadata), or null when Spool did not create it. */
  clientJobId: string | null
  /** Where its bytes would go, or null when it cannot be resumed as it is. */
  sessionUri: string | null
}>

/** A waiting (unused) upload as the destination lists it. */
export type RemoteUpload = Readonly<{
  uploadId: UploadId
  status: string
  timeoutSeconds: number | null
  createdAt: string | null
  accessPolicy: 'public' | 'private' | 'unknown'
  metadata: Readonly<Record<string, string>>
}>

/** A local file looked for in a library: its name, size, content fingerprint and, on demand, duration. */
export type ContentProbe = Readonly<{
  path: string
  name: string
  size: number
  /** The quick fingerprint (main/uploads/fingerprint.ts) Spool stores on media where it can. */
  fingerprint: string
  /** Reads the file's duration from its header (a few small reads; null when the container is not read). */
  readDuration: () => Promise<number | null>
}>

/** A media of the library that holds a probed file's content. */
export type RemoteCopy = Readonly<{ path: string; mediaId: MediaId; title: string | null }>

export type RemotePage<T> = Readonly<{ items: ReadonlyArray<T>; totalRecords: number; pageCount: number }>

/** The library side of a provider: every media, track and upload operation. */
export type LibraryPort = Readonly<{
  /** One page (1-based page number, limit ≤ 50). */
  listMedia(page: number, limit: number, signal?: AbortSignal): Promise<RemotePage<Media>>
  getMedia(id: MediaId): Promise<Media>
  updateMedia(id: MediaId, patch: MediaPatch): Promise<Media>
  deleteMedia(id: MediaId): Promise<void>
  createFromUrl(url: string, settings: UploadSettings, clientId: string): Promise<Media>
  addTrack(mediaId: MediaId, track: NewTrack): Promise<Track>
  updateTrack(mediaId: MediaId, trackId: TrackId, patch: TrackPatch): Promise<Track>
  deleteTrack(mediaId: MediaId, trackId: TrackId): Promise<void>
  generateSubtitles(
    mediaId: MediaId,
    trackId: TrackId,
    languageCode: string,
    languageName: string,
  ): Promise<Track>
  getSummary(mediaId: MediaId): Promise<MediaSummary>
  generateSummary(mediaId: MediaId, length?: number): Promise<void>
  setSourceAccess(mediaId: MediaId, on: boolean): Promise<Media>
  setMp4Support(mediaId: MediaId, option: Mp4Option): Promise<Media>
  /** Changes who can watch the media; present exactly where `capabilities.privacyChoices` is not empty. */
  setPrivacy?(mediaId: MediaId, privacy: VideoPrivacy): Promise<Media>
  getInputInfo(mediaId: MediaId): Promise<InputInfo>
  listUnusedUploads(page: number, limit: number): Promise<RemotePage<RemoteUpload>>
  cancelUpload(uploadId: UploadId): Promise<void>
  /**
   * Which of the probed files the library already holds (issue 13 §2), judged from the account's cached
   * media and, where those cannot tell, asked of the destination: FastPix by the fingerprint in Spool's
   * metadata key, PeerTube (no free-form metadata) by original file name, size and duration.
   */
  findCopies(
    files: ReadonlyArray<ContentProbe>,
    cached: ReadonlyArray<Media>,
    signal?: AbortSignal,
  ): Promise<ReadonlyArray<RemoteCopy>>
  listMediaClips(mediaId: MediaId, page: number, limit: number): Promise<RemotePage<Clip>>
  listLiveClips(streamId: string, page: number, limit: number): Promise<RemotePage<Clip>>
}>
