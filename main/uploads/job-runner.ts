import type { WritableDb } from '../db/database.ts'
import type { MediaId } from '../../common/domain/ids.ts'
import type {
  CreateUploadRequest,
  ResumableSession,
  SessionStatus,
  StoredHashes,
  UploadPort,
  UploadTarget,
} from '../providers/provider.ts'
import {
  gotNoAnswer,
  isAmbiguousError,
  isServerErrorAnswer,
  meansOffline,
  type UploadEvent,
} from '../../common/domain/upload-policy.ts'
import { AppFailure, appError, toAppError, type AppError } from '../../common/ipc/result.ts'
import { backoffDelay, CHUNK_BACKOFF } from '../../common/domain/backoff.ts'
import { adaptChunkSize, nextChunk, type ChunkSizing } from './logic/chunk-plan.ts'
import { applyEvent, getJob, patchOwned, type JobPatch, type JobRecord } from './repository.ts'
import { applyOutcome } from './apply-outcome.ts'
import { budgetSpent, outcomeForError, type FinalOutcome, type JobOutcome } from './outcome.ts'
import {
  assertUnchanged,
  catchUp,
  chunkBody,
  digests,
  emptyHash,
  type Fingerprint,
  type HashState,
} from './file-source.ts'
import type { SessionVault } from './session-vault.ts'
import type { ReleaseSlot, TransferSlots } from './transfer-slots.ts'
import { createLogger } from '../logging/log.ts'

/** Time, injectable so tests can drive backoff without waiting. */
export type Clock = Readonly<{ now(): number; sleep(ms: number, signal: AbortSignal): Promise<void> }>

/** What one job run needs; the queue builds it. */
export type RunnerDeps = Readonly<{
  db: WritableDb
  vault: SessionVault
  port: UploadPort
  owner: string
  chunkSizing: ChunkSizing
  clock: Clock
  random: () => number
  throttle: ((bytes: number) => Promise<void>) | null
  onProgress: (id: string, size: number, bytesAcked: number, bytesInFlight: number) => void
  onChanged: (job: JobRecord) => void
  /** Moving bytes needs one of these; a job creates its upload before it has one (see runJob). */
  slots: TransferSlots
  /** Consecutive retryable failures without progress before the job fails (I5's budget). */
  maxRetries: number
  /** New sessions per job after expiry before giving up. */
  maxSessions: number
  /**
   * Attempts on a session whose host cannot be reached while the API answers, before that session is given
   * up for a fresh upload (issue 13: never loop on a dead address).
   */
  sessionHostAttempts: number
  /** Error answers from a server in a row, without progress, before the run stops trying (upload-policy.ts). */
  serverErrorBudget: number
}>

const log = createLogger('uploads')

/** What a run returns: its outcome, and the transfer slot to give back once the outcome is applied. */
export type JobRun = Readonly<{ outcome: FinalOutcome; release: () => void }>

/** What the server said when the last byte was in: its hashes, and the media it made (if it names one). */
type Completion = Readonly<{ hashes: StoredHashes; mediaId: MediaId | null }>

const NO_HASHES: StoredHashes = { crc32c: null, md5: null }

/** Chunks are whole multiples of 256 KiB (GCS requires it; PeerTube does not mind). */
const CHUNK_UNIT = 256 * 1024

/** The runner lost the job to another actor (pause, cancel, another process): stop quietly. */
class Lost extends Error {}

const isAbort = (caught: unknown): boolean => (caught as { name?: string } | null)?.name === 'AbortError'

/**
 * Runs one claimed job until it is done, failed, parked (waiting for the network), in processing (the
 * poller takes over) or interrupted (signal), and returns that outcome: the queue applies it
 * (apply-outcome.ts). Along the way the runner records progress only (start, session, bytes acknowledged)
 * and applies the outcomes it continues after (a retry, a new session). The server owns the offset: every
 * (re)start asks it first.
 *
 * The queue claims jobs ahead of its transfer slots, so a job may create its remote upload while the files
 * before it still stream: the upload id and sealed session are committed with the job still 'preparing', and
 * it turns 'uploading' once it holds a slot. Creating an upload costs an API round trip (and, at FastPix, a
 * trip across the internet); done ahead, it no longer sits between one file's last byte and the next file's
 * first. Nothing here can create a second upload for a job: the session is durable before anything waits.
 */
export async function runJob(deps: RunnerDeps, claimed: JobRecord, signal: AbortSignal): Promise<JobRun> {
  const { db, clock, owner } = deps
  let row = claimed
  const apply = (event: UploadEvent, patch: JobPatch = {}): JobRecord => {
    const next = applyEvent(db, row.id, event, { owner, patch, now: clock.now() })
    if (!next) throw new Lost()
    row = next
    deps.onChanged(row)
    return row
  }
  const patch = (p: JobPatch): void => {
    if (!patchOwned(db, row.id, owner, row.state, p, clock.now())) throw new Lost()
  }
  /** Applies an outcome the run continues after (retry, new session); a refused write means the job is lost. */
  const settle = (outcome: JobOutcome, announce: boolean): void => {
    const next = applyOutcome({ db, owner, now: clock.now(), random: deps.random }, row, outcome)
    if (!next) throw new Lost()
    row = next
    if (announce) deps.onChanged(row)
  }
  const fp: Fingerprint = { path: row.path, size: row.size, mtimeMs: row.mtimeMs, ino: row.ino }
  let hash: HashState = emptyHash()
  let retries = 0
  /** Error answers from a server in a row without progress (the server-error budget). */
  let answers = 0
  let chunkSize = deps.chunkSizing.start
  /** Lowered for good when a proxy refuses a chunk as too large (bare 413): later growth stays under it. */
  let ceiling = deps.chunkSizing.max
  let slot: ReleaseSlot | null = null
  /** Whether the attempt is talking to the session's host (not the API) when it fails. */
  let inSession = false
  /** Whether a create is in flight, and whether one failed so that the server may have made it anyway. */
  let creating = false
  let createUnsure = false
  /** Consecutive attempts whose session host could not be reached while the API answered. */
  let silent = 0

  /** What the destination is told about this job's upload (the same for a create and a look-up). */
  const uploadRequest = (): CreateUploadRequest => {
    const { settings } = row
    const title = settings.title ?? row.name.replace(/\.[^.]+$/, '')
    return {
      // The folder joins what enqueue put in Spool's own metadata (the fingerprint); the provider writes it.
      settings: { ...settings, title },
      file: { name: row.name, size: row.size, mtimeMs: row.mtimeMs },
      clientJobId: row.id,
      ...(row.relativeDir ? { folder: row.relativeDir } : {}),
      signal,
    }
  }

  /**
   * A job whose session the server forgot (not a fresh job) asks first whether that upload had in fact
   * completed (PeerTube answers 404 for both): a new upload would make a second copy.
   */
  const completedEarlier = async (): Promise<MediaId | null> =>
    !row.uploadId && row.sessionsCreated > 0 && deps.port.findCompleted
      ? deps.port.findCompleted(uploadRequest())
      : null

  /**
   * After a create failed ambiguously (a reset, a timeout, an unknown socket error, a 5xx: the server may have
   * made the upload), the upload made for this job is looked up before creating again, so it is adopted
   * instead of left behind as an orphan with a second upload made beside it.
   */
  const adoptLost = async (): Promise<UploadTarget | null> => {
    const listed = deps.port.unusedUploads ? await deps.port.unusedUploads(signal) : []
    const lost = listed.find((u) => u.clientJobId === row.id && u.sessionUri)
    createUnsure = false
    if (!lost?.sessionUri) return null
    log.info('a create whose answer was lost is adopted, not made again', { jobId: row.id })
    return { uploadId: lost.uploadId, sessionUri: lost.sessionUri, timeoutSeconds: null }
  }

  let fresh = false
  const openSession = async (): Promise<ResumableSession> => {
    if (!row.uploadId || !row.sessionEnc) {
      if (row.sessionsCreated >= deps.maxSessions)
        throw new AppFailure(
          appError('upload/session-expired', 'The upload session kept expiring; Spool gave up.'),
        )
      // A file that changed or vanished since it was queued gets no upload made for it. (A session that
      // exists is checked before its next chunk, in pump.)
      await assertUnchanged(fp)
      // The claim counted this job's first create; a later one in the same run (a session given up) is
      // counted here, committed before it goes out (orphan-sweep.ts).
      if (row.createsSent <= row.sessionsCreated) {
        patch({ createsSent: row.sessionsCreated + 1 })
        row = { ...row, createsSent: row.sessionsCreated + 1 }
      }
      creating = true
      const target =
        (createUnsure ? await adoptLost() : null) ?? (await deps.port.createUpload(uploadRequest()))
      creating = false
      const sessionEnc = await deps.vault.seal(target.sessionUri)
      const created = {
        uploadId: target.uploadId,
        sessionEnc,
        sessionsCreated: row.sessionsCreated + 1,
        bytesAcked: 0,
      }
      slot ??= deps.slots.tryAcquire()
      if (slot) apply('session-ready', created)
      else {
        // Ahead of its turn: the session is stored now, the state moves when a slot frees (below).
        patch(created)
        row = getJob(db, row.id) ?? row
      }
      fresh = true
      return deps.port.openSession(target.sessionUri)
    }
    return deps.port.openSession(await deps.vault.open(row.sessionEnc))
  }

  /** Moves bytes until the server says complete; returns its hashes (and the media, where it names one). */
  const pump = async (session: ResumableSession): Promise<Completion> => {
    // A session created a moment ago holds nothing yet; any other (resume, retry, restart) asks the server.
    let status: SessionStatus = fresh
      ? { complete: false, persisted: 0 }
      : await session.queryStatus(row.size, signal)
    fresh = false
    let savedAt = 0
    let mark = row.bytesAcked
    for (;;) {
      silent = 0 // the session's host answered
      if (status.complete) {
        // Where the media id is not the upload id (PeerTube), it is kept at once: a failure from here on
        // must be able to delete that media.
        if (status.mediaId) patch({ mediaId: status.mediaId })
        return { hashes: status.hashes, mediaId: status.mediaId ?? null }
      }
      const offset = status.persisted
      if (offset > row.size)
        throw new AppFailure(
          appError('upload/rejected', 'The upload server claims more bytes than the file has.'),
        )
      if (offset > mark) {
        retries = answers = 0 // progress: the budgets start over
        if (row.error !== null) {
          // What the job waited on (a retried answer, a lost network) is over once bytes move again.
          patch({ error: null })
          row = { ...row, error: null }
          deps.onChanged(row)
        }
      }
      mark = Math.max(mark, offset)
      if (offset !== row.bytesAcked && (offset < row.bytesAcked || clock.now() - savedAt >= 1000)) {
        patch({ bytesAcked: offset })
        row = { ...row, bytesAcked: offset }
        savedAt = clock.now()
      }
      deps.onProgress(row.id, row.size, offset, 0)
      // The chunk is planned from what the server holds before the file is read: a server that has every
      // byte and did not finish is its own failure, whatever the file.
      const span = nextChunk(offset, row.size, chunkSize)
      if (!span)
        throw new AppFailure(
          appError('upload/rejected', 'The upload server has every byte but did not finish.'),
        )
      if (hash.offset !== offset) hash = await catchUp(row.path, hash, offset, signal)
      await assertUnchanged(fp)
      const body = chunkBody(row.path, span, hash, deps.throttle)
      const sentAt = clock.now()
      status = await session.sendChunk({
        start: span.start,
        body: body.source,
        length: span.length,
        total: row.size,
        signal,
        onBytesSent: (n) => deps.onProgress(row.id, row.size, offset, n),
      })
      const spec = body.result()
      const acked = status.complete ? row.size : status.persisted
      if (spec && acked === spec.offset) hash = spec
      // Only a whole chunk says something about the link (a partial persist is the server's business).
      if (!span.final && acked === span.end + 1)
        chunkSize = Math.min(ceiling, adaptChunkSize(chunkSize, clock.now() - sentAt, deps.chunkSizing))
    }
  }

  /**
   * Checks the server's hashes against the file's; the verdict is the run's outcome. A server that reports
   * no hashes (PeerTube) has acknowledged every byte of the file's size, which is what is verified then.
   */
  const verify = async ({ hashes, mediaId }: Completion): Promise<FinalOutcome> => {
    // 'verifying' is recorded before any failure (a failure from there deletes the completed media) and
    // before a re-read of the file (after a restart that can take minutes). When the hashes are at hand and
    // match, it lands in the same commit as the outcome and the lease release: one fsync instead of three.
    const bytesComplete = (): void => {
      if (row.state === 'uploading') apply('bytes-complete', { bytesAcked: row.size })
    }
    if (hash.offset !== row.size) bytesComplete()
    deps.onProgress(row.id, row.size, row.size, 0)
    try {
      hash = await catchUp(row.path, hash, row.size, signal)
      await assertUnchanged(fp)
    } catch (caught) {
      if (!isAbort(caught) && !signal.aborted) bytesComplete()
      throw caught
    }
    // CRC32C is the check (file-source.ts says why there is no MD5); a server's MD5 is not compared.
    const local = digests(hash)
    const bad = hashes.crc32c !== null && hashes.crc32c !== local.crc32c
    const locals = { crc32cLocal: local.crc32c, md5Local: null }
    if (bad) {
      bytesComplete()
      const detail = `local crc32c=${local.crc32c}; server crc32c=${hashes.crc32c}`
      const error = appError('upload/integrity-mismatch', 'The uploaded copy differs from your file.', {
        detail,
      })
      return { kind: 'failed', error, digests: locals }
    }
    if (!hashes.crc32c)
      log.info('the server reports no CRC32C; verified by the acknowledged size', { jobId: row.id })
    const media = mediaId ? { mediaId } : {}
    return row.noWait
      ? { kind: 'done', digests: locals, ...media }
      : { kind: 'processing', digests: locals, ...media }
  }

  /** The destination's own chunk limit (PeerTube's proxies): the first chunk and every later one stay under it. */
  const limitChunks = (bytes: number): void => {
    ceiling = Math.min(ceiling, Math.max(CHUNK_UNIT, Math.floor(bytes / CHUNK_UNIT) * CHUNK_UNIT))
    chunkSize = Math.min(chunkSize, ceiling)
  }

  /** One attempt: session, slot, bytes, verdict. Failures are thrown; the loop below classifies them. */
  const attempt = async (): Promise<FinalOutcome> => {
    inSession = false
    const earlier = await completedEarlier()
    if (earlier) {
      log.info('the forgotten upload had completed; no second copy', { jobId: row.id, mediaId: earlier })
      slot ??= await deps.slots.acquire(signal)
      if (row.state === 'preparing') apply('session-ready')
      patch({ mediaId: earlier })
      return verify({ hashes: NO_HASHES, mediaId: earlier })
    }
    const session = await openSession()
    if (deps.port.maxChunkBytes) limitChunks(await deps.port.maxChunkBytes(signal))
    slot ??= await deps.slots.acquire(signal)
    if (row.state === 'preparing') apply('session-ready')
    inSession = true
    const completion = await pump(session)
    inSession = false
    return verify(completion)
  }

  /**
   * A session host that does not answer (refused, unreachable, stalled, reset) is not proof that the network
   * is down: when the API answers, the session's address is dead (the server moved, a bad address, a host
   * that takes connections and never answers) and waiting would loop forever. After a few
   * attempts the session is given up (cancelled by the clean-ups) and a fresh upload made; until then the
   * attempt is retried like an interrupted one. Null when this is not such a failure.
   */
  const silentSession = async (error: AppError): Promise<JobOutcome | null> => {
    if (!inSession || !gotNoAnswer(error) || !deps.port.apiAnswers) return null
    if (!(await deps.port.apiAnswers(signal))) return null
    silent++
    log.info('the upload session host is not answering but the API is', { jobId: row.id, attempt: silent })
    if (silent < deps.sessionHostAttempts) {
      const after = backoffDelay(CHUNK_BACKOFF, silent, deps.random())
      // Retried like an interrupted request (not parked as offline: the network is up).
      const retried = meansOffline(error.code) ? { ...error, code: 'network/reset' as const } : error
      return { kind: 'retry', after, error: retried }
    }
    silent = 0
    const gaveUp = appError(
      'upload/session-expired',
      "The upload session's server stopped answering while the destination's API answers; Spool gave that upload up and started a new one.",
      { ...(error.detail ? { detail: error.detail } : {}) },
    )
    return { kind: 'session-expired', error: gaveUp }
  }

  const stopped = (caught: unknown): boolean => isAbort(caught) || caught instanceof Lost || signal.aborted
  const run = async (): Promise<FinalOutcome> => {
    try {
      if (row.state === 'waiting-for-network') apply('network-back')
      if (row.state === 'queued') apply('start')
      if (row.state === 'processing') return { kind: 'stopped' }
      for (;;) {
        signal.throwIfAborted()
        let outcome: JobOutcome
        try {
          outcome = await attempt()
        } catch (caught) {
          if (stopped(caught)) throw caught
          const error = toAppError(caught)
          if (creating && isAmbiguousError(error.code)) createUnsure = true
          creating = false
          outcome =
            (await silentSession(error)) ??
            outcomeForError(error, {
              retriesLeft: retries + 1 <= deps.maxRetries,
              retryAfter: () =>
                backoffDelay(CHUNK_BACKOFF, retries + 1, deps.random(), error.retryAfterMs ?? null),
            })
        }
        if (outcome.kind === 'session-expired') {
          log.info('session expired; starting a new upload', { jobId: row.id, uploadId: row.uploadId })
          settle(outcome, true)
          hash = emptyHash()
          continue
        }
        if (outcome.kind !== 'retry') return outcome
        retries++
        if (isServerErrorAnswer(outcome.error) && ++answers >= deps.serverErrorBudget)
          return { kind: 'failed', error: budgetSpent(outcome.error, answers) }
        if (outcome.error.status === 413 && outcome.error.code === 'upload/rejected') {
          // A proxy's body limit: halve the chunk (whole 256 KiB units, never below one) and stay under it.
          ceiling = Math.max(CHUNK_UNIT, Math.floor(chunkSize / 2 / CHUNK_UNIT) * CHUNK_UNIT)
          log.info('the chunk was too large for a proxy; sending smaller ones', {
            jobId: row.id,
            bytes: ceiling,
          })
        }
        chunkSize = Math.min(chunkSize, deps.chunkSizing.start, ceiling) // the link is not what it was
        const waitedOn = row.error?.code
        settle(outcome, false)
        if (row.error?.code !== waitedOn) deps.onChanged(row) // the answer it now waits out (apply-outcome)
        log.info('retrying after a transient failure', {
          jobId: row.id,
          code: outcome.error.code,
          wait: outcome.after,
        })
        await clock.sleep(outcome.after, signal)
      }
    } catch (caught) {
      if (stopped(caught)) return { kind: 'stopped' }
      return { kind: 'failed', error: toAppError(caught) }
    }
  }

  const release = (): void => slot?.()
  try {
    // The slot is held until the caller has applied the outcome, so the next file never starts moving
    // bytes while this one still reads 'uploading'.
    return { outcome: await run(), release }
  } catch (caught) {
    release()
    throw caught
  }
}
