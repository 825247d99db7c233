import { readSpoolMetadata } from '../../../common/domain/spool-metadata.ts'
import { AppFailure } from '../../../common/ipc/result.ts'
import { isAmbiguousError, provesNothingSent } from '../../../common/domain/upload-policy.ts'
import { createLogger } from '../../logging/log.ts'

/** The client id a media was created with (Spool's metadata key; ARCHITECTURE.md §9), or undefined. */
export const clientIdOf = (metadata: Readonly<Record<string, string>>): string | undefined =>
  readSpoolMetadata(metadata).clientId

const log = createLogger('reconcile')

/**
 * Whether a failure leaves it unknown if a create happened (timeout, reset, 5xx, 524: the request may have
 * been received). The upload policy names these; `network/offline` is only ever a failure that proves no
 * byte reached the server (http/network-errors.ts), so it is never ambiguous.
 */
export function isAmbiguous(caught: unknown): boolean {
  return caught instanceof AppFailure && isAmbiguousError(caught.appError.code)
}

export type ReconcileRequest<T> = Readonly<{
  /**
   * What identifies the create: the client id sent in its metadata, or (for objects without metadata,
   * such as tracks) a description for the logs while `findByClientId` matches on attributes.
   */
  clientId: string
  post: () => Promise<T>
  /** Looks for an object created with this client id; null if none exists. */
  findByClientId: (clientId: string) => Promise<T | null>
  attempts?: number
  delayMs?: (attempt: number) => number
}>

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Creates exactly once: after an ambiguous failure (timeout, reset, 5xx, 524) it searches for the client id
 * before re-posting, so a create the server did perform is found instead of duplicated. Failures the server
 * certainly did not act on (offline, 429) are simply re-posted; everything else is thrown.
 */
export async function createWithReconcile<T>(req: ReconcileRequest<T>): Promise<T> {
  const attempts = req.attempts ?? 4
  const delay = req.delayMs ?? ((n: number) => Math.min(500 * 2 ** n, 5_000))
  let last: unknown
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (attempt > 0) {
      await sleep(delay(attempt))
      if (isAmbiguous(last)) {
        const found = await req.findByClientId(req.clientId).catch(() => null)
        if (found) {
          log.info('create reconciled with an existing object', { clientId: req.clientId, attempt })
          return found
        }
      }
    }
    try {
      return await req.post()
    } catch (caught) {
      last = caught
      const retryable =
        caught instanceof AppFailure &&
        (isAmbiguousError(caught.appError.code) || provesNothingSent(caught.appError.code))
      if (!retryable) throw caught
      log.warn('create failed, will reconcile', {
        clientId: req.clientId,
        attempt,
        code: caught.appError.code,
      })
    }
  }
  if (isAmbiguous(last)) {
    const found = await req.findByClientId(req.clientId).catch(() => null)
    if (found) return found
  }
  throw last
}
