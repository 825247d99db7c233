/**
 * How the user's locale writes a count (10,000 · 10.000 · 10 000 · 1,00,000 · ١٠٬٠٠٠), described as data so the
 * window can write counts without starting ICU's number formatter: its first use in a process costs 20–30 ms on
 * this kind of machine (measured in Chromium), and the first screen is made of counts (B6). Main, which starts
 * long before the window, describes the locale once (describeCountFormat) and sends the description with
 * app:info; the window formats with it (formatCountWith), and falls back to Intl without one.
 */
export type CountFormat = Readonly<{
  /** The ten digits, 0 to 9, as the locale writes them (Latin, Arabic-Indic, Thai…). */
  digits: ReadonlyArray<string>
  /** The grouping separator, '' when the locale does not group. */
  group: string
  /** Digits in the rightmost group (3 almost everywhere). */
  primary: number
  /** Digits in each group left of it (2 in India: 1,00,00,000). */
  secondary: number
  /** Digits the leftmost group needs before grouping starts (2 in Spanish or Polish: 1234 but 12.345). */
  minimumGrouping: number
}>

const digitCount = (text: string): number => [...text].length

/** Describes how `locale` (the runtime's own when absent) writes counts, as Intl.NumberFormat does. */
export function describeCountFormat(locale?: string): CountFormat {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
  const digits = Array.from({ length: 10 }, (_, d) => format.format(d))
  const parts = format.formatToParts(12_345_678)
  const integers = parts.filter((p) => p.type === 'integer').map((p) => digitCount(p.value))
  const group = parts.find((p) => p.type === 'group')?.value ?? ''
  const primary = integers.length > 1 ? integers[integers.length - 1]! : 3
  const secondary = integers.length > 2 ? integers[integers.length - 2]! : primary
  let minimumGrouping = 1
  while (
    group !== '' &&
    minimumGrouping < 4 &&
    !format.format(10 ** (primary + minimumGrouping - 1)).includes(group)
  )
    minimumGrouping += 1
  return { digits, group, primary, secondary, minimumGrouping }
}

/**
 * A whole count, 0 or more, written as `format` says; null for anything else (a fraction, a negative, beyond
 * 2^53), which the caller writes with Intl instead.
 */
export function formatCountWith(format: CountFormat, count: number): string | null {
  if (!Number.isSafeInteger(count) || count < 0) return null
  const plain = String(count)
  const groups: string[] = []
  if (format.group !== '' && plain.length >= format.primary + format.minimumGrouping) {
    let end = plain.length - format.primary
    groups.unshift(plain.slice(end))
    while (end > format.secondary) {
      groups.unshift(plain.slice(end - format.secondary, end))
      end -= format.secondary
    }
    groups.unshift(plain.slice(0, end))
  } else groups.push(plain)
  return groups.map((g) => g.replace(/\d/g, (d) => format.digits[Number(d)] ?? d)).join(format.group)
}
