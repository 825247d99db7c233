import { needsRefresh } from '../../common/domain/freshness.ts'
import { asAccountName } from '../../common/domain/ids.ts'
import type { WritableDb } from '../db/database.ts'
import { allCached } from '../library/library-cache.ts'
import { createLibraryService } from '../library/library-service.ts'
import type { ContentProbe, Provider, RemoteCopy } from '../providers/provider.ts'
import { isoDurationSeconds } from './fingerprint-duration.ts'
import { extensionOf } from './logic/media-sniff.ts'
import { lastDeliveredAt } from './repository.ts'
import { lastRecordedDelivery } from './fingerprint-store.ts'

/** What the account's library says about a batch: the copies it holds, and whether a media still exists. */
export type LibraryView = Readonly<{
  copies: ReadonlyMap<string, RemoteCopy>
  holds: (mediaId: string) => boolean
}>

/** Containers whose duration is read from their own header (fingerprint-duration.ts). */
const ISO_EXTENSIONS = new Set(['mp4', 'm4v', 'mov', 'qt', '3gp', '3g2', 'm4a'])

/**
 * Consults the account's library for copies of `files`: the local cache, refreshed first when stale (never
 * filled, old, or older than the account's last finished upload, common/domain/freshness.ts), then the provider's
 * own matching (`findCopies`).
 */
export async function findLibraryCopies(
  deps: Readonly<{
    db: WritableDb
    account: string
    providerFor?: (account: string) => Promise<Provider>
    now: number
    signal?: AbortSignal
  }>,
  files: ReadonlyArray<Readonly<{ path: string; name: string; size: number; fingerprint: string }>>,
): Promise<LibraryView> {
  const { db, account } = deps
  if (!deps.providerFor) return { copies: new Map(), holds: () => true }
  const provider = await deps.providerFor(account)
  const library = createLibraryService({ db, providerFor: () => provider, now: () => deps.now })
  const name = asAccountName(account)
  const delivered = [lastDeliveredAt(db, account), lastRecordedDelivery(db, account)].filter(
    (at) => at !== null,
  )
  if (needsRefresh(library.cacheInfo(name).refreshedAt, delivered.sort().at(-1) ?? null, deps.now))
    await library.refresh(name, deps.signal)
  const cached = allCached(db, account)
  const ids = new Set(cached.map((m) => m.id as string))
  const holds = (mediaId: string): boolean => ids.has(mediaId)
  if (cached.length === 0 || files.length === 0) return { copies: new Map(), holds }
  const probes: ContentProbe[] = files.map((f) => ({
    ...f,
    readDuration: () =>
      ISO_EXTENSIONS.has(extensionOf(f.name)) ? isoDurationSeconds(f.path, f.size) : Promise.resolve(null),
  }))
  const copies = await provider.library.findCopies(probes, cached, deps.signal)
  return { copies: new Map(copies.map((c) => [c.path, c])), holds }
}
