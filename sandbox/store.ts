import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import type { MediaRecord, SandboxState, UploadRecord } from './model.ts'

/** One journal line: a record stored (an upload, a media, or both at once) or a media deleted. */
type Change = { u?: UploadRecord; m?: MediaRecord; d?: string }

/** By default the journal is folded into the snapshot once it is this big and bigger than the snapshot. */
const FOLD_AT_BYTES = 1024 * 1024

/**
 * Persistent sandbox state: a snapshot (state.json) plus a journal of the changes since (state.log, one
 * JSON line per change, appended with a single write and fdatasync'd before the change is acknowledged).
 * A change costs one small write whatever the library's size; rewriting the whole document on every change
 * made each upload cost O(library) in disk writes. The journal is folded into a fresh snapshot (temp file,
 * fsync, rename, then truncate) at start-up and whenever it outgrows the snapshot. A crash mid-append
 * leaves a torn last line, which loading drops; a crash between the rename and the truncate leaves changes
 * the snapshot already holds, which replay to the same state.
 */
export class Store {
  readonly dataDir: string
  readonly objectsDir: string
  private readonly file: string
  private readonly journalFile: string
  private state: SandboxState
  private journal: number
  private journalBytes = 0
  private snapshotBytes = 0
  private closed = false
  private readonly foldAtBytes: number

  constructor(dataDir: string, options: { foldAtBytes?: number } = {}) {
    this.foldAtBytes = options.foldAtBytes ?? FOLD_AT_BYTES
    this.dataDir = dataDir
    this.objectsDir = join(dataDir, 'objects')
    mkdirSync(this.objectsDir, { recursive: true })
    this.file = join(dataDir, 'state.json')
    this.journalFile = join(dataDir, 'state.log')
    this.state = loadState(this.file)
    replayJournal(this.journalFile, this.state)
    this.journal = openSync(this.journalFile, 'a')
    this.journalBytes = fstatSync(this.journal).size
    if (this.journalBytes > 0) this.fold()
    else this.snapshotBytes = sizeOf(this.file)
  }

  /** Path of the bytes file of an upload or media id (ids are validated uuids, so safe in a path). */
  objectPath(id: string): string {
    return join(this.objectsDir, id) // no extension: ffprobe must judge the bytes, not a name
  }

  /** The next creation sequence number; it is persisted with the upload that takes it. */
  nextSeq(): number {
    return this.state.nextSeq++
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
    this.record({ u: upload })
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
    this.record({ m: media })
  }

  /** Stores an upload and its media in one journal line (completion must not be half-recorded). */
  putUploadAndMedia(upload: UploadRecord, media: MediaRecord): void {
    this.record({ u: upload, m: media })
  }

  /** Removes a media item and persists. */
  deleteMedia(id: string): void {
    this.record({ d: id })
  }

  /** Folds the journal into the snapshot and closes it; a change after this rewrites the snapshot. */
  close(): void {
    if (this.closed) return
    if (this.journalBytes > 0) this.fold()
    closeSync(this.journal)
    this.closed = true
  }

  /** Applies a change, appends it to the journal and syncs it; folds when the journal has grown. */
  private record(change: Change): void {
    apply(this.state, change)
    if (this.closed) return this.writeSnapshot() // a request still finishing while the sandbox closes
    const line = Buffer.from(JSON.stringify(change) + '\n')
    for (let at = 0; at < line.length;) at += writeSync(this.journal, line, at)
    fdatasyncSync(this.journal)
    this.journalBytes += line.length
    if (this.journalBytes > Math.max(this.foldAtBytes, this.snapshotBytes)) this.fold()
  }

  /** Writes the snapshot, then empties the journal it now contains. */
  private fold(): void {
    this.writeSnapshot()
    ftruncateSync(this.journal, 0)
    fsyncSync(this.journal)
    this.journalBytes = 0
  }

  /** Writes the snapshot atomically: a crash leaves either the old or the new file, never half of one. */
  private writeSnapshot(): void {
    const tmp = `${this.file}.${process.pid}.tmp`
    const text = JSON.stringify(this.state)
    const fd = openSync(tmp, 'w')
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.file)
    this.snapshotBytes = Buffer.byteLength(text)
  }
}

function apply(state: SandboxState, change: Change): void {
  if (change.u) {
    state.uploads[change.u.uploadId] = change.u
    state.nextSeq = Math.max(state.nextSeq, change.u.seq + 1)
  }
  if (change.m) state.media[change.m.id] = change.m
  if (change.d !== undefined) delete state.media[change.d]
}

function replayJournal(file: string, state: SandboxState): void {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return
  }
  const lines = text.split('\n')
  // Every complete line ends with a newline; whatever follows the last one is a torn append (dropped).
  lines.pop()
  lines.forEach((line, i) => {
    let change: Change
    try {
      change = JSON.parse(line) as Change
    } catch {
      throw new Error(`sandbox journal ${file} is damaged at line ${i + 1}`)
    }
    apply(state, change)
  })
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
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
