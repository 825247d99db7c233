import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

/** Two colours and a tone per clip: each looks and sounds different, so no two files share a fingerprint. */
const LOOKS: ReadonlyArray<[string, string, number]> = [
  ['0x0b2545', '0xf4a259', 220],
  ['0x13315c', '0x8da9c4', 247],
  ['0x3d2c2e', '0xe0a458', 262],
  ['0x1b4332', '0x95d5b2', 294],
  ['0x2b2d42', '0xef233c', 330],
  ['0x003049', '0xfcbf49', 349],
  ['0x22223b', '0xc9ada7', 392],
  ['0x283618', '0xdda15e', 440],
  ['0x1d3557', '0xa8dadc', 494],
  ['0x432818', '0xffe6a7', 523],
  ['0x0d1b2a', '0x778da9', 587],
  ['0x3a0ca3', '0xf72585', 659],
]

/**
 * Writes real, small H.264/AAC clips (320×180, 2–5 s, a moving gradient and a tone) into `dir` with Debian's
 * ffmpeg, so the sandbox can probe their duration, take their thumbnail and stream them like footage.
 */
export function makeClips(dir: string, names: ReadonlyArray<string>, offset = 0): string {
  mkdirSync(dir, { recursive: true })
  names.forEach((name, i) => {
    const [from, to, tone] = LOOKS[(i + offset) % LOOKS.length]!
    const seconds = 2 + ((i + offset) % 4)
    execFileSync(
      process.env.SPOOL_FFMPEG || 'ffmpeg',
      [
        ...['-v', 'error', '-y', '-f', 'lavfi'],
        '-i',
        `gradients=s=320x180:c0=${from}:c1=${to}:x0=0:y0=0:x1=320:y1=180:speed=0.03:d=${seconds}:seed=${i + offset}`,
        ...['-f', 'lavfi', '-i', `sine=f=${tone}:d=${seconds}`],
        ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
        ...['-movflags', '+faststart', join(dir, `${name}.mp4`)],
      ],
      { timeout: 30_000 },
    )
  })
  return dir
}
