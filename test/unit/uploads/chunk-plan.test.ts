import { describe, expect, test } from 'vitest'
import {
  adaptChunkSize,
  AUTO_CHUNK_SIZING,
  CHUNK_FAST_MS,
  CHUNK_SLOW_MS,
  chunkSizingFor,
  chunkBytesFromMiB,
  isValidChunkSize,
  nextChunk,
  planChunks,
  CHUNK_QUANTUM,
} from '../../../main/uploads/logic/chunk-plan.ts'

const K = CHUNK_QUANTUM
describe('chunk planning', () => {
  test('splits into chunk-size pieces with an odd final chunk', () => {
    expect(planChunks(0, 2 * K + 10, K)).toEqual([
      { start: 0, end: K - 1, length: K, final: false },
      { start: K, end: 2 * K - 1, length: K, final: false },
      { start: 2 * K, end: 2 * K + 9, length: 10, final: true },
    ])
  })
  test('a file smaller than a chunk is one final chunk', () => {
    expect(planChunks(0, 5, K)).toEqual([{ start: 0, end: 4, length: 5, final: true }])
  })
  test('resumes from a server offset, even a misaligned one (length stays a multiple of 256 KiB)', () => {
    const span = nextChunk(1000, 10 * K, 2 * K)!
    expect(span).toEqual({ start: 1000, end: 1000 + 2 * K - 1, length: 2 * K, final: false })
    expect(span.length % K).toBe(0)
  })
  test('nothing left at the end', () => expect(nextChunk(7, 7, K)).toBeNull())
  test('refuses bad sizes and offsets', () => {
    expect(() => nextChunk(0, 10, 1000)).toThrow(RangeError)
    expect(() => nextChunk(11, 10, K)).toThrow(RangeError)
    expect(() => nextChunk(-1, 10, K)).toThrow(RangeError)
  })
  test('chunk sizes from MiB round to 256 KiB within bounds', () => {
    expect(chunkBytesFromMiB(16)).toBe(16 * 1024 * 1024)
    expect(chunkBytesFromMiB(0.25)).toBe(K)
    expect(chunkBytesFromMiB(0.3)).toBe(K)
    expect(chunkBytesFromMiB(0.01)).toBe(K)
    expect(chunkBytesFromMiB(10_000)).toBe(512 * 1024 * 1024)
    expect(isValidChunkSize(3 * K)).toBe(true)
    expect(isValidChunkSize(3 * K + 1)).toBe(false)
  })
  test('covers every byte exactly once', () => {
    for (const total of [1, K - 1, K, K + 1, 7 * K + 3]) {
      const spans = planChunks(0, total, K)
      expect(spans.reduce((a, s) => a + s.length, 0)).toBe(total)
      spans.forEach((s, i) => i > 0 && expect(s.start).toBe(spans[i - 1]!.end + 1))
    }
  })
})

describe('chunk sizing', () => {
  const MiB = 1024 * 1024
  test('automatic sizing doubles after a chunk just under CHUNK_FAST_MS, from 16 MiB up to 512 MiB', () => {
    const sizes = [AUTO_CHUNK_SIZING.start]
    for (let i = 0; i < 6; i++)
      sizes.push(adaptChunkSize(sizes.at(-1)!, CHUNK_FAST_MS - 1, AUTO_CHUNK_SIZING))
    expect(sizes.map((b) => b / MiB)).toEqual([16, 32, 64, 128, 256, 512, 512])
  })
  test('it grows toward a chunk of CHUNK_FAST_MS: ×32 at most after a very fast chunk, in 256 KiB steps', () => {
    // Loopback: 16 MiB in 60 ms, then the largest chunk — a 1 GiB file in three requests.
    const sizes = [AUTO_CHUNK_SIZING.start]
    for (let i = 0; i < 3; i++) sizes.push(adaptChunkSize(sizes.at(-1)!, 60, AUTO_CHUNK_SIZING))
    expect(sizes.map((b) => b / MiB)).toEqual([16, 512, 512, 512])
    // The growth is capped: 1 MiB in 1 ms becomes 32 MiB, not 15 GiB.
    expect(adaptChunkSize(MiB, 1, { start: MiB, min: MiB, max: 512 * MiB })).toBe(32 * MiB)
    // 100 Mbit/s: 16 MiB take 1.34 s (×11.19), 179 MiB then take 15.0 s, between CHUNK_FAST_MS and
    // CHUNK_SLOW_MS: it holds there; one just under 15 s doubles once (358 MiB, 30 s).
    const wan = adaptChunkSize(16 * MiB, 1_340, AUTO_CHUNK_SIZING)
    expect(wan / MiB).toBeCloseTo(179, 0)
    expect(wan % CHUNK_QUANTUM).toBe(0)
    expect(adaptChunkSize(wan, CHUNK_FAST_MS, AUTO_CHUNK_SIZING)).toBe(wan)
    const doubled = adaptChunkSize(wan, 14_900, AUTO_CHUNK_SIZING)
    expect(doubled).toBe(2 * wan)
    expect(adaptChunkSize(doubled, 29_800, AUTO_CHUNK_SIZING)).toBe(doubled)
  })
  test('halves after slow chunks down to 8 MiB, and holds in between', () => {
    let size = 32 * MiB
    size = adaptChunkSize(size, CHUNK_SLOW_MS + 1, AUTO_CHUNK_SIZING)
    expect(size).toBe(16 * MiB)
    expect(adaptChunkSize(size, (CHUNK_FAST_MS + CHUNK_SLOW_MS) / 2, AUTO_CHUNK_SIZING)).toBe(16 * MiB)
    expect(adaptChunkSize(size, CHUNK_FAST_MS, AUTO_CHUNK_SIZING)).toBe(16 * MiB)
    expect(adaptChunkSize(size, CHUNK_SLOW_MS, AUTO_CHUNK_SIZING)).toBe(16 * MiB)
    size = adaptChunkSize(size, CHUNK_SLOW_MS * 2, AUTO_CHUNK_SIZING)
    expect(size).toBe(8 * MiB)
    expect(adaptChunkSize(size, CHUNK_SLOW_MS * 2, AUTO_CHUNK_SIZING)).toBe(8 * MiB)
  })
  test('every size it produces is a valid chunk size', () => {
    let size = AUTO_CHUNK_SIZING.start
    const slow = CHUNK_SLOW_MS + 1
    for (const ms of [10, 10, slow, 10, slow, slow, slow, 10, 10, 10, 10]) {
      size = adaptChunkSize(size, ms, AUTO_CHUNK_SIZING)
      expect(isValidChunkSize(size)).toBe(true)
    }
  })
  test('a pinned size never moves; null means automatic', () => {
    const pinned = chunkSizingFor(0.5)
    expect(pinned).toEqual({ start: 2 * K, min: 2 * K, max: 2 * K })
    expect(adaptChunkSize(pinned.start, 1, pinned)).toBe(2 * K)
    expect(adaptChunkSize(pinned.start, 600_000, pinned)).toBe(2 * K)
    expect(chunkSizingFor(null)).toBe(AUTO_CHUNK_SIZING)
  })
})
