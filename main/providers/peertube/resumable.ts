import { createHash } from 'node:crypto'
import { asMediaId } from '../../../common/domain/ids.ts'
import type { IncomingHttpHeaders } from 'node:http'
import { exchange, type ExchangeOptions } from '../../http/exchange.ts'
import type { ChunkRequest, ResumableSession, SessionStatus } from '../provider.ts'
import type { PeerTubeApiClient, RawResponse } from './api-client.ts'
import { failureFromResponse, hasReason, peerTubeFailure, type PeerTubeFailure } from './errors.ts'
import { apiUrl, parseUploadUrl, UPLOAD_RESUMABLE, uploadUrlFromLocation } from './routes.ts'
import { QuotaUsedSchema, MeSchema, UploadCompleteSchema, type UploadedVideo } from './schemas.ts'

/** PeerTube privacy ids: 1 Public, 2 Unlisted, 3 Private, 4 Internal, 5 Password protected. */
export type PeerTubePrivacy = 1 | 2 | 3 | 4 | 5

/** The video fields sent with the init request (PeerTube's names). */
export type PeerTubeVideoFields = Readonly<{
  name: string
  channelId: number
  privacy?: PeerTubePrivacy
  description?: string
  tags?: ReadonlyArray<string>
  category?: number
  licence?: number
  language?: string
  nsfw?: boolean
  support?: string
  commentsEnabled?: boolean
  downloadEnabled?: boolean
  waitTranscoding?: boolean
  /** ISO 8601 date. */
  originallyPublishedAt?: string
  /** The instance changes the privacy at `updateAt` (ISO 8601) by itself: a scheduled publication. */
  scheduleUpdate?: Readonly<{ updateAt: string; privacy?: PeerTubePrivacy }>
}>

export type InitUploadRequest = Readonly<{
  video: PeerTubeVideoFields
  /** The local file's name (its extension tells PeerTube the container). */
  filename: string
  size: number
  mimeType: string
  /** The file's mtime in ms. */
  fileModifiedMs: number
  /** Spool's job id: keeps two jobs of the same file on two server uploads (see `uploadDiscriminator`). */
  clientJobId: string
  signal?: AbortSignal
}>

export type InitUploadResult = Readonly<{
  uploadId: string
  /** The upload URL on the configured instance (needs the bearer too; still never logged). */
  uploadUrl: string
  /** Bytes the server already holds: > 0 when the init found this job's earlier upload (200 + Range). */
  persisted: number
  resumed: boolean
}>

/** Where an upload stands, PeerTube's way: completion carries the video; a purged upload is 'gone'. */
export type PeerTubeUploadStatus =
  | Readonly<{ state: 'incomplete'; persisted: number }>
  | Readonly<{ state: 'complete'; video: UploadedVideo }>
  /** 404: purged, cancelled or already completed; check the user's videos before starting again. */
  | Readonly<{ state: 'gone' }>

/** One upload: the Provider seam's ResumableSession plus the PeerTube-shaped calls behind it. */
export type PeerTubeUploadSession = ResumableSession &
  Readonly<{
    uploadId: string
    probe(total: number, signal?: AbortSignal): Promise<PeerTubeUploadStatus>
    put(chunk: ChunkRequest): Promise<PeerTubeUploadStatus>
    /** DELETE ?upload_id=… (204; a 404 counts as done). */
    cancel(signal?: AbortSignal): Promise<void>
    /** The video created by the final chunk, once this session saw the 200. */
    completedVideo(): UploadedVideo | null
  }>

/**
 * The server derives `upload_id` from user, video `name`, size and `lastModified` (not the filename), so
 * two jobs for the same file and title would share (and corrupt) one upload. Spool sends, as
 * `lastModified`, a number derived from the job id and the file's real mtime: stable for one job (a
 * re-init resumes its own upload), distinct between jobs, and changed when the file changes. PeerTube
 * itself stores nothing from this field.
 */
export function uploadDiscriminator(clientJobId: string, fileModifiedMs: number): number {
  const digest = createHash('sha256')
    .update(`spool:${clientJobId}:${Math.trunc(fileModifiedMs)}`)
    .digest()
  return digest.readUIntBE(0, 6)
}

/** `Range: bytes=0-N` → N + 1; `bytes=0--1` (nothing yet) → 0. */
export function persistedFromRange(raw: string | string[] | undefined): number | null {
  const value = Array.isArray(raw) ? raw[0] : raw
  if (value === undefined) return 0
  const match = /^bytes=0-(-1|\d+)$/.exec(value.trim())
  if (!match?.[1]) return null
  return match[1] === '-1' ? 0 : Number(match[1]) + 1
}

function statusFromRaw(response: RawResponse, what: string): PeerTubeUploadStatus {
  if (response.status === 308) {
    const persisted = persistedFromRange(response.headers.range)
    if (persisted === null)
      throw peerTubeFailure('other', 'upload/rejected', 'PeerTube sent an unreadable Range header.', {
        status: 308,
      })
    return { state: 'incomplete', persisted }
  }
  if (response.status === 200) {
    let value: unknown
    try {
      value = JSON.parse(response.body) as unknown
    } catch {
      value = null
    }
    const parsed = UploadCompleteSchema.safeParse(value)
    if (parsed.success) return { state: 'complete', video: parsed.data.video }
    throw peerTubeFailure(
      'other',
      'api/malformed-response',
      'PeerTube finished the upload but its reply has no video id.',
      { status: 200 },
    )
  }
  const failure = failureFromResponse(response, what)
  if (failure.reason === 'upload-gone') return { state: 'gone' }
  throw failure
}

export type ResumableDeps = Readonly<{ client: PeerTubeApiClient; transport: ExchangeOptions }>

/** Human figures for a 413 `quota_reached` (best effort: the refusal stands even if this fails). */
async function withQuotaFigures(
  failure: PeerTubeFailure,
  client: PeerTubeApiClient,
  size: number,
): Promise<PeerTubeFailure> {
  try {
    const [me, used] = await Promise.all([
      client.json('GET', apiUrl(client.instanceUrl, ['users', 'me']), MeSchema),
      client.json('GET', apiUrl(client.instanceUrl, ['users', 'me', 'video-quota-used']), QuotaUsedSchema),
    ])
    const mb = (n: number): string => `${(n / 1_048_576).toFixed(1)} MiB`
    const parts = [`this file needs ${mb(size)}`]
    if (me.videoQuota >= 0) parts.push(`${mb(used.videoQuotaUsed)} of ${mb(me.videoQuota)} used`)
    if (me.videoQuotaDaily >= 0)
      parts.push(`${mb(used.videoQuotaUsedDaily)} of ${mb(me.videoQuotaDaily)} used today`)
    return peerTubeFailure(
      'quota-exceeded',
      'upload/rejected',
      `The video quota of this PeerTube account is used up: ${parts.join(', ')}.`,
      {
        status: 413,
        ...(failure.appError.detail ? { detail: failure.appError.detail } : {}),
      },
    )
  } catch {
    return failure
  }
}

/** POST /api/v1/videos/upload-resumable: creates (201) or finds (200 + Range) this job's upload. */
export async function initUpload(deps: ResumableDeps, request: InitUploadRequest): Promise<InitUploadResult> {
  const { client } = deps
  const body = {
    ...request.video,
    filename: request.filename,
    lastModified: uploadDiscriminator(request.clientJobId, request.fileModifiedMs),
  }
  let res: RawResponse
  try {
    res = await client.send('POST', apiUrl(client.instanceUrl, UPLOAD_RESUMABLE), {
      body: { json: body },
      headers: {
        'x-upload-content-length': String(request.size),
        'x-upload-content-type': request.mimeType,
      },
      what: 'Starting the upload',
      ...(request.signal ? { signal: request.signal } : {}),
    })
  } catch (caught) {
    if (hasReason(caught, 'quota-exceeded')) throw await withQuotaFigures(caught, client, request.size)
    throw caught
  }
  const location = res.headers.location
  if ((res.status !== 200 && res.status !== 201) || typeof location !== 'string')
    throw peerTubeFailure(
      'other',
      'upload/rejected',
      `PeerTube did not start the upload (HTTP ${res.status}).`,
      { status: res.status },
    )
  const url = uploadUrlFromLocation(client.instanceUrl, location)
  const persisted = res.status === 200 ? (persistedFromRange(res.headers.range) ?? 0) : 0
  return {
    uploadId: url.searchParams.get('upload_id') ?? '',
    uploadUrl: url.toString(),
    persisted,
    resumed: res.status === 200,
  }
}

/** Opens the session for a stored upload URL (checked to be an upload URL on this account's instance). */
export function openUploadSession(deps: ResumableDeps, sessionUrl: string): PeerTubeUploadSession {
  const { client, transport } = deps
  const { url, uploadId } = parseUploadUrl(client.instanceUrl, sessionUrl)
  const uri = url.toString()
  let video: UploadedVideo | null = null
  let known: number | null = null

  /** One exchange with the bearer; a 401 `invalid_token` refreshes (shared) and retries once. */
  async function authorized(
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    chunk?: ChunkRequest,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
    let token = await client.session.accessToken(signal)
    for (let round = 0; ; round++) {
      const res = await exchange(uri, transport, {
        method: 'PUT',
        headers: { ...headers, authorization: `Bearer ${token}` },
        ...(chunk ? { body: chunk.body } : {}),
        ...(signal ? { signal } : {}),
        ...(chunk?.onBytesSent ? { onBytesSent: chunk.onBytesSent } : {}),
      }).catch(async (caught: unknown) => {
        throw (await client.checkCertificate(caught)) ?? caught
      })
      if (res.status === 401 && round === 0 && hasReason(failureFromResponse(res), 'token-invalid')) {
        token = await client.session.refreshAfterRejection(token, signal)
        continue
      }
      return res
    }
  }

  function record(status: PeerTubeUploadStatus): PeerTubeUploadStatus {
    if (status.state === 'incomplete') known = status.persisted
    if (status.state === 'complete') video = status.video
    return status
  }

  async function probe(total: number, signal?: AbortSignal): Promise<PeerTubeUploadStatus> {
    const res = await authorized({ 'content-length': '0', 'content-range': `bytes */${total}` }, signal)
    return record(statusFromRaw(res, 'Checking the upload'))
  }

  async function put(chunk: ChunkRequest): Promise<PeerTubeUploadStatus> {
    // The server writes wherever Content-Range says without checking; never leave a hole.
    if (known !== null && chunk.start !== known)
      throw peerTubeFailure(
        'other',
        'upload/rejected',
        `Refusing to send bytes from ${chunk.start}: the server holds ${known}.`,
      )
    if (chunk.length <= 0 || chunk.start + chunk.length > chunk.total)
      throw peerTubeFailure('validation', 'input/invalid', 'The chunk does not fit in the file.')
    const last = chunk.start + chunk.length - 1
    const res = await authorized(
      {
        'content-length': String(chunk.length),
        'content-range': `bytes ${chunk.start}-${last}/${chunk.total}`,
        'content-type': 'application/octet-stream',
      },
      chunk.signal,
      chunk,
    )
    return record(statusFromRaw(res, 'Sending the file'))
  }

  async function cancel(signal?: AbortSignal): Promise<void> {
    try {
      await client.noContent('DELETE', url, { what: 'Cancelling the upload', ...(signal ? { signal } : {}) })
    } catch (caught) {
      if (hasReason(caught, 'upload-gone', 'not-found')) return
      throw caught
    }
  }

  function toSessionStatus(status: PeerTubeUploadStatus): SessionStatus {
    if (status.state === 'incomplete') return { complete: false, persisted: status.persisted }
    if (status.state === 'complete')
      return { complete: true, hashes: { crc32c: null, md5: null }, mediaId: asMediaId(status.video.uuid) }
    throw peerTubeFailure(
      'upload-gone',
      'upload/session-expired',
      'The upload is no longer on the server (finished, cancelled or purged).',
      { status: 404 },
    )
  }

  return {
    uploadId,
    probe,
    put,
    cancel,
    completedVideo: () => video,
    async queryStatus(total, signal) {
      return toSessionStatus(await probe(total, signal))
    },
    async sendChunk(chunk) {
      return toSessionStatus(await put(chunk))
    },
    async terminate(signal) {
      await cancel(signal)
    },
  }
}
