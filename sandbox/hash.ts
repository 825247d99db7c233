import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { crc32c } from '@node-rs/crc32'

/** CRC32C and MD5 of a stored object, base64 as GCS reports them (`x-goog-hash: crc32c=…,md5=…`). */
export type ObjectHashes = { crc32c: string; md5: string; size: number }

/** Reads a file once through CRC32C and MD5 with one reused 1 MiB buffer (constant memory, no garbage). */
export async function hashFile(file: string): Promise<ObjectHashes> {
  let crc = 0
  let size = 0
  const md5 = createHash('md5')
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
