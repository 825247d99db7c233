import { METADATA_LIMITS } from './media.ts'

/**
 * Spool's own data on a remote media, kept in ONE metadata key (issue 14 §5) so the user keeps 9 of
 * FastPix's 10: the client id that lets an ambiguous create be reconciled instead of duplicated, the folder a
 * file came from (relative to the dropped root) and the file's content fingerprint. The value is a short
 * query string (`c=…&f=…&h=…`) within the 255-character limit; a long folder keeps its innermost part.
 * Media written by earlier versions carry two keys (`spoolClientId`, `spoolFolder`): they are still read.
 */
export const SPOOL_METADATA_KEY = 'spool'
const LEGACY_KEYS = { clientId: 'spoolClientId', folder: 'spoolFolder' } as const

export type SpoolMetadata = Readonly<{ clientId?: string; folder?: string; fingerprint?: string }>

/** Whether a metadata key is Spool's own (read-only to the user). */
export function isSpoolKey(key: string): boolean {
  return key === SPOOL_METADATA_KEY || key === LEGACY_KEYS.clientId || key === LEGACY_KEYS.folder
}

/** Spool's data as one compact value, at most 255 characters (the folder is shortened from the left). */
export function encodeSpoolMetadata(data: SpoolMetadata): string {
  const build = (folder: string | undefined): string => {
    const pairs: Array<[string, string | undefined]> = [
      ['c', data.clientId],
      ['f', folder],
      ['h', data.fingerprint],
    ]
    return pairs.flatMap(([k, v]) => (v ? [`${k}=${encodeURIComponent(v)}`] : [])).join('&')
  }
  let folder = data.folder
  let value = build(folder)
  while (value.length > METADATA_LIMITS.maxValueLength && folder) {
    folder = folder.slice(Math.max(1, Math.ceil((value.length - METADATA_LIMITS.maxValueLength) / 3)))
    value = build(folder)
  }
  return value.slice(0, METADATA_LIMITS.maxValueLength)
}

/** Reads Spool's data from a media's metadata (the one key, or an earlier version's two). */
export function readSpoolMetadata(metadata: Readonly<Record<string, string>>): SpoolMetadata {
  const own = metadata[SPOOL_METADATA_KEY]
  if (own !== undefined) {
    const fields = new Map<string, string>()
    for (const part of own.split('&')) {
      const eq = part.indexOf('=')
      if (eq <= 0) continue
      try {
        fields.set(part.slice(0, eq), decodeURIComponent(part.slice(eq + 1)))
      } catch {
        // A value cut inside an escape (or edited by hand) is skipped, never fatal.
      }
    }
    const c = fields.get('c')
    const f = fields.get('f')
    const h = fields.get('h')
    return { ...(c ? { clientId: c } : {}), ...(f ? { folder: f } : {}), ...(h ? { fingerprint: h } : {}) }
  }
  const clientId = metadata[LEGACY_KEYS.clientId]
  const folder = metadata[LEGACY_KEYS.folder]
  return { ...(clientId ? { clientId } : {}), ...(folder ? { folder } : {}) }
}

/** The user's own metadata: everything but Spool's keys. */
export function userMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).filter(([k]) => !isSpoolKey(k)))
}

/** The user's keys a destination leaves room for once Spool's one key is counted. */
export const USER_METADATA_KEYS = METADATA_LIMITS.maxKeys - 1
