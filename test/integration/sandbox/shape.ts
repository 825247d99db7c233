/** JSON type name, distinguishing arrays and null. */
function kind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/**
 * Differences between the shape of a captured real response and a sandbox response: the same JSON types and
 * exactly the same object keys, recursively. Every element of a captured array must match (no differences)
 * at least one element of the sandbox array, so unions such as tracks are compared variant by variant.
 */
export function shapeDiff(captured: unknown, actual: unknown, path = '$'): string[] {
  const ck = kind(captured)
  const ak = kind(actual)
  if (ck !== ak) return [`${path}: captured ${ck}, sandbox ${ak}`]
  if (ck === 'array') {
    const cs = captured as unknown[]
    const as = actual as unknown[]
    const diffs: string[] = []
    cs.forEach((element, i) => {
      if (as.length === 0) diffs.push(`${path}[${i}]: sandbox array is empty`)
      else if (!as.some((candidate) => shapeDiff(element, candidate).length === 0)) {
        const nearest = as
          .map((c) => shapeDiff(element, c, `${path}[${i}]`))
          .sort((a, b) => a.length - b.length)[0]!
        diffs.push(...nearest)
      }
    })
    return diffs
  }
  if (ck !== 'object') return []
  const c = captured as Record<string, unknown>
  const a = actual as Record<string, unknown>
  const diffs: string[] = []
  for (const key of Object.keys(c)) {
    if (!(key in a)) diffs.push(`${path}.${key}: missing in sandbox`)
    else diffs.push(...shapeDiff(c[key], a[key], `${path}.${key}`))
  }
  for (const key of Object.keys(a)) if (!(key in c)) diffs.push(`${path}.${key}: not in the capture`)
  return diffs
}
