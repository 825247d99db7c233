import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { MediaRecord, SandboxState, UploadRecord } from './model.ts'

/** Persistent sandbox state: one JSON document rewritten atomically (temp file, fsync, rename) on change. */
export class Store {
  readonly dataDir: string
  readonly objectsDir: string
  private readonly file: string
  private state: SandboxState

  constructor(dataDir: string) {
    this.dataDir = dataDir
    this.objectsDir = join(dataDir, 'objects')
    mkdirSync(this.objectsDir, { recursive: true })
    this.file = join(dataDir, 'state.json')
    this.state = loadState(this.file)
  }

  /** Path of the bytes file of an upload or media id (ids are validated uuids, so safe in a path). */
  objectPath(id: string): string {
    return join(this.objectsDir, id) // no extension: ffprobe must judge the bytes, not a name
  }

  /** Returns the next creation sequence number and persists the counter. */
  nextSeq(): number {
    const seq = this.state.nextSeq++
    this.save()
    return seq
  }

  /** The upload with this id, if any. */
  upload(id: string): UploadRecord | undefined {
    return this.state.uploads[id]
  }

  /** Every upload, in no particular order. */
  uploads(): UploadRecord[] {
    return Object.values(this.state.uploads)
  }

  /** Inserts or replaces an upload and persists. */
  putUpload(upload: UploadRecord): void {
    this.state.uploads[upload.uploadId] = upload
    this.save()
  }

  /** The media with this id, if any. */
  media(id: string): MediaRecord | undefined {
    return this.state.media[id]
  }

  /** Every media item, in no particular order. */
  allMedia(): MediaRecord[] {
    return Object.values(this.state.media)
  }

  /** Inserts or replaces a media item and persists. */
  putMedia(media: MediaRecord): void {
    this.state.media[media.id] = media
    this.save()
  }

  /** Stores an upload and its media in one atomic write (completion must not be half-recorded). */
  putUploadAndMedia(upload: UploadRecord, media: MediaRecord): void {
    this.state.uploads[upload.uploadId] = upload
    this.state.media[media.id] = media
    this.save()
  }

  /** Removes a media item and persists. */
  deleteMedia(id: string): void {
    delete this.state.media[id]
    this.save()
  }

  /** Writes the document atomically: a crash leaves either the old or the new file, never half of one. */
  save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`
    const fd = openSync(tmp, 'w')
    try {
      writeSync(fd, JSON.stringify(this.state))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.file)
  }
}

function loadState(file: string): SandboxState {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return { version: 1, nextSeq: 1, uploads: {}, media: {} }
  }
  const parsed = JSON.parse(text) as SandboxState
  if (parsed.version !== 1) throw new Error(`unsupported sandbox state version in ${file}`)
  return parsed
}
