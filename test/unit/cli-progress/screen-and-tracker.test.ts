import { EventEmitter } from 'node:events'
import { expect, test } from 'vitest'
import type { UploadJob } from '../../../common/domain/upload.ts'
import type { JobId } from '../../../common/domain/ids.ts'
import {
  closePinnedScreens,
  createPinnedScreen,
  type Terminal,
} from '../../../main/cli/progress/pinned-screen.ts'
import { createTracker } from '../../../main/cli/progress/tracker.ts'

// Issue 13 §6: the pinned block is redrawn in place (cursor up over the rows it took, clear below), with
// permanent lines above it; the tracker turns the service's events into the block's state.

/** A terminal that records what was written and can be resized. */
function fakeTerminal(columns: number, rows: number) {
  const events = new EventEmitter()
  const writes: string[] = []
  const terminal = {
    columns,
    rows,
    write: (s: string) => (writes.push(s), true),
    on: (e: 'resize', l: () => void) => events.on(e, l),
    off: (e: 'resize', l: () => void) => events.off(e, l),
  }
  return {
    terminal: terminal as unknown as Terminal & { columns: number },
    writes,
    resize: () => events.emit('resize'),
  }
}

test('each redraw goes back over exactly the rows the last block took, permanent lines stay above', () => {
  const { terminal, writes, resize } = fakeTerminal(40, 20)
  let block = ['Transferred: 1 MiB / 2 MiB', 'Files: 0 / 2 done', 'Elapsed: 0:01']
  const screen = createPinnedScreen(terminal, () => block)
  screen.refresh()
  expect(writes.at(-1)).toBe(block.join('\n')) // nothing above yet: nothing to erase
  screen.print(['done  /card/a.mov → media 1234'])
  // Up two rows (to the block's first row), clear below, the permanent line, then the block again.
  expect(writes.at(-1)).toBe(`\u001b[2F\u001b[Jdone  /card/a.mov → media 1234\n${block.join('\n')}`)
  block = ['Transferred: 2 MiB / 2 MiB', 'Files: 2 / 2 done']
  screen.refresh()
  expect(writes.at(-1)).toBe(`\u001b[2F\u001b[J${block.join('\n')}`)
  // Narrowed to 10 columns: the 26- and 17-cell lines now take 3 and 2 rows, so the cursor goes up 4.
  terminal.columns = 10
  resize()
  expect(writes.at(-1)?.startsWith('\u001b[4F\u001b[J')).toBe(true)
  screen.close()
  expect(writes.at(-1)).toBe('\n\u001b[?25h')
  const count = writes.length
  resize() // no longer listening
  expect(writes).toHaveLength(count)
})

test('an error printed while the block is up first closes it, so it starts on a line of its own', () => {
  const { terminal, writes } = fakeTerminal(80, 24)
  createPinnedScreen(terminal, () => ['Transferred: 1 MiB / 2 MiB']).refresh()
  closePinnedScreens()
  expect(writes.at(-1)).toBe('\n\u001b[?25h')
  const count = writes.length
  closePinnedScreens() // nothing left open
  expect(writes).toHaveLength(count)
})

const job = (id: string, over: Partial<UploadJob> = {}): UploadJob =>
  ({
    id: id as JobId,
    path: `/card/${id}.mov`,
    name: `${id}.mov`,
    size: 1000,
    state: 'queued',
    bytesAcked: 0,
    uploadId: null,
    mediaId: null,
    error: null,
    ...over,
  }) as unknown as UploadJob

test('the tracker counts files and bytes, measures the batch rate over time and gives an ETA', () => {
  const t = createTracker(0)
  t.changed(job('a', { state: 'uploading' }), 0)
  t.changed(job('b'), 0)
  t.changed(job('c', { state: 'failed' }), 0)
  let s = t.snapshot(100)
  expect(s.files).toEqual({ total: 3, done: 0, failed: 1, waiting: 0, processing: 0 })
  expect(s.rate).toBeNull()
  expect(s.etaSeconds).toBeNull()
  expect(s.transfers.map((x) => x.name)).toEqual(['a.mov'])
  const progress = (at: number, acked: number) =>
    t.progressed({ id: 'a' as JobId, bytesAcked: acked, bytesInFlight: 0, rate: 100, etaSeconds: null }, at)
  progress(1000, 100)
  progress(2000, 200)
  s = t.snapshot(2000)
  expect(s.rate).toBe(100) // 200 bytes in the 2 s since the batch started
  expect(s.transfers[0]?.rate).toBe(100)
  expect(s.bytes).toEqual({ sent: 200, total: 3000 })
  expect(s.etaSeconds).toBe(18) // a: 800 left, b: 1000 left; c failed counts for nothing
  expect(s.elapsedSeconds).toBe(2)
  t.changed(job('a', { state: 'done', bytesAcked: 1000, mediaId: 'm' as never }), 2500)
  s = t.snapshot(2500)
  expect(s.files.done).toBe(1)
  expect(s.transfers).toEqual([])
})

test("a transfer whose bytes stopped moving slows down on screen instead of keeping its burst's speed", () => {
  const t = createTracker(0)
  t.changed(job('a', { state: 'uploading', size: 10_000_000 }), 0)
  // The whole first chunk lands in the socket's buffer at once, then nothing moves while the server reads it.
  t.progressed({ id: 'a' as JobId, bytesAcked: 0, bytesInFlight: 2_000_000, rate: 9e9, etaSeconds: null }, 50)
  expect(t.snapshot(500).transfers[0]?.rate).toBeNull() // not measured for a second yet
  expect(t.snapshot(1000).transfers[0]?.rate).toBe(2_000_000)
  expect(t.snapshot(4000).transfers[0]?.rate).toBe(500_000)
  expect(t.snapshot(4000).rate).toBe(500_000)
})

test('a transfer whose job carries an answer it waits out is retrying until the answer is gone', () => {
  const t = createTracker(0)
  const answer = { code: 'api/server' as const, message: 'The server had an error (503).' }
  t.changed(job('a', { state: 'uploading', error: answer }), 0)
  expect(t.snapshot(100).transfers[0]).toMatchObject({ name: 'a.mov', retrying: true })
  t.changed(job('a', { state: 'uploading' }), 200)
  expect(t.snapshot(300).transfers[0]).toMatchObject({ retrying: false })
})
