import { formatCountWith, type CountFormat } from '../../common/util/count-format.ts'

/**
 * Human-readable byte count in binary units, the app's one unit family (chunk sizes are MiB, the bandwidth cap
 * MiB/s): 1.5 GiB, 320 KiB.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

/** How counts are written: as main described the locale (countFormatReceived), else by Intl on first use. */
let described: CountFormat | null = null
let intl: Intl.NumberFormat | null = null

/**
 * Main's description of how the user's locale writes counts (app:info). With it the window writes counts without
 * starting ICU's number formatter, whose first use costs 20–30 ms, on the way to its first rows (B6).
 */
export function countFormatReceived(format: CountFormat): void {
  described = format
}

/** A count as the user's locale writes it: 10,000 (10.000, 1,00,000…). */
export function formatCount(count: number): string {
  return (described && formatCountWith(described, count)) ?? (intl ??= new Intl.NumberFormat()).format(count)
}

/** Transfer rate: 12 MiB/s. */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '—'
  return `${formatBytes(bytesPerSecond)}/s`
}

/** A duration in seconds as h:mm:ss or m:ss. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`
}

/** A coarse span for ETAs and ages: 45 s, 12 min, 3 h, 2 d. */
export function formatSpan(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—'
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.round(s / 60)} min`
  if (s < 86_400) return `${Math.round(s / 3600)} h`
  return `${Math.round(s / 86_400)} d`
}

/** A date as the user's locale prints it (short). */
export function formatDate(iso: string | null): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? '—'
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** Percentage 0–100 of done over total, rounded down so 100 means finished. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0
  return Math.min(100, Math.floor((done / total) * 100))
}

/** The first 8 characters of an id, as people read and say them (the whole id is copied). */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id
}

/** Bytes in one MiB (the unit of chunk sizes and of the bandwidth cap). */
export const MIB = 1024 * 1024

/** How long ago something started: "just now" under a minute, then "12 min ago", "3 h ago", "2 d ago". */
export function formatAgo(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—'
  return seconds < 60 ? 'just now' : `${formatSpan(seconds)} ago`
}
