import { METADATA_LIMITS } from '../../common/domain/media.ts'
import { isSpoolKey, USER_METADATA_KEYS } from '../../common/domain/spool-metadata.ts'

/** FastPix's metadata budget left to the user (Spool keeps one key for itself), as the editors enforce it. */
export const METADATA_MAX_KEYS = USER_METADATA_KEYS
export const METADATA_MAX_LENGTH = METADATA_LIMITS.maxValueLength

/** One editable key/value line of a metadata editor. */
export type MetadataRow = Readonly<{ key: string; value: string }>

/** Turns a metadata map into editable rows. */
export function toRows(metadata: Readonly<Record<string, string>>): MetadataRow[] {
  return Object.entries(metadata).map(([key, value]) => ({ key, value }))
}

/** Validates rows against FastPix's limits; returns the map or the first problem in plain words. */
export function fromRows(
  rows: ReadonlyArray<MetadataRow>,
): { ok: true; metadata: Record<string, string> } | { ok: false; problem: string } {
  const filled = rows.filter((r) => r.key.trim() !== '' || r.value !== '')
  if (filled.length > METADATA_MAX_KEYS) {
    return {
      ok: false,
      problem: `FastPix accepts ${METADATA_MAX_KEYS} metadata keys of yours (Spool keeps one).`,
    }
  }
  const metadata: Record<string, string> = {}
  for (const row of filled) {
    const key = row.key.trim()
    if (key === '') return { ok: false, problem: 'Every metadata value needs a key.' }
    if (key.length > METADATA_MAX_LENGTH) {
      return {
        ok: false,
        problem: `The key “${key.slice(0, 20)}…” is longer than ${METADATA_MAX_LENGTH} characters.`,
      }
    }
    if (row.value.length > METADATA_MAX_LENGTH) {
      return { ok: false, problem: `The value of “${key}” is longer than ${METADATA_MAX_LENGTH} characters.` }
    }
    if (key in metadata) return { ok: false, problem: `The key “${key}” appears twice.` }
    if (isSpoolKey(key)) return { ok: false, problem: `“${key}” is Spool's own key; choose another name.` }
    metadata[key] = row.value
  }
  return { ok: true, metadata }
}
