import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SandboxApp } from './app.ts'
import type { MediaRecord } from './model.ts'
import { placeholderPng } from './placeholder-png.ts'
import { limited } from './probe.ts'

// What the stream host serves besides the original bytes: a still taken from the media and an HLS rendition
// of it, made once with ffmpeg (Debian's `ffmpeg`, or SPOOL_FFMPEG) and kept beside the stored object, so the
// app's library shows pictures and its preview plays against the sandbox as it does against FastPix.
// Without ffmpeg, or for media with no picture, the still is a generated gradient and there is no stream.

/** The ffmpeg the sandbox runs. */
export function ffmpegPath(): string {
  return process.env.SPOOL_FFMPEG || 'ffmpeg'
}

function derivedDir(app: SandboxApp, mediaId: string): string {
  return join(app.store.dataDir, 'derived', mediaId)
}

function run(args: ReadonlyArray<string>, timeoutMs: number): Promise<string | undefined> {
  return limited(
    () =>
      new Promise((resolve) => {
        execFile(
          ffmpegPath(),
          ['-v', 'error', '-y', ...args],
          { timeout: timeoutMs },
          (error, _out, stderr) =>
            resolve(error ? stderr.trim().split('\n').pop() || error.message : undefined),
        )
      }),
  )
}

// Work in flight per file, so a burst of requests for one media starts one ffmpeg.
const inFlight = new Map<string, Promise<string | undefined>>()

function once(key: string, make: () => Promise<string | undefined>): Promise<string | undefined> {
  const running = inFlight.get(key)
  if (running) return running
  const promise = make().finally(() => inFlight.delete(key))
  inFlight.set(key, promise)
  return promise
}

const hasPicture = (media: MediaRecord): boolean =>
  media.storedAtMs !== undefined && media.probe?.ok === true && media.probe.video !== undefined

/**
 * The media's thumbnail as PNG bytes: a frame taken once and kept, or the generated still when no frame can
 * be taken. Before the probe has run nothing is kept (the frame may come a moment later). A frame a third into
 * the first 10 seconds skips a black first frame without seeking far into a long file.
 */
export async function thumbnailPng(app: SandboxApp, media: MediaRecord): Promise<Buffer> {
  if (media.storedAtMs === undefined || media.probe === undefined) return placeholderPng(media.id)
  const dir = derivedDir(app, media.id)
  const file = join(dir, 'thumbnail.png')
  if (!existsSync(file))
    await once(file, async () => {
      await mkdir(dir, { recursive: true })
      const temp = `${file}.part`
      if (hasPicture(media)) {
        const duration = media.probe?.ok ? (media.probe.durationSeconds ?? 0) : 0
        const at = Math.min(10, duration) / 3
        const source = app.store.objectPath(media.id)
        const failed = await run(
          [
            '-ss',
            at.toFixed(2),
            '-i',
            source,
            '-frames:v',
            '1',
            '-vf',
            'scale=320:-2',
            '-f',
            'image2',
            '-c:v',
            'png',
            temp,
          ],
          20_000,
        )
        if (failed === undefined) return rename(temp, file).then(() => undefined)
        app.log(
          `media ${media.id}: no frame taken for the thumbnail (${failed}); a generated still stands in`,
        )
      }
      await writeFile(temp, placeholderPng(media.id))
      await rename(temp, file)
      return undefined
    })
  return readFile(file)
}

/** Where the HLS rendition lives: `index.m3u8`, `init.mp4` and its segments. */
export function streamDir(app: SandboxApp, mediaId: string): string {
  return join(derivedDir(app, mediaId), 'hls')
}

/**
 * Makes the media's HLS rendition (fMP4 segments) once: the original's streams copied when they fit, else
 * re-encoded to H.264/AAC. Answers why there is none (no picture, no ffmpeg, a file ffmpeg cannot read).
 */
export async function ensureStream(app: SandboxApp, media: MediaRecord): Promise<string | undefined> {
  const dir = streamDir(app, media.id)
  if (existsSync(join(dir, 'index.m3u8'))) return undefined
  if (!hasPicture(media)) return 'this media has no video the sandbox could read'
  return once(dir, async () => {
    const temp = `${dir}.part`
    const attempt = async (codecs: ReadonlyArray<string>): Promise<string | undefined> => {
      await rm(temp, { recursive: true, force: true })
      await mkdir(temp, { recursive: true })
      return run(
        [
          '-i',
          app.store.objectPath(media.id),
          ...codecs,
          '-f',
          'hls',
          '-hls_time',
          '4',
          '-hls_playlist_type',
          'vod',
          '-hls_segment_type',
          'fmp4',
          '-hls_fmp4_init_filename',
          'init.mp4',
          '-hls_segment_filename',
          join(temp, 'segment-%d.m4s'),
          join(temp, 'index.m3u8'),
        ],
        120_000,
      )
    }
    let failed = await attempt(['-c', 'copy'])
    if (failed !== undefined)
      failed = await attempt(['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac'])
    if (failed !== undefined) {
      await rm(temp, { recursive: true, force: true })
      const reason = /ENOENT|not found/i.test(failed) ? 'ffmpeg is not installed' : failed
      app.log(`media ${media.id}: no stream made (${reason})`)
      return reason
    }
    await rm(dir, { recursive: true, force: true })
    await rename(temp, dir)
    return undefined
  })
}

/** Forgets what was made from a deleted media. */
export function dropDerived(app: SandboxApp, mediaId: string): Promise<void> {
  return rm(derivedDir(app, mediaId), { recursive: true, force: true })
}
