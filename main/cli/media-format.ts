import { MEDIA_STATUSES, type Media, type MediaStatus, type Track } from '../../common/domain/media.ts'
import { fail } from '../../common/ipc/result.ts'
import type { CliContext } from './context.ts'
import { formatDuration, printFields, printLines, printTable } from './output.ts'

const STATUSES: ReadonlyArray<MediaStatus> = [...MEDIA_STATUSES, 'unknown']

/** Parses `--status` case-insensitively ('ready' → 'Ready'). */
export function parseStatus(raw: string): MediaStatus {
  const found = STATUSES.find((s) => s.toLowerCase() === raw.trim().toLowerCase())
  if (!found) fail('input/invalid', `Unknown status "${raw}". Use one of: ${STATUSES.join(', ')}.`)
  return found
}

/** Parses a positive integer option. */
export function parseCount(raw: string, what: string, min = 1, max = 1_000_000): number {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max)
    fail('input/invalid', `${what} must be a whole number from ${min} to ${max} (got "${raw}").`)
  return n
}

/** Repeated option collector for commander (`--metadata a=1 --metadata b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

const shortDate = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) : '-')
const status = (m: Media): string => (m.status === 'unknown' ? `unknown (${m.rawStatus || '?'})` : m.status)

/** A table of media (list). */
export function printMediaTable(ctx: CliContext, items: ReadonlyArray<Media>): void {
  printTable(
    ctx,
    ['ID', 'STATUS', 'DURATION', 'CREATED', 'TITLE'],
    items.map((m) => [
      m.id,
      status(m),
      formatDuration(m.durationSeconds),
      shortDate(m.createdAt),
      m.title ?? '',
    ]),
    60,
  )
}

/** Tracks as a table. */
export function printTracks(ctx: CliContext, tracks: ReadonlyArray<Track>): void {
  if (tracks.length === 0) return printLines(ctx, ['(no tracks)'])
  printTable(
    ctx,
    ['TRACK ID', 'TYPE', 'STATUS', 'LANGUAGE', 'DETAIL'],
    tracks.map((t) => [
      t.id,
      t.type,
      t.status === 'unknown' && t.rawStatus ? `unknown (${t.rawStatus})` : t.status,
      t.languageCode ? `${t.languageCode} ${t.languageName ?? ''}`.trim() : '-',
      t.type === 'video' ? `${t.width ?? '?'}x${t.height ?? '?'} @ ${t.frameRate ?? '?'}` : (t.title ?? ''),
    ]),
  )
}

/** One media in full (get / update / mp4 / source-access). */
export function printMedia(ctx: CliContext, m: Media): void {
  const meta = Object.entries(m.metadata)
  printFields(ctx, [
    ['ID', m.id],
    ['Title', m.title ?? '-'],
    ['Status', status(m)],
    ['Duration', formatDuration(m.durationSeconds)],
    ['Created', shortDate(m.createdAt)],
    ['Updated', shortDate(m.updatedAt)],
    ['Resolution', `${m.maxResolution ?? '-'} (source ${m.sourceResolution ?? '-'})`],
    ['Aspect ratio', m.aspectRatio ?? '-'],
    ['Audio only', m.isAudioOnly ? 'yes' : 'no'],
    ['Source access', m.sourceAccess ? 'on' : 'off'],
    ['MP4 support', m.mp4Support.option],
    ['Playback ids', m.playbackIds.map((p) => `${p.id} (${p.accessPolicy})`).join(', ') || '-'],
    ['Creator id', m.creatorId ?? '-'],
    ['Metadata', meta.length ? meta.map(([k, v]) => `${k}=${v}`).join(', ') : '-'],
  ])
  printTracks(ctx, m.tracks)
}
