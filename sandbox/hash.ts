import { createHash, type Hash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { crc32c } from '@node-rs/crc32'

/** CRC32C and MD5 of a stored object, base64 as GCS reports them (`x-goog-hash: crc32c=…,md5=…`). */
export type ObjectHashes = { crc32c: string; md5: string; size: number }

/** CRC32C and MD5 of an object's bytes [0, offset). */
type Running = { offset: number; crc: number; md5: Hash }

/**
 * Running hashes of objects being written, by file: the bytes a PUT stores are hashed as they arrive, so
 * completing an upload reads back only what was not seen (nothing, normally) instead of the whole object —
 * GCS does not pause for seconds per GiB at the end of an upload, and a sandbox that did would be what a
 * benchmark measured. A state whose offset disagrees with the file is dropped; the file is then read.
 */
const running = new Map<string, Running>()

/**
 * Starts (or continues) hashing the bytes a PUT appends to `file` at `persisted`. The returned feeder takes
 * the bytes in the order they are written; `settle` checks the state against the file's size afterwards.
 */
export function hashAsStored(
  file: string,
  persisted: number,
): Readonly<{ feed(bytes: Buffer): void; settle(size: number): void }> {
  let state = running.get(file)
  if (!state && persisted === 0) running.set(file, (state = { offset: 0, crc: 0, md5: createHash('md5') }))
  if (state && state.offset !== persisted) {
    running.delete(file)
    state = undefined
  }
  return {
    feed(bytes) {
      if (!state) return
      state.crc = crc32c(bytes, state.crc)
      state.md5.update(bytes)
      state.offset += bytes.length
    },
    settle(size) {
      if (state && state.offset !== size) running.delete(file)
    },
  }
}

/** Forgets the running hashes of `file` (its bytes changed behind the writer, or it is gone). */
export function forgetHashes(file: string): void {
  running.delete(file)
}

/**
 * Hashes of a stored object: from the running state where there is one, reading only the bytes it has not
 * seen, else the whole file through one reused 1 MiB buffer (constant memory, no garbage). The state is
 * consumed.
 */
export async function hashFile(file: string): Promise<ObjectHashes> {
  const state = running.get(file)
  running.delete(file)
  let crc = state?.crc ?? 0
  let size = state?.offset ?? 0
  const md5 = state?.md5 ?? createHash('md5')
  const buffer = Buffer.allocUnsafe(1024 * 1024)
  const handle = await open(file, 'r')
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, size)
      if (bytesRead === 0) break
      const view = buffer.subarray(0, bytesRead)
      crc = crc32c(view, crc)
      md5.update(view)
      size += bytesRead
    }
  } finally {
    await handle.close()
  }
  const crcBytes = Buffer.alloc(4)
  crcBytes.writeUInt32BE(crc >>> 0) // GCS encodes the 4 CRC bytes big-endian, then base64
  return { crc32c: crcBytes.toString('base64'), md5: md5.digest('base64'), size }
}
