import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A PeerTube user with its account and default channel (one of each, like a fresh real user). */
export type UserRecord = {
  id: number
  accountId: number
  channelId: number
  username: string
  email: string
  passwordHash: string
  role: 0 | 1 | 2
  videoQuota: number
  videoQuotaDaily: number
  createdAtMs: number
  lastLoginMs: number | null
  /** Base32 TOTP secret once two-factor authentication is enabled. */
  otpSecret: string | null
}

/** An OAuth token pair. */
export type TokenRecord = {
  access: string
  refresh: string
  userId: number
  accessExpiresAtMs: number
  refreshExpiresAtMs: number
}

/** A caption file of a video. */
export type CaptionRecord = { language: string; fileUuid: string; updatedAtMs: number }

/** The editable metadata of a video (also what an upload init carries). */
export type VideoMeta = {
  name: string
  channelId: number
  privacy: number
  category: number | null
  licence: number | null
  language: string | null
  description: string | null
  support: string | null
  tags: string[]
  nsfw: boolean
  commentsEnabled: boolean
  downloadEnabled: boolean
  waitTranscoding: boolean
  originallyPublishedAt: string | null
}

/** A video made from a completed upload. */
export type VideoRecord = {
  id: number
  uuid: string
  userId: number
  meta: VideoMeta
  createdAtMs: number
  updatedAtMs: number
  publishedAtMs: number
  /** State 2 "To transcode" until then (0 when transcoding is off). */
  transcodedAtMs: number
  /** Torrent fields stay null until then (a background job on the real server). */
  torrentAtMs: number
  file: {
    id: number
    uuid: string
    ext: string
    size: number
    width: number
    height: number
    fps: number
    duration: number
    hasAudio: boolean
    hasVideo: boolean
  }
  thumbnailUuid: string
  previewUuid: string
  captions: CaptionRecord[]
  /** The name the uploaded file had (GET /videos/{id}/source); absent in state written before it was kept. */
  inputFilename?: string
}

/** A resumable upload in progress (uploadx's file). */
export type UploadRecord = {
  id: string
  seq: number
  userId: number
  size: number
  mimeType: string
  ext: string
  filename: string
  meta: VideoMeta
  createdAtMs: number
  lastActivityMs: number
}

type State = {
  next: { user: number; video: number; file: number; seq: number }
  client: { id: string; secret: string }
  users: UserRecord[]
  tokens: TokenRecord[]
  videos: VideoRecord[]
  uploads: Record<string, UploadRecord>
}

/** Hashes a password with scrypt (`salt:hash`, hex). */
export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32).toString('hex')}`
}

/** Checks a password against `hashPassword`'s output in constant time. */
export function checkPassword(password: string, stored: string): boolean {
  const [salt, hash] = stored.split(':')
  if (!salt || !hash) return false
  return timingSafeEqual(scryptSync(password, Buffer.from(salt, 'hex'), 32), Buffer.from(hash, 'hex'))
}

/**
 * The PeerTube sandbox's state: one JSON document (`peertube-state.json`, rewritten atomically on every
 * change; the data is small) plus the bytes: `uploads/<upload_id>`, `videos/<file uuid>.<ext>`,
 * `captions/<file uuid>-<lang>.vtt`. Restarting on the same folder keeps users, tokens, videos and
 * half-done uploads (their offset is the size of their file, as with uploadx's disk storage).
 */
export class PtStore {
  readonly dir: string
  state: State
  private readonly file: string

  constructor(dir: string) {
    this.dir = dir
    for (const sub of ['uploads', 'videos', 'captions']) mkdirSync(join(dir, sub), { recursive: true })
    this.file = join(dir, 'peertube-state.json')
    this.state = load(this.file)
  }

  /** Writes the state (temp file, then rename). */
  save(): void {
    const temp = `${this.file}.tmp`
    writeFileSync(temp, JSON.stringify(this.state), { mode: 0o600 })
    renameSync(temp, this.file)
  }

  uploadPath(id: string): string {
    return join(this.dir, 'uploads', id)
  }

  videoPath(video: VideoRecord): string {
    return join(this.dir, 'videos', `${video.file.uuid}${video.file.ext}`)
  }

  captionPath(caption: CaptionRecord): string {
    return join(this.dir, 'captions', `${caption.fileUuid}-${caption.language}.vtt`)
  }

  user(id: number): UserRecord | undefined {
    return this.state.users.find((u) => u.id === id)
  }

  userByName(name: string): UserRecord | undefined {
    return this.state.users.find((u) => u.username.toLowerCase() === name.toLowerCase())
  }

  /** Removes an upload record and its bytes. */
  dropUpload(id: string): void {
    delete this.state.uploads[id]
    rmSync(this.uploadPath(id), { force: true })
    this.save()
  }

  /** Removes a video, its file and captions. */
  dropVideo(video: VideoRecord): void {
    this.state.videos = this.state.videos.filter((v) => v.id !== video.id)
    rmSync(this.videoPath(video), { force: true })
    for (const c of video.captions) rmSync(this.captionPath(c), { force: true })
    this.save()
  }
}

function load(file: string): State {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as State
  } catch {
    return {
      next: { user: 1, video: 1, file: 1, seq: 0 },
      client: { id: randomBytes(16).toString('hex'), secret: randomBytes(16).toString('hex') },
      users: [],
      tokens: [],
      videos: [],
      uploads: {},
    }
  }
}
