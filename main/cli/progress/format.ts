/** Number formatting and terminal-width fitting for the progress display (pure functions). */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const

/** 1536 → "1.5 KiB"; three significant digits, never NaN or Infinity. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B'
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2
  return `${value.toFixed(digits)} ${UNITS[unit]}`
}

/** Bytes per second, or "-" while there is no measure yet. */
export function formatRate(bytesPerSecond: number | null): string {
  if (bytesPerSecond === null || !Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '-'
  return `${formatBytes(bytesPerSecond)}/s`
}

/** Seconds as 1:02:03 or 2:03; "-" when unknown (no rate yet, or nothing left to measure). */
export function formatClock(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '-'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** A whole percentage, 0–100, of `part` in `total` (100 for an empty total). */
export function percent(part: number, total: number): number {
  if (total <= 0) return 100
  return Math.max(0, Math.min(100, Math.floor((100 * part) / total)))
}

/** Whether a code point takes two terminal cells (CJK, full-width forms, most emoji). */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
}

/** Whether a code point takes no cell (combining marks, joiners, variation selectors). */
function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  )
}

/** Control characters (a newline or an escape in a file name) are shown as "?", never sent to the terminal. */
const sanitize = (s: string): string =>
  [...s].map((ch) => (isControl(ch.codePointAt(0)!) ? '?' : ch)).join('')

const isControl = (cp: number): boolean => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)

/** The number of terminal cells `s` takes. */
export function cellWidth(s: string): number {
  let width = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    width += isZeroWidth(cp) ? 0 : isWide(cp) ? 2 : 1
  }
  return width
}

/** Cuts `s` to at most `width` cells, ending in "…" when cut; control characters become "?". */
export function fit(s: string, width: number): string {
  const clean = sanitize(s)
  if (width <= 0) return ''
  if (cellWidth(clean) <= width) return clean
  let out = ''
  let used = 0
  for (const ch of clean) {
    const w = cellWidth(ch)
    if (used + w > width - 1) break
    out += ch
    used += w
  }
  return `${out}…`
}

/** Cuts `s` to `width` cells keeping its start and its end ("A001_C0…_0042.mov"): file names differ at the end. */
export function fitMiddle(s: string, width: number): string {
  const clean = sanitize(s)
  if (cellWidth(clean) <= width) return clean
  if (width <= 8) return fit(clean, width)
  const chars = [...clean]
  const tailCells = Math.floor((width - 1) / 2)
  let tail = ''
  let used = 0
  for (let i = chars.length - 1; i >= 0; i--) {
    const w = cellWidth(chars[i]!)
    if (used + w > tailCells) break
    tail = chars[i]! + tail
    used += w
  }
  return `${fit(clean, width - used).slice(0, -1)}…${tail}`
}

/** Cuts `s` to `width` cells keeping its end ("…/card/A001_C002.mov"): for paths, whose end is the file name. */
export function fitEnd(s: string, width: number): string {
  const clean = sanitize(s)
  if (cellWidth(clean) <= width) return clean
  if (width <= 1) return fit(clean, width)
  const chars = [...clean]
  let tail = ''
  let used = 0
  for (let i = chars.length - 1; i >= 0; i--) {
    const w = cellWidth(chars[i]!)
    if (used + w > width - 1) break
    tail = chars[i]! + tail
    used += w
  }
  return `…${tail}`
}

/** Pads `s` with spaces to exactly `width` cells (cutting it first when longer). */
export function padCells(s: string, width: number): string {
  const cut = fitMiddle(s, width)
  return cut + ' '.repeat(Math.max(0, width - cellWidth(cut)))
}
