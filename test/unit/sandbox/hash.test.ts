import { createHash, randomBytes } from 'node:crypto'
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32c } from '@node-rs/crc32'
import { afterAll, describe, expect, it } from 'vitest'
import { forgetHashes, hashAsStored, hashFile } from '../../../sandbox/hash.ts'

const dir = mkdtempSync(join(tmpdir(), 'spool-sandbox-hash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const gcs = (bytes: Buffer) => {
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32c(bytes) >>> 0)
  return { crc32c: crc.toString('base64'), md5: createHash('md5').update(bytes).digest('base64') }
}

describe('sandbox object hashes', () => {
  it('hashes what PUTs stored as it arrived: completing reads back nothing it has seen', async () => {
    const file = join(dir, 'seen')
    const stored = randomBytes(300_000)
    writeFileSync(file, Buffer.alloc(stored.length)) // the disk says zeros; only the feed saw the bytes
    const first = hashAsStored(file, 0)
    first.feed(stored.subarray(0, 100_000))
    first.settle(100_000)
    const second = hashAsStored(file, 100_000)
    second.feed(stored.subarray(100_000))
    second.settle(stored.length)
    expect(await hashFile(file)).toEqual({ ...gcs(stored), size: stored.length })
  })

  it('reads only the tail it did not see, and the whole file once the state is forgotten', async () => {
    const file = join(dir, 'tail')
    const head = randomBytes(70_000)
    const tail = randomBytes(50_000)
    writeFileSync(file, head)
    hashAsStored(file, 0).feed(head)
    appendFileSync(file, tail)
    expect(await hashFile(file)).toEqual({ ...gcs(Buffer.concat([head, tail])), size: 120_000 })

    const other = join(dir, 'forgotten')
    writeFileSync(other, tail)
    hashAsStored(other, 0).feed(head.subarray(0, tail.length)) // not what the file holds
    forgetHashes(other) // e.g. the corrupt fault flipped a byte
    expect(await hashFile(other)).toEqual({ ...gcs(tail), size: tail.length })
  })

  it('drops a state that disagrees with the file (a PUT that did not store what it was fed)', async () => {
    const file = join(dir, 'disagrees')
    const bytes = randomBytes(40_000)
    writeFileSync(file, bytes)
    const put = hashAsStored(file, 0)
    put.feed(randomBytes(50_000))
    put.settle(bytes.length)
    expect(await hashFile(file)).toEqual({ ...gcs(bytes), size: bytes.length })
  })
})
