import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import type { ProbeResult } from './model.ts'

type FfprobeStream = {
  codec_type?: string
  width?: number
  height?: number
  avg_frame_rate?: string
  r_frame_rate?: string
}
type FfprobeOutput = {
  streams?: FfprobeStream[]
  format?: { format_name?: string; duration?: string; probe_score?: number }
}

// Demuxers that accept any bytes (text-art, raw data): a match by them is a guess, not a reading.
const GUESSING_FORMATS = new Set(['bin', 'tty', 'data', 'rawvideo', 'ansi', 'txt'])

/** Locates the npm-shipped ffprobe binary; undefined when the package is missing for this platform. */
export function ffprobePath(): string | undefined {
  try {
    const require = createRequire(import.meta.url)
    return (require('@ffprobe-installer/ffprobe') as { path: string }).path
  } catch {
    return undefined
  }
}

function rate(value: string | undefined): string | undefined {
  if (!value) return undefined
  const [num, den] = value.split('/').map(Number)
  if (!num || !Number.isFinite(num)) return undefined
  const fps = den ? num / den : num
  // FastPix writes decimal strings with three places ("24.000", "60.000").
  return Number.isFinite(fps) && fps > 0 ? fps.toFixed(3) : undefined
}

function containerOf(formatName: string | undefined): string | undefined {
  if (!formatName) return undefined
  // ffprobe names the ISO family "mov,mp4,m4a,3gp,3g2,mj2"; FastPix reports "mp4" for it.
  const names = formatName.split(',')
  return names.includes('mp4') ? 'mp4' : names[0]
}

/** Turns ffprobe's JSON into what the sandbox keeps; never invents values it did not read. */
export function interpretProbe(output: FfprobeOutput): ProbeResult {
  const format = output.format?.format_name
  if (format && GUESSING_FORMATS.has(format))
    return { ok: false, reason: `not a media container (${format})` }
  if ((output.format?.probe_score ?? 100) < 25)
    return { ok: false, reason: 'container not recognised with confidence' }
  const streams = output.streams ?? []
  const video = streams.find((s) => s.codec_type === 'video' && s.width && s.height)
  const hasAudio = streams.some((s) => s.codec_type === 'audio')
  if (!video && !hasAudio) return { ok: false, reason: 'no audio or video stream found' }
  const duration = Number(output.format?.duration)
  return {
    ok: true,
    containerFormat: containerOf(output.format?.format_name),
    durationSeconds: Number.isFinite(duration) ? duration : undefined,
    video: video
      ? {
          width: video.width!,
          height: video.height!,
          frameRate: rate(video.avg_frame_rate) ?? rate(video.r_frame_rate),
        }
      : undefined,
    hasAudio,
  }
}

// At most two ffprobe/ffmpeg processes at once: a burst of completed uploads must not fork a crowd of them.
const MAX_PROBES = 2
let running = 0
const waiting: Array<() => void> = []

/** Runs `work` when one of the two media-tool slots is free (probes, thumbnails and stream remuxes share them). */
export async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PROBES) await new Promise<void>((resolve) => waiting.push(resolve))
  running++
  try {
    return await work()
  } finally {
    running--
    waiting.shift()?.()
  }
}

/** Probes a stored file; any failure (no binary, not media, timeout) is a result, not an exception. */
export function probeFile(file: string, binary = ffprobePath()): Promise<ProbeResult> {
  return limited(() => runProbe(file, binary))
}

function runProbe(file: string, binary: string | undefined): Promise<ProbeResult> {
  if (!binary) return Promise.resolve({ ok: false, reason: 'ffprobe is not available' })
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]
  return new Promise((resolve) => {
    execFile(binary, args, { timeout: 15_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout) => {
      if (error) {
        resolve({ ok: false, reason: `ffprobe could not read the file (${error.code ?? error.message})` })
        return
      }
      try {
        resolve(interpretProbe(JSON.parse(stdout) as FfprobeOutput))
      } catch {
        resolve({ ok: false, reason: 'ffprobe returned unreadable output' })
      }
    })
  })
}
