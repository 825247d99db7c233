import { cellWidth, fit, fitEnd, formatBytes, formatClock, formatRate, padCells, percent } from './format.ts'

/** One file whose bytes are moving (or being verified) right now. */
export type Transfer = Readonly<{
  name: string
  sent: number
  size: number
  /** Bytes per second for this file; null until measured. */
  rate: number | null
  verifying: boolean
  /** Waiting out a server's answer before it tries again (the job's error while uploading). */
  retrying: boolean
}>

/** Everything the pinned block shows, as of one moment. */
export type ProgressState = Readonly<{
  files: Readonly<{ total: number; done: number; failed: number; waiting: number; processing: number }>
  bytes: Readonly<{ sent: number; total: number }>
  /** Whole batch, bytes per second over the last few seconds; null until measured. */
  rate: number | null
  /** Seconds left at the current rate; null when unknown. */
  etaSeconds: number | null
  elapsedSeconds: number
  transfers: ReadonlyArray<Transfer>
}>

const LONG_LABELS = ['Transferred: ', 'Files:       ', 'Elapsed:     '] as const
const SHORT_LABELS = ['Sent ', 'Files ', 'Elapsed '] as const

/** The fewest cells a transfer's name is given before its figures are thinned out. */
const MIN_NAME = 16
/** Lines of the summary above the transfers. */
const SUMMARY_LINES = 3
/** Rows kept free above the block, so the permanent lines stay visible on a short terminal. */
const FREE_ROWS = 2

/**
 * The pinned block, rclone -P style (issue 13 §6): a three-line summary, then one line per active transfer
 * (only those: a 10,000-file batch shows what moves, not 10,000 bars), capped to the terminal's height with
 * "+N more". Every line fits `width` cells, so nothing wraps and redraws never garble.
 */
export function pinnedBlock(state: ProgressState, width: number, height: number): string[] {
  const w = Math.max(20, width - 1) // the last column: some terminals wrap when it is written
  const { files, bytes } = state
  const figures = `${formatBytes(bytes.sent)} / ${formatBytes(bytes.total)}, ${percent(bytes.sent, bytes.total)}%, ${formatRate(state.rate)}, ETA ${formatClock(state.etaSeconds)}`
  const extra = [
    files.failed > 0 ? `${files.failed} failed` : '',
    files.processing > 0 ? `${files.processing} sent and being processed` : '',
    files.waiting > 0 ? `${files.waiting} waiting for the network` : '',
  ].filter(Boolean)
  const counts = [`${files.done} / ${files.total} done`, ...extra].join(', ')
  // Narrow terminals get the short labels before anything is cut.
  const labels = cellWidth(`Transferred: ${figures}`) <= w ? LONG_LABELS : SHORT_LABELS
  const summary = [
    `${labels[0]}${figures}`,
    `${labels[1]}${counts}`,
    `${labels[2]}${formatClock(state.elapsedSeconds)}`,
  ].map((line) => fit(line, w))
  const room = Math.max(1, height - FREE_ROWS - SUMMARY_LINES)
  const shown =
    state.transfers.length <= room ? state.transfers : state.transfers.slice(0, Math.max(0, room - 1))
  const lines = [...summary, ...shown.map((t) => transferLine(t, w))]
  const hidden = state.transfers.length - shown.length
  if (hidden > 0) lines.push(fit(` + ${hidden} more`, w))
  return lines
}

/** " * name…  45%  1.20 MiB / 2.70 MiB  1.10 MiB/s  ETA 0:02": the name takes what the figures leave. */
export function transferLine(t: Transfer, width: number): string {
  const left = t.rate && t.rate > 0 ? Math.max(0, t.size - t.sent) / t.rate : null
  const pct = `  ${String(percent(t.sent, t.size)).padStart(3)}%`
  // Fixed-width figures keep the names of all transfers in one column.
  const rate = formatRate(t.rate).padStart(10)
  const eta = `ETA ${formatClock(left).padStart(5)}`
  const sizes = `${formatBytes(t.sent).padStart(8)} / ${formatBytes(t.size).padEnd(8)}`
  // From the fullest to the barest, the first that leaves the name room enough to be recognised.
  const full = [`${pct}  ${sizes}  ${rate}  ${eta}`, `${pct}  ${rate}  ${eta}`, pct]
  const word = t.verifying ? 'verifying' : t.retrying ? 'retrying' : null
  const tiers = word ? full.map((f) => word.padStart(cellWidth(f))) : full
  const figures = tiers.find((f) => width - 3 - cellWidth(f) >= MIN_NAME) ?? tiers[tiers.length - 1]!
  const nameWidth = width - 3 - cellWidth(figures)
  if (nameWidth < 4) return fit(` * ${t.name}${figures}`, width)
  return ` * ${padCells(t.name, nameWidth)}${figures}`
}

/** What stays on screen once a file has ended: its state, name, and the media id or the reason. */
export type Finished = Readonly<{
  state: string
  path: string
  mediaId: string | null
  reason: string | null
}>

/** The permanent line of a file that ended (printed above the pinned block; on a pipe, as is). */
export function finishedLine(f: Finished, width: number | null): string {
  const tail = f.mediaId ? ` → media ${f.mediaId}` : f.reason ? ` — ${f.reason}` : ''
  const line = `${f.state.padEnd(19)} ${f.path}${tail}`
  if (width === null) return line
  const w = Math.max(20, width - 1)
  if (cellWidth(line) <= w) return line
  // Too long for the terminal: the path gives way, from its start (its end is the file name). The media id or
  // the reason is never cut: on a very narrow terminal this line wraps, it is printed once and scrolls away.
  const state = w - cellWidth(`${f.state.padEnd(19)} ${tail}`) >= 24 ? f.state.padEnd(19) : f.state
  return `${state} ${fitEnd(f.path, Math.max(20, w - cellWidth(`${state} ${tail}`)))}${tail}`
}
