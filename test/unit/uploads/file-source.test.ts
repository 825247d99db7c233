import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { crc32c } from '@node-rs/crc32'
import { afterAll, describe, expect, test } from 'vitest'
import { AppFailure } from '../../../common/ipc/result.ts'
import { crc32cToBase64 } from '../../../main/providers/hashes.ts'
import { catchUp, chunkBody, digests, emptyHash, PIECE } from '../../../main/uploads/file-source.ts'
import type { ChunkSpan } from '../../../main/uploads/logic/chunk-plan.ts'

const dir = mkdtempSync(join(tmpdir(), 'spool-file-source-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const MiB = 1024 * 1024
const bytes = randomBytes(6 * MiB + 12_345)
const file = join(dir, 'clip.mp4')
writeFileSync(file, bytes)

const span = (start: number, end: number): ChunkSpan => ({
  start,
  end,
  length: end - start + 1,
  final: end + 1 === bytes.length,
})
const expected = (part: Buffer) => ({ crc32c: crc32cToBase64(crc32c(part)) })

/**
 * A socket-like sink: it copies each piece when its write "completes" (a macrotask later, as a socket's
 * does) and only then runs the callback, with a small high-water mark so back-pressure happens all the time.
 */
function socketLike(options: { failAfter?: number } = {}) {
  const received: Buffer[] = []
  const backing = new Set<ArrayBufferLike>()
  let total = 0
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(piece: Buffer, _encoding, done) {
      backing.add(piece.buffer)
      setImmediate(() => {
        received.push(Buffer.from(piece)) // the bytes as they were when the socket took them
        total += piece.length
        if (options.failAfter !== undefined && total >= options.failAfter) done(new Error('connection reset'))
        else done()
      })
    },
  })
  sink.on('error', () => {})
  return { sink, received: () => Buffer.concat(received), backing }
}

describe('chunkBody', () => {
  test('writes exactly the span, hashed as it goes, reusing a few pieces however long the chunk', async () => {
    const s = span(0, bytes.length - 1)
    const body = chunkBody(file, s, emptyHash(), null)
    const { sink, received, backing } = socketLike()
    let reported = 0
    await body.source.writeTo(sink, (n) => (reported += n))
    expect(received().equals(bytes)).toBe(true)
    expect(reported).toBe(bytes.length)
    // Seven pieces went out through at most three buffers: reading leaves no garbage.
    expect(Math.ceil(bytes.length / PIECE)).toBe(7)
    expect(backing.size).toBeLessThanOrEqual(3)
    const after = body.result()
    expect(after?.offset).toBe(bytes.length)
    expect(digests(after!)).toEqual(expected(bytes))
  })

  test('chunk after chunk reads into the same few buffers: nothing is left to the garbage collector', async () => {
    const backing = new Set<ArrayBufferLike>()
    let hash = emptyHash()
    for (const [start, end] of [
      [0, 2 * MiB - 1],
      [2 * MiB, 4 * MiB - 1],
      [4 * MiB, bytes.length - 1],
    ] as const) {
      const out = socketLike()
      const body = chunkBody(file, span(start, end), hash, null)
      await body.source.writeTo(out.sink, () => {})
      for (const b of out.backing) backing.add(b)
      hash = body.result()!
    }
    expect(digests(hash)).toEqual(expected(bytes))
    expect(backing.size).toBeLessThanOrEqual(3)
  })

  test('a final chunk that ends mid-piece carries the tail; its hash state is the whole file', async () => {
    const first = chunkBody(file, span(0, 4 * MiB - 1), emptyHash(), null)
    await first.source.writeTo(socketLike().sink, () => {})
    const tail = chunkBody(file, span(4 * MiB, bytes.length - 1), first.result()!, null)
    const out = socketLike()
    await tail.source.writeTo(out.sink, () => {})
    expect(out.received().equals(bytes.subarray(4 * MiB))).toBe(true)
    expect(digests(tail.result()!)).toEqual(expected(bytes))
  })

  test('a chunk not starting at the hash state is sent but leaves no hash state', async () => {
    const body = chunkBody(file, span(MiB, 2 * MiB - 1), emptyHash(), null)
    const out = socketLike()
    await body.source.writeTo(out.sink, () => {})
    expect(out.received().equals(bytes.subarray(MiB, 2 * MiB))).toBe(true)
    expect(body.result()).toBeNull()
  })

  test('under a cap, every byte is granted before it leaves, in slices smaller than a piece', async () => {
    let granted = 0
    const grants: number[] = []
    const out = socketLike()
    let written = 0
    const body = chunkBody(file, span(0, 2 * MiB - 1), emptyHash(), async (n) => {
      expect(written).toBe(granted) // nothing left ahead of its grant
      granted += n
      grants.push(n)
      await new Promise((resolve) => setImmediate(resolve))
    })
    await body.source.writeTo(out.sink, (n) => (written += n))
    expect(granted).toBe(2 * MiB)
    expect(Math.max(...grants)).toBeLessThan(PIECE)
    expect(out.received().equals(bytes.subarray(0, 2 * MiB))).toBe(true)
  })

  test('a sink that fails mid-chunk stops the source; no hash state is adopted', async () => {
    const body = chunkBody(file, span(0, 4 * MiB - 1), emptyHash(), null)
    const out = socketLike({ failAfter: MiB })
    await expect(body.source.writeTo(out.sink, () => {})).rejects.toThrow(/closed before the chunk/)
    expect(out.received().length).toBeLessThan(4 * MiB)
    expect(body.result()).toBeNull()
  })

  test('a file that became shorter fails as source-changed', async () => {
    const short = join(dir, 'short.mp4')
    writeFileSync(short, bytes.subarray(0, 2 * MiB))
    const body = chunkBody(short, span(0, 2 * MiB - 1), emptyHash(), null)
    truncateSync(short, MiB + 100)
    const failure = await body.source.writeTo(socketLike().sink, () => {}).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(AppFailure)
    expect((failure as AppFailure).appError.code).toBe('upload/source-changed')
  })

  test('a file that vanished fails as source-missing', async () => {
    const body = chunkBody(join(dir, 'gone.mp4'), span(0, MiB - 1), emptyHash(), null)
    const failure = await body.source.writeTo(socketLike().sink, () => {}).catch((e: unknown) => e)
    expect((failure as AppFailure).appError.code).toBe('upload/source-missing')
  })
})

describe('catchUp', () => {
  test('reads the missing range into the hash state without sending it', async () => {
    const half = await catchUp(file, emptyHash(), 3 * MiB + 7)
    expect(half.offset).toBe(3 * MiB + 7)
    const all = await catchUp(file, half, bytes.length)
    expect(digests(all)).toEqual(expected(bytes))
  })

  test('a target behind the state starts over from zero', async () => {
    const ahead = await catchUp(file, emptyHash(), 2 * MiB)
    const back = await catchUp(file, ahead, MiB)
    expect(digests(back)).toEqual(expected(bytes.subarray(0, MiB)))
  })

  test('a target past the end of the file fails as source-changed', async () => {
    const failure = await catchUp(file, emptyHash(), bytes.length + 1).catch((e: unknown) => e)
    expect((failure as AppFailure).appError.code).toBe('upload/source-changed')
  })
})
