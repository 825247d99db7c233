import {
  asMediaId,
  asTrackId,
  asUploadId,
  isRemoteId,
  isTrackId,
  type MediaId,
  type TrackId,
  type UploadId,
} from '../../common/domain/ids.ts'
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
 * A media id from the command line: a whole id, or an unambiguous prefix resolved against the local
 * library cache (refreshed once when nothing matches, so a just-finished upload is found too).
 */
export async function resolveMediaIdArg(
  raw: string,
  lookup: Readonly<{ prefixed(prefix: string): string[]; refresh(): Promise<void> }>,
): Promise<MediaId> {
  const value = raw.trim()
  if (isRemoteId(value) || !PREFIX.test(value)) return mediaIdArg(value)
  let matches = lookup.prefixed(value.toLowerCase())
  if (matches.length === 0) {
    await lookup.refresh()
    matches = lookup.prefixed(value.toLowerCase())
  }
  return asMediaId(unique(value, matches, 'media'))
}

/** An upload id from the command line: a whole id, or an unambiguous prefix of one of `known`. */
export function resolveUploadIdArg(raw: string, known: ReadonlyArray<string>): UploadId {
  const value = raw.trim()
  if (isRemoteId(value) || !PREFIX.test(value)) return uploadIdArg(value)
  return asUploadId(
    unique(
      value,
      known.filter((id) => id.toLowerCase().startsWith(value.toLowerCase())),
      'upload',
    ),
  )
}

/** Prefix lookups of a library command: the account's cache, refreshed from the destination on a miss. */
export function cacheLookup(scope: Pick<LibraryScope, 'db' | 'account' | 'library'>) {
  return {
    prefixed: (prefix: string) => idsWithPrefix(scope.db, scope.account, prefix),
    refresh: async () => void (await scope.library.refresh(scope.account)),
  }
}

/** A media id argument of a library command (whole, or a short prefix). */
export const mediaIdIn = (
  scope: Pick<LibraryScope, 'db' | 'account' | 'library'>,
  raw: string,
): Promise<MediaId> => resolveMediaIdArg(raw, cacheLookup(scope))
