import { z } from 'zod'
import { createAgents } from '../../http/agents.ts'
import type { ApiClient } from '../../http/client.ts'
import type { UnusedUpload, UploadPort, UploadTarget } from '../provider.ts'
import { UploadListResponseSchema } from './schemas-upload.ts'
import { metadataMap } from './to-domain.ts'
import { METADATA_LIMITS, toMediaStatus, type MediaStatus } from '../../../common/domain/media.ts'
import type { UploadSettings } from '../../../common/domain/upload.ts'
import { asUploadId } from '../../../common/domain/ids.ts'
import { AppFailure, appError } from '../../../common/ipc/result.ts'
import {
  createGcsSession,
  DEFAULT_IDLE_TIMEOUT_MS,
  initiateSession,
  type GcsSessionOptions,
} from './gcs-session.ts'
import { isInitiatedSession } from './gcs-headers.ts'
import { idSegment as seg } from './ids.ts'
import {
  encodeSpoolMetadata,
  readSpoolMetadata,
  SPOOL_METADATA_KEY,
  USER_METADATA_KEYS,
  userMetadata,
} from '../../../common/domain/spool-metadata.ts'

const METADATA_MAX_VALUE = METADATA_LIMITS.maxValueLength

/** How far the unused-upload list is read (50 a page): orphans are few; a huge list is not Spool's. */
const MAX_UNUSED_PAGES = 20

const CreateUploadResponse = z
  .object({
    data: z
      .object({ uploadId: z.string().min(1), url: z.string().min(1), timeout: z.number().nullish() })
      .loose(),
  })
  .loose()

const MediaResponse = z.object({ data: z.object({ status: z.string() }).loose() }).loose()

/**
 * Normalises FastPix's status word for polling. FastPix's own poller treats `Errored` (not in the enum) as
 * terminal (ARCHITECTURE.md §9), so a word starting with "error" ends the poll as Failed; other new words are 'unknown'.
 */
export function normaliseMediaStatus(raw: string): MediaStatus {
  const status = toMediaStatus(raw)
  return status === 'unknown' && /^error/i.test(raw.trim()) ? 'Failed' : status
}

/**
 * Builds pushMediaSettings.metadata: the user's keys (at most 9, values cut to 255 characters), then Spool's
 * one key with the job id added to what the runner put there (the folder), so an ambiguous create can always
 * be reconciled by job id.
 */
export function buildMetadata(
  user: Readonly<Record<string, string>>,
  clientJobId: string,
  folder?: string,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(userMetadata(user))) {
    if (Object.keys(out).length >= USER_METADATA_KEYS) break
    out[k.slice(0, METADATA_LIMITS.maxKeyLength)] = v.slice(0, METADATA_MAX_VALUE)
  }
  const spool = { ...readSpoolMetadata(user), ...(folder ? { folder } : {}), clientId: clientJobId }
  out[SPOOL_METADATA_KEY] = encodeSpoolMetadata(spool)
  return out
}

/** Whether a create answer's `url` is somewhere an upload session can be: an absolute http(s) URL. */
function isUploadAddress(url: string): boolean {
  try {
    const parsed = new URL(url)
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== ''
  } catch {
    return false
  }
}

/** The request body of `POST /on-demand/upload`. */
export function createUploadBody(
  settings: UploadSettings,
  clientJobId: string,
  folder?: string,
): Record<string, unknown> {
  return {
    corsOrigin: '*',
    pushMediaSettings: {
      accessPolicy: settings.accessPolicy,
      metadata: buildMetadata(settings.metadata, clientJobId, folder),
      ...(settings.maxResolution ? { maxResolution: settings.maxResolution } : {}),
      ...(settings.title ? { title: settings.title.slice(0, 255) } : {}),
    },
  }
}

/** Options of the FastPix upload port (transport details of the session protocol). */
export type FastPixUploadPortOptions = Readonly<{ idleTimeoutMs?: number }>

/**
 * The stall timeout: the option, else `SPOOL_IDLE_TIMEOUT_MS` (an advanced knob; tests use a short one),
 * else 60 s.
 */
function idleTimeout(option: number | undefined): number {
  if (option) return option
  const fromEnv = Number(process.env.SPOOL_IDLE_TIMEOUT_MS)
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_IDLE_TIMEOUT_MS
}

/** The FastPix upload path behind the provider seam: create, session protocol, cancel, media status. */
export function createFastPixUploadPort(
  client: ApiClient,
  options: FastPixUploadPortOptions = {},
): UploadPort {
  const session: GcsSessionOptions = {
    idleTimeoutMs: idleTimeout(options.idleTimeoutMs),
    agents: createAgents(), // the environment's proxy, as for the API calls
  }
  return {
    async createUpload(request): Promise<UploadTarget> {
      const res = await client.json('POST', '/on-demand/upload', CreateUploadResponse, {
        body: createUploadBody(request.settings, request.clientJobId, request.folder),
        what: 'Creating the upload',
        ...(request.signal ? { signal: request.signal } : {}),
      })
      const { uploadId, url, timeout } = res.data
      if (!isUploadAddress(url)) {
        // Never loop on an address no session can live at (file:, relative, garbage): give the upload back.
        await client
          .json('PUT', `/on-demand/upload/${seg(uploadId)}/cancel`, z.unknown(), {
            what: 'Cancelling the upload',
          })
          .catch(() => undefined)
        throw new AppFailure(
          appError('api/malformed-response', 'FastPix answered with an upload address Spool cannot use.', {
            detail: `not an http(s) URL: ${JSON.stringify(url.slice(0, 60))}`,
          }),
        )
      }
      // A URL with upload_id= is an initiated session: PUT only (POSTing gets 405, ARCHITECTURE.md §9).
      const sessionUri = isInitiatedSession(url) ? url : await initiateSession(url, session)
      return { uploadId: asUploadId(uploadId), sessionUri, timeoutSeconds: timeout ?? null }
    },
    openSession(sessionUri) {
      return createGcsSession(sessionUri, session)
    },
    async apiAnswers(signal) {
      // One cheap list call, no retries: any answer (even an error status) means the API is there.
      try {
        await client.got('on-demand/uploads', {
          searchParams: { limit: 1, offset: 1 },
          retry: { limit: 0 },
          throwHttpErrors: false,
          timeout: { request: 15_000 },
          signal,
        })
        return true
      } catch (caught) {
        if (signal.aborted) throw caught
        return false
      }
    },
    async unusedUploads(signal) {
      const found: UnusedUpload[] = []
      for (let page = 1; page <= MAX_UNUSED_PAGES; page++) {
        const res = await client.json('GET', 'on-demand/uploads', UploadListResponseSchema, {
          searchParams: { limit: 50, offset: page },
          what: 'Listing unused uploads',
          retryLimit: 0, // asked inside the engine's own retries, which count each answer
          signal,
        })
        for (const raw of res.data) {
          const metadata = metadataMap(raw.pushMediaSettings?.metadata ?? raw.metadata)
          found.push({
            uploadId: asUploadId(raw.uploadId),
            clientJobId: readSpoolMetadata(metadata).clientId ?? null,
            sessionUri: raw.url && isUploadAddress(raw.url) && isInitiatedSession(raw.url) ? raw.url : null,
          })
        }
        if (res.data.length < 50 || page >= res.pagination.offsetCount) break
      }
      return found
    },
    async cancelUpload(uploadId, signal) {
      await client.json('PUT', `/on-demand/upload/${seg(uploadId)}/cancel`, z.unknown(), {
        what: 'Cancelling the upload',
        ...(signal ? { signal } : {}),
      })
    },
    async deleteMedia(mediaId, signal) {
      try {
        await client.json('DELETE', `/on-demand/${seg(mediaId)}`, z.unknown(), {
          what: 'Deleting the damaged upload',
          ...(signal ? { signal } : {}),
        })
      } catch (caught) {
        if ((caught as { appError?: { code?: string } }).appError?.code !== 'api/not-found') throw caught
      }
    },
    async mediaStatus(mediaId, signal) {
      try {
        const res = await client.json('GET', `/on-demand/${seg(mediaId)}`, MediaResponse, {
          what: 'Reading the media status',
          ...(signal ? { signal } : {}),
        })
        return { status: normaliseMediaStatus(res.data.status), rawStatus: res.data.status }
      } catch (caught) {
        // Right after the last byte FastPix may not have created the media yet: keep polling.
        if (caught instanceof AppFailure && caught.appError.code === 'api/not-found')
          return { status: 'unknown', rawStatus: 'not-found' }
        throw caught
      }
    },
  }
}
