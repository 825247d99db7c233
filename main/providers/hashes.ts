/**
 * How the seam spells a stored object's hashes (StoredHashes): base64 of the digest bytes, the way
 * `x-goog-hash` prints them. The upload engine computes the file's digests in this form; each provider
 * turns its server's own spelling into it.
 */

/** CRC32C as the 4 big-endian bytes of the value, base64. */
export function crc32cToBase64(value: number): string {
  const buf = Buffer.alloc(4)
  buf.writeUInt32BE(value >>> 0, 0)
  return buf.toString('base64')
}
