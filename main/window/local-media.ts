import { createReadStream, statSync } from 'node:fs'
import { extname } from 'node:path'
import { Readable } from 'node:stream'
import type { UploadJob } from '../../common/domain/upload.ts'
import type { PathGrants } from '../uploads/path-grants.ts'

/**
 * Where the page reads a queued file to draw its poster frame: `app://bundle/local-media/job/<job id>`. Same
 * origin as the page, so the frame does not taint its canvas; the page names a job, never a path.
 */
export const LOCAL_MEDIA_PREFIX = '/local-media/job/'

/** What serving a job's file needs from the core. */
export type LocalMediaSource = Readonly<{
  job(id: string): Pick<UploadJob, 'path' | 'size' | 'createdAt'> | null
  /** Whether the user chose this job's file (see `userChose`). */
  allowed(job: Pick<UploadJob, 'path' | 'createdAt'>): boolean
}>

/**
 * The user chose a job's file when this session's grants cover it (the open dialog, a trusted drop), or when
 * the job was queued in an earlier session: grants live for one run, and the queue that resumes after a
 * restart holds only files that were granted when they were added.
 */
export function userChose(
  grants: Pick<PathGrants, 'covers'>,
  sessionStartedAt: number,
): LocalMediaSource['allowed'] {
  return (job) => grants.covers(job.path) || Date.parse(job.createdAt) < sessionStartedAt
}

const TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.ts': 'video/mp2t',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.flac': 'audio/flac',
}

/** A byte range of a file of `size` bytes, inclusive; null = the whole file; 'unsatisfiable' = 416. */
export function parseRange(
  header: string | null,
  size: number,
): Readonly<{ start: number; end: number }> | null | 'unsatisfiable' {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  // Several ranges, or another unit: answered with the whole file, which the spec allows.
  if (!m || (m[1] === '' && m[2] === '')) return null
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (start >= size || end < start) return 'unsatisfiable'
  return { start, end }
}

const plain = (status: number, text: string, headers: Record<string, string> = {}): Response =>
  new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } })

/**
 * Answers a GET or HEAD for a queued file, with Range support so the page's <video> can seek. Only a job's
 * own file, only one the user chose (`source.allowed`), and only while it is the file that was queued (same
 * size); anything else is a 404 that names no path.
 */
export function serveLocalMedia(request: Request, source: LocalMediaSource): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed')
  const { pathname } = new URL(request.url)
  if (!pathname.startsWith(LOCAL_MEDIA_PREFIX)) return plain(404, 'Not found')
  let id: string
  try {
    id = decodeURIComponent(pathname.slice(LOCAL_MEDIA_PREFIX.length))
  } catch {
    return plain(404, 'Not found')
  }
  const job = id.length > 0 && !id.includes('/') ? source.job(id) : null
  if (!job || !source.allowed(job)) return plain(404, 'Not found')
  let size: number
  try {
    const stat = statSync(job.path)
    if (!stat.isFile()) return plain(404, 'Not found')
    size = stat.size
  } catch {
    return plain(404, 'Not found')
  }
  // A file that changed since it was queued is not the one the poster is for.
  if (size !== job.size) return plain(404, 'Not found')
  const range = parseRange(request.headers.get('range'), size)
  if (range === 'unsatisfiable')
    return plain(416, 'Range not satisfiable', { 'content-range': `bytes */${size}` })
  const headers: Record<string, string> = {
    'content-type': TYPES[extname(job.path).toLowerCase()] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  }
  const start = range?.start ?? 0
  const end = range?.end ?? size - 1
  headers['content-length'] = String(size === 0 ? 0 : end - start + 1)
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`
  const status = range ? 206 : 200
  if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers })
  const stream = Readable.toWeb(createReadStream(job.path, { start, end })) as ReadableStream<Uint8Array>
  return new Response(stream, { status, headers })
}
