import type { Capture } from './capture-frame.ts'

const WIDTH = 160
const HEIGHT = 90
const BARS = 40
/** Larger files get the audio mark: decoding a long recording for a 160-pixel picture is not worth it. */
const MAX_BYTES = 50 * 1024 * 1024

/** The loudest sample of each of `bars` equal slices of the signal (0..1). */
export function peaks(samples: Float32Array, bars: number): number[] {
  const out: number[] = []
  const step = Math.max(1, Math.floor(samples.length / bars))
  for (let b = 0; b < bars; b++) {
    let max = 0
    const end = Math.min(samples.length, (b + 1) * step)
    for (let i = b * step; i < end; i++) max = Math.max(max, Math.abs(samples[i] ?? 0))
    out.push(Math.min(1, max))
  }
  return out
}

/**
 * A waveform picture of the audio file at `url`, decoded by Chromium's own decoder (Web Audio); a file too
 * large, unreadable or undecodable gets the audio mark instead.
 */
export async function captureWaveform(url: string, signal: AbortSignal): Promise<Capture> {
  const res = await fetch(url, { signal }).catch(() => null)
  const type = res?.headers.get('content-type') ?? ''
  if (!res?.ok || !/^(audio|video)\//.test(type)) return { kind: 'unavailable' }
  if (Number(res.headers.get('content-length') ?? 0) > MAX_BYTES) {
    void res.body?.cancel()
    return { kind: 'audio' }
  }
  try {
    const audio = await new OfflineAudioContext(1, 1, 8000).decodeAudioData(await res.arrayBuffer())
    const bars = peaks(audio.getChannelData(0), BARS)
    // Scaled to the loudest slice, so a quiet recording still shows its shape.
    const loudest = Math.max(...bars, 1e-6)
    const canvas = document.createElement('canvas')
    canvas.width = WIDTH
    canvas.height = HEIGHT
    const ctx = canvas.getContext('2d')
    if (!ctx) return { kind: 'audio' }
    // A mid blue that reads on the light and the dark surface alike (the picture is cached once for both).
    ctx.fillStyle = '#6a82e8'
    const slot = WIDTH / BARS
    for (const [i, p] of bars.entries()) {
      const h = Math.max(2, (p / loudest) * (HEIGHT - 10))
      ctx.fillRect(i * slot + 1, (HEIGHT - h) / 2, slot - 2, h)
    }
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', 0.8))
    return blob ? { kind: 'image', blob } : { kind: 'audio' }
  } catch {
    if (signal.aborted) throw new Error('aborted')
    return { kind: 'audio' }
  }
}
