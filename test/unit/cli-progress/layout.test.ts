import { describe, expect, test } from 'vitest'
import {
  cellWidth,
  fit,
  fitEnd,
  formatBytes,
  formatClock,
  formatRate,
} from '../../../main/cli/progress/format.ts'
import {
  finishedLine,
  pinnedBlock,
  type ProgressState,
  type Transfer,
} from '../../../main/cli/progress/layout.ts'

// Issue 13 §6: the pinned progress block is a pure function of the batch's state and the terminal's size.

const transfer = (name: string, over: Partial<Transfer> = {}): Transfer => ({
  name,
  sent: 512 * 1024,
  size: 2 * 1024 * 1024,
  rate: 1024 * 1024,
  verifying: false,
  retrying: false,
  ...over,
})

const state = (over: Partial<ProgressState> = {}): ProgressState => ({
  files: { total: 10, done: 3, failed: 0, waiting: 0, processing: 0 },
  bytes: { sent: 30 * 1024 * 1024, total: 100 * 1024 * 1024 },
  rate: 5 * 1024 * 1024,
  etaSeconds: 14,
  elapsedSeconds: 62,
  transfers: [transfer('A001_C002.mov'), transfer('B002_C004.webm')],
  ...over,
})

const NAMES = [
  'A001_C002.mov',
  `${'very-long-camera-card-name-'.repeat(8)}A001_C002_final.mov`,
  'Ünïcødé — 日本語の長いファイル名 🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬.mov',
  'new\nline\u001b[31mred.mp4',
]

describe('pinnedBlock', () => {
  test('a summary with bytes, percentage, rate, ETA, files, failures and elapsed time', () => {
    const lines = pinnedBlock(
      state({ files: { total: 10, done: 3, failed: 2, waiting: 1, processing: 4 } }),
      120,
      40,
    )
    expect(lines[0]).toBe('Transferred: 30.0 MiB / 100 MiB, 30%, 5.00 MiB/s, ETA 0:14')
    expect(lines[1]).toBe(
      'Files:       3 / 10 done, 2 failed, 4 sent and being processed, 1 waiting for the network',
    )
    expect(lines[2]).toBe('Elapsed:     1:02')
    expect(lines[3]).toMatch(/^ \* A001_C002\.mov +25% +512 KiB \/ 2\.00 MiB +1\.00 MiB\/s +ETA +0:02$/)
    expect(lines).toHaveLength(5)
  })

  test.each([20, 40, 80, 100, 200])('every line fits a %i-column terminal, whatever the names', (width) => {
    const lines = pinnedBlock(state({ transfers: NAMES.map((n) => transfer(n)) }), width, 30)
    for (const line of lines) {
      expect(cellWidth(line)).toBeLessThanOrEqual(Math.max(20, width - 1))
      expect([...line].some((ch) => ch < ' ')).toBe(false)
    }
  })

  test('names are cut in the middle, so the end that tells takes apart stays too', () => {
    const [line] = pinnedBlock(state({ transfers: [transfer(NAMES[1]!)] }), 100, 30).slice(3)
    expect(line).toMatch(/^ \* very-long-camera-[a-z-]*…[a-z-]*A001_C002_final\.mov +25%/)
  })

  test('a 10,000-file batch shows only what moves, capped to the terminal with "+N more"', () => {
    const many = Array.from({ length: 40 }, (_, i) => transfer(`clip-${i}.mp4`))
    const big = state({
      files: { total: 10_000, done: 9_000, failed: 0, waiting: 0, processing: 0 },
      transfers: many,
    })
    const lines = pinnedBlock(big, 100, 30)
    expect(lines.length).toBeLessThanOrEqual(30 - 2)
    expect(lines.at(-1)).toBe(' + 16 more')
    expect(lines.filter((l) => l.startsWith(' * '))).toHaveLength(24)
    const three = pinnedBlock(state({ files: big.files, transfers: many.slice(0, 3) }), 100, 30)
    expect(three).toHaveLength(6)
    expect(three.join('\n')).not.toMatch(/0% \| - \| ETA 0s/)
  })

  test('a narrow terminal thins the figures out before the name, and shortens the labels before cutting', () => {
    const long = `${'very-long-camera-card-name-'.repeat(3)}A007.mov`
    const narrow = pinnedBlock(state({ transfers: [transfer(long)] }), 54, 30)
    expect(narrow[0]).toBe('Sent 30.0 MiB / 100 MiB, 30%, 5.00 MiB/s, ETA 0:14')
    expect(narrow[1]).toBe('Files 3 / 10 done')
    const lines = pinnedBlock(state({ transfers: [transfer(long)] }), 60, 30)
    expect(lines[3]).toMatch(/^ \* very-long-ca.*….*A007\.mov +25% +1\.00 MiB\/s +ETA +0:02$/)
    expect(pinnedBlock(state({ transfers: [transfer(long)] }), 40, 30)[3]).toMatch(
      /^ \* very.*A007\.mov +25%$/,
    )
  })

  test('a tiny terminal still shows the summary and says how many transfers it hides', () => {
    const lines = pinnedBlock(state({ transfers: NAMES.map((n) => transfer(n)) }), 80, 5)
    expect(lines).toHaveLength(4)
    expect(lines[3]).toBe(' + 4 more')
  })

  test('an unknown or zero rate shows "-", never NaN or Infinity', () => {
    const idle = state({ rate: null, etaSeconds: null, transfers: [transfer('a.mp4', { rate: null })] })
    const stalled = state({
      rate: 0,
      etaSeconds: Infinity,
      transfers: [transfer('a.mp4', { rate: 0, size: 0 })],
    })
    for (const s of [idle, stalled]) {
      const text = pinnedBlock(s, 100, 30).join('\n')
      expect(text).not.toMatch(/NaN|Infinity|NF|undefined/)
      expect(text).toMatch(/ETA -/)
    }
  })

  test('the names of all transfers start and end in the same columns, whatever their figures', () => {
    const lines = pinnedBlock(
      state({
        transfers: [
          transfer('a.mov'),
          transfer('b.mov', { rate: null, sent: 0 }),
          transfer('c.mov', { verifying: true }),
          transfer('d.mov', { sent: 900 * 1024 * 1024, size: 1024 ** 3, rate: 123 * 1024 * 1024 }),
        ],
      }),
      100,
      30,
    ).slice(3)
    const ends = lines.map((l) => l.length)
    expect(new Set(ends).size).toBe(1)
    expect(new Set(lines.filter((l) => l.includes('%')).map((l) => l.indexOf('%'))).size).toBe(1)
  })

  test('a file being verified says so instead of a rate', () => {
    const [line] = pinnedBlock(state({ transfers: [transfer('a.mp4', { verifying: true })] }), 80, 30).slice(
      3,
    )
    expect(line).toMatch(/^ \* a\.mp4 +verifying$/)
  })

  test('a file waiting out a server answer says it will retry instead of a stale rate', () => {
    const [line] = pinnedBlock(state({ transfers: [transfer('a.mp4', { retrying: true })] }), 80, 30).slice(3)
    expect(line).toMatch(/^ \* a\.mp4 +retrying$/)
  })
})

describe('finishedLine', () => {
  test('a finished file keeps a line with its media id; a failed one with its reason', () => {
    const id = '90c61c3f-e23d-4711-9b01-fb0988d9f8a5'
    expect(finishedLine({ state: 'done', path: '/card/A001.mov', mediaId: id, reason: null }, 100)).toBe(
      `done                /card/A001.mov → media ${id}`,
    )
    expect(
      finishedLine(
        { state: 'failed', path: '/card/B.mov', mediaId: null, reason: 'The file changed.' },
        null,
      ),
    ).toBe('failed              /card/B.mov — The file changed.')
  })

  test('a long path gives way from its start, keeping the file name and the media id', () => {
    const id = '90c61c3f-e23d-4711-9b01-fb0988d9f8a5'
    const path = `/media/${'deep/'.repeat(30)}A004_C004_take-2.mov`
    const line = finishedLine({ state: 'done', path, mediaId: id, reason: null }, 100)
    expect(cellWidth(line)).toBeLessThanOrEqual(99)
    expect(line).toMatch(
      /^done {16}….*deep\/A004_C004_take-2\.mov → media 90c61c3f-e23d-4711-9b01-fb0988d9f8a5$/,
    )
    // On a pipe nothing is cut.
    expect(finishedLine({ state: 'done', path, mediaId: id, reason: null }, null)).toContain(path)
  })
})

describe('format', () => {
  test('bytes, rates and clocks', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1536)).toBe('1.50 KiB')
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.00 GiB')
    expect(formatRate(null)).toBe('-')
    expect(formatRate(Number.NaN)).toBe('-')
    expect(formatClock(3725)).toBe('1:02:05')
    expect(formatClock(Infinity)).toBe('-')
  })

  test('wide characters take two cells; cuts never split them past the width', () => {
    expect(cellWidth('日本')).toBe(4)
    expect(cellWidth('🎬a')).toBe(3)
    expect(cellWidth(fit('日本語の名前', 5))).toBeLessThanOrEqual(5)
    expect(fitEnd('/a/b/c/clip.mov', 9)).toBe('…clip.mov')
  })
})
