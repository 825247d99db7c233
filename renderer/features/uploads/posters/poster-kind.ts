/** What picture a queued file gets: a frame of the video, an audio icon, or nothing to decode. */
export type SourceKind = 'video' | 'audio'

const AUDIO = new Set(['mp3', 'wav', 'm4a', 'aac', 'flac', 'ogg', 'oga', 'opus', 'aif', 'aiff', 'wma'])

/** Audio files by extension (the scanner already kept only media files, so everything else is video). */
export function sourceKind(name: string): SourceKind {
  const dot = name.lastIndexOf('.')
  const ext = dot < 0 ? '' : name.slice(dot + 1).toLowerCase()
  return AUDIO.has(ext) ? 'audio' : 'video'
}

/**
 * Where the renderer reads a queued file's bytes: main's app:// handler serves a job's file by job id, and
 * only a file the user chose (main/window/local-media.ts). Same origin as the page, so a frame drawn from it
 * does not taint the canvas.
 */
export function sourceUrl(jobId: string): string {
  return `/local-media/job/${encodeURIComponent(jobId)}`
}
