/** What making a poster found. */
export type Capture =
  | Readonly<{ kind: 'image'; blob: Blob }>
  | Readonly<{ kind: 'audio' }>
  | Readonly<{ kind: 'undecodable' }>
  | Readonly<{ kind: 'unavailable' }>

const WIDTH = 160
const HEIGHT = 90
const TIMEOUT_MS = 20_000

/** Waits for one of a media element's events; rejects on `error`, on abort and after a timeout. */
function once(el: HTMLMediaElement, event: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (fn: () => void) => () => {
      clearTimeout(timer)
      el.removeEventListener(event, ok)
      el.removeEventListener('error', bad)
      signal.removeEventListener('abort', bad)
      fn()
    }
    const ok = done(resolve)
    const bad = done(() => reject(new Error(signal.aborted ? 'aborted' : 'media error')))
    const timer = setTimeout(bad, TIMEOUT_MS)
    el.addEventListener(event, ok)
    el.addEventListener('error', bad)
    signal.addEventListener('abort', bad)
  })
}

/**
 * Draws one frame of the video at `url` with Chromium's own decoder (a muted, detached <video>, seeked a
 * little way in to skip black leaders) into a 160×90 WebP. A file main will not serve is `unavailable`; a
 * container or codec Chromium cannot decode (HEVC, ProRes on most machines) is `undecodable`.
 */
export async function captureFrame(url: string, signal: AbortSignal): Promise<Capture> {
  const head = await fetch(url, { method: 'HEAD', signal }).catch(() => null)
  // Only main's handler answers with the file; a development server answers its index page instead.
  const type = head?.headers.get('content-type') ?? ''
  if (!head?.ok || !/^(video|audio)\/|^application\/octet-stream/.test(type)) return { kind: 'unavailable' }
  const video = document.createElement('video')
  video.muted = true
  video.preload = 'auto'
  video.playsInline = true
  try {
    const metadata = once(video, 'loadedmetadata', signal)
    video.src = url
    await metadata
    // A container Chromium reads whose video track it cannot decode reports no picture size.
    if (video.videoWidth === 0 || video.videoHeight === 0) return { kind: 'undecodable' }
    const duration = Number.isFinite(video.duration) ? video.duration : 0
    const seeked = once(video, 'seeked', signal)
    video.currentTime = Math.min(duration * 0.1, 5)
    await seeked
    const canvas = document.createElement('canvas')
    canvas.width = WIDTH
    canvas.height = HEIGHT
    const ctx = canvas.getContext('2d')
    if (!ctx) return { kind: 'undecodable' }
    // Cover: fill the frame, cropping the longer side.
    const scale = Math.max(WIDTH / video.videoWidth, HEIGHT / video.videoHeight)
    const w = video.videoWidth * scale
    const h = video.videoHeight * scale
    ctx.drawImage(video, (WIDTH - w) / 2, (HEIGHT - h) / 2, w, h)
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', 0.8))
    return blob ? { kind: 'image', blob } : { kind: 'undecodable' }
  } catch {
    if (signal.aborted) throw new Error('aborted')
    return { kind: 'undecodable' }
  } finally {
    // Releases the decoder and the connection at once rather than at garbage collection.
    video.removeAttribute('src')
    video.load()
  }
}
