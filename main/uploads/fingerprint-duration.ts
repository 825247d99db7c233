import { open, type FileHandle } from 'node:fs/promises'

/**
 * A video's duration read from its own header, for destinations that keep no fingerprint of ours and are
 * matched by name, size and duration instead (PeerTube, issue 13 §2). Only the ISO family (MP4, MOV, M4V,
 * 3GP — what cameras and phones write) is read: the `mvhd` box inside `moov`, found by walking box headers,
 * a handful of small reads wherever `moov` sits. Other containers answer null (the match then leans on the
 * name and size).
 */

const MAX_BOXES = 256

type Box = Readonly<{ type: string; start: number; headerSize: number; end: number }>

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer | null> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await handle.read(buffer, 0, length, position)
  return bytesRead === length ? buffer : null
}

/** The box starting at `at` (within `limit`), or null when its header does not make sense. */
async function boxAt(handle: FileHandle, at: number, limit: number): Promise<Box | null> {
  const header = await readAt(handle, at, 16)
  const short = header ?? (await readAt(handle, at, 8))
  if (!short) return null
  const size32 = short.readUInt32BE(0)
  const type = short.toString('latin1', 4, 8)
  let size = size32
  let headerSize = 8
  if (size32 === 1) {
    if (!header) return null
    size = Number(header.readBigUInt64BE(8))
    headerSize = 16
  } else if (size32 === 0) size = limit - at
  if (size < headerSize || at + size > limit) return null
  return { type, start: at, headerSize, end: at + size }
}

async function findChild(handle: FileHandle, from: number, to: number, type: string): Promise<Box | null> {
  let at = from
  for (let i = 0; i < MAX_BOXES && at + 8 <= to; i++) {
    const box = await boxAt(handle, at, to)
    if (!box) return null
    if (box.type === type) return box
    at = box.end
  }
  return null
}

/** Seconds, from the movie header of an ISO media file of `size` bytes; null when there is none. */
export async function isoDurationSeconds(path: string, size: number): Promise<number | null> {
  let handle: FileHandle | undefined
  try {
    handle = await open(path, 'r')
    const moov = await findChild(handle, 0, size, 'moov')
    if (!moov) return null
    const mvhd = await findChild(handle, moov.start + moov.headerSize, moov.end, 'mvhd')
    if (!mvhd) return null
    const body = await readAt(handle, mvhd.start + mvhd.headerSize, 32)
    if (!body) return null
    const version = body.readUInt8(0)
    const timescale = version === 1 ? body.readUInt32BE(20) : body.readUInt32BE(12)
    const duration = version === 1 ? Number(body.readBigUInt64BE(24)) : body.readUInt32BE(16)
    return timescale > 0 ? duration / timescale : null
  } catch {
    return null
  } finally {
    await handle?.close()
  }
}
