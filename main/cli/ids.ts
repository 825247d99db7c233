import {
  asMediaId,
  asTrackId,
  asUploadId,
  isRemoteId,
  isTrackId,
  type MediaId,
  type TrackId,
  type UploadId,
  UUID_PATTERN,
} from '../../common/domain/ids.ts'
import type { ProviderKind } from '../../common/domain/account.ts'
import { fail } from '../../common/ipc/result.ts'
import { idsWithPrefix } from '../library/library-cache.ts'
import type { LibraryScope } from './library-context.ts'

/** Checks an id typed on the command line before anything is sent (issue 14 §1). */
function remoteIdArg(raw: string, label: string, valid = isRemoteId): string {
  const value = raw.trim()
  if (!valid(value)) {
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    fail(
      'input/invalid',
      `${shown} is not a ${label}: ids are UUIDs (on PeerTube also numbers, short UUIDs, and caption languages for tracks).`,
    )
  }
  return value
}

export const mediaIdArg = (raw: string): MediaId => asMediaId(remoteIdArg(raw, 'media id'))
export const trackIdArg = (raw: string): TrackId => asTrackId(remoteIdArg(raw, 'track id', isTrackId))
export const uploadIdArg = (raw: string): UploadId => asUploadId(remoteIdArg(raw, 'upload id'))

/** A short id: the first characters of a UUID (at least 4), as `queue list` shows them. */
const PREFIX = /^[0-9a-f-]{4,35}$/i

/** Picks the one id starting with `prefix`, or says which match (like git's short hashes). */
function unique(prefix: string, matches: ReadonlyArray<string>, what: string): string {
  if (matches.length === 1) return matches[0]!
  if (matches.length === 0) fail('api/not-found', `No ${what} id starts with "${prefix}".`)
  fail(
    'input/invalid',
    `"${prefix}" is ambiguous: it starts ${matches.length} ${what} ids (${matches.join(', ')}). Type more of it.`,
  )
}

/**
 * How a destination takes a whole id: FastPix only as a UUID; PeerTube also as a number or a short UUID. A
 * short id that could be a whole one as well (eight digits are a UUID's start and a PeerTube number) is looked
 * up as a prefix first: Spool printed it, so it means what Spool printed.
 */
export type WholeIds = (value: string) => boolean

/** The whole ids a destination of this kind takes. */
export const wholeIdsOf = (kind: ProviderKind): WholeIds =>
  kind === 'fastpix' ? (value) => UUID_PATTERN.test(value) : isRemoteId

/**
 * A media id from the command line: a whole id, or an unambiguous prefix resolved against the local
 * library cache (refreshed once when nothing matches, so a just-finished upload is found too).
 */
export async function resolveMediaIdArg(
  raw: string,
  lookup: Readonly<{ prefixed(prefix: string): string[]; refresh(): Promise<void>; whole: WholeIds }>,
): Promise<MediaId> {
  const value = raw.trim()
  if (UUID_PATTERN.test(value) || !PREFIX.test(value)) return mediaIdArg(value)
  let matches = lookup.prefixed(value.toLowerCase())
  if (matches.length === 0) {
    await lookup.refresh()
    matches = lookup.prefixed(value.toLowerCase())
  }
  if (matches.length === 0 && lookup.whole(value)) return mediaIdArg(value)
  return asMediaId(unique(value, matches, 'media'))
}

/** An upload id from the command line: a whole id, or an unambiguous prefix of one of `known`. */
export function resolveUploadIdArg(raw: string, known: ReadonlyArray<string>, whole: WholeIds): UploadId {
  const value = raw.trim()
  if (UUID_PATTERN.test(value) || !PREFIX.test(value)) return uploadIdArg(value)
  const matches = known.filter((id) => id.toLowerCase().startsWith(value.toLowerCase()))
  if (matches.length === 0 && whole(value)) return uploadIdArg(value)
  return asUploadId(unique(value, matches, 'upload'))
}

/** Prefix lookups of a library command: the account's cache, refreshed from the destination on a miss. */
export function cacheLookup(scope: Pick<LibraryScope, 'db' | 'account' | 'library' | 'destination'>) {
  return {
    prefixed: (prefix: string) => idsWithPrefix(scope.db, scope.account, prefix),
    refresh: async () => void (await scope.library.refresh(scope.account)),
    whole: wholeIdsOf(scope.destination.account.kind),
  }
}

/** A media id argument of a library command (whole, or a short prefix). */
export const mediaIdIn = (
  scope: Pick<LibraryScope, 'db' | 'account' | 'library' | 'destination'>,
  raw: string,
): Promise<MediaId> => resolveMediaIdArg(raw, cacheLookup(scope))
