import { fail } from '../../common/ipc/result.ts'

/** FastPix's metadata limits: at most 10 keys, at most 255 characters per value. */
export type MetadataLimits = Readonly<{ maxKeys: number; maxValueLength: number }>

/** Changes to a metadata map: a string sets the key, null removes it. */
export type MetadataChanges = Readonly<Record<string, string | null>>

/** Throws 'input/invalid' with a clear message when a map breaks the destination's limits. */
export function checkMetadata(map: Readonly<Record<string, string>>, limits: MetadataLimits): void {
  const keys = Object.keys(map)
  if (keys.length > limits.maxKeys)
    fail(
      'input/invalid',
      `FastPix allows at most ${limits.maxKeys} metadata keys; this change would make ${keys.length} (${keys.join(', ')}).`,
    )
  for (const key of keys) {
    if (key.trim() === '') fail('input/invalid', 'A metadata key cannot be empty.')
    if (key.length > limits.maxValueLength)
      fail(
        'input/invalid',
        `The metadata key "${key.slice(0, 40)}…" is longer than ${limits.maxValueLength} characters.`,
      )
    const value = map[key] ?? ''
    if (value.length > limits.maxValueLength)
      fail(
        'input/invalid',
        `The value of metadata key "${key}" has ${value.length} characters; FastPix allows at most ${limits.maxValueLength}.`,
      )
  }
}

/**
 * Merges a user's changes into the current map client-side (FastPix replaces the whole map on PATCH,
 * ARCHITECTURE.md §9) and checks the result against the limits. Pure.
 */
export function mergeMetadata(
  current: Readonly<Record<string, string>>,
  changes: MetadataChanges,
  limits: MetadataLimits,
): Record<string, string> {
  const next: Record<string, string> = { ...current }
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key]
    else next[key] = value
  }
  checkMetadata(next, limits)
  return next
}

/** Parses CLI `k=v` pairs (`k=` removes the key). */
export function parseMetadataPairs(pairs: ReadonlyArray<string>): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0) fail('input/invalid', `Metadata must be written key=value (got "${pair}").`)
    const value = pair.slice(eq + 1)
    out[pair.slice(0, eq)] = value === '' ? null : value
  }
  return out
}
