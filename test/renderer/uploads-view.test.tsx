import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, test } from 'vitest'
import { asBatchId, asJobId } from '../../common/domain/ids.ts'
import { UPLOAD_STATES, type Batch, type UploadJob } from '../../common/domain/upload.ts'
import {
  FIRST_ROWS_WAIT_MS,
  FIRST_SCREEN_JOBS,
  QUEUE_ROW_TIMING,
  sendFirstScreenCalls,
} from '../../renderer/bridge/first-screen.ts'
import { UNSAFE_installPosterMaker } from '../../renderer/features/uploads/posters/poster-store.ts'
import { fakeJob, type FakeApi } from '../fakes/fake-api.ts'
import { emit, renderApp } from './render-app.tsx'

const batch = (n: number, label: string, origin: Batch['origin'] = 'drop'): Batch => ({
  id: asBatchId(`batch-${n}`),
  label,
  origin,
  manifestPath: null,
  createdAt: '2026-01-01T00:00:00.000Z',
})

/** Seeds main's queue before the app opens (the first uploads:list / uploads:batches answer). */
function seed(jobs: UploadJob[], batches: Batch[]): FakeApi {
  const api = window.spool as FakeApi
  api.state.jobs = jobs
  api.state.batches = batches
  return api
}

/** The counters of a strip or a header, by bucket. */
function counters(region: HTMLElement): Record<string, number> {
  const out: Record<string, number> = {}
  for (const dd of region.querySelectorAll<HTMLElement>('dd[data-count]')) {
    const n = Number((dd.textContent ?? '').replace(/[^\d]/g, ''))
    if (dd.dataset.count !== 'speed') out[dd.dataset.count!] = n
  }
  return out
}

/**
 * Gives jsdom Chromium's Element Timing: `report(name)` delivers one entry for an element marked
 * `elementtiming="name"` to every observer watching for them; `live()` counts observers not disconnected.
 */
function fakeElementTiming(): {
  report: (identifier: string) => void
  live: () => number
  restore: () => void
} {
  const original = globalThis.PerformanceObserver
  const watching = new Set<FakeObserver>()
  class FakeObserver {
    static readonly supportedEntryTypes = ['element']
    private readonly callback: PerformanceObserverCallback
    constructor(callback: PerformanceObserverCallback) {
      this.callback = callback
    }
    observe(options: PerformanceObserverInit): void {
      if (options.type === 'element') watching.add(this)
    }
    disconnect(): void {
      watching.delete(this)
    }
    deliver(identifier: string): void {
      const entry = { entryType: 'element', identifier, startTime: performance.now() }
      const list = { getEntries: () => [entry] } as unknown as PerformanceObserverEntryList
      this.callback(list, this as unknown as PerformanceObserver)
    }
  }
  globalThis.PerformanceObserver = FakeObserver as unknown as typeof PerformanceObserver
  return {
    report: (identifier) => {
      for (const o of [...watching]) o.deliver(identifier)
    },
    live: () => watching.size,
    restore: () => {
      globalThis.PerformanceObserver = original
    },
  }
}

beforeEach(() => {
  // jsdom has no video decoder: posters come from a fake that answers by file name.
  UNSAFE_installPosterMaker((job) =>
    Promise.resolve(
      job.name.includes('hevc')
        ? { kind: 'undecodable' }
        : job.name.endsWith('.wav')
          ? { kind: 'audio' }
          : { kind: 'image', blob: new Blob(['webp'], { type: 'image/webp' }) },
    ),
  )
})

describe('Uploads view', () => {
  test('starts empty with a drop hint and both add buttons', async () => {
    await renderApp()
    expect(screen.getByRole('heading', { name: 'Drop a folder of footage here' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Add files…' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Add folder…' })).toBeInTheDocument()
  })

  test('Add folder… asks main for a dialog with the batch settings, then shows the batch', async () => {
    const { api, user } = await renderApp()
    api.state.picked = ['/footage/day1']
    await user.click(screen.getByText(/Settings for new files/))
    await user.selectOptions(screen.getByLabelText('Access policy'), 'private')
    await user.selectOptions(screen.getByLabelText('Maximum resolution'), '1080p')
    await user.click(screen.getByRole('button', { name: 'Add key' }))
    await user.type(screen.getByLabelText('Metadata key 1'), 'project')
    await user.type(screen.getByLabelText('Metadata value 1'), 'Harbour')
    await user.click(screen.getByRole('button', { name: 'Add folder…' }))
    const call = api.calls.find((c) => c.method === 'uploads.pickAndEnqueue')
    expect(call?.args).toEqual([
      'folder',
      { accessPolicy: 'private', maxResolution: '1080p', metadata: { project: 'Harbour' } },
    ])
    expect(await screen.findByRole('button', { name: 'day1', expanded: true })).toBeInTheDocument()
    expect(screen.getByText('“day1”: 1 file added.')).toBeInTheDocument()
  })

  test('dropped files go to main as File objects, for a plan to review (nothing is queued)', async () => {
    const { api } = await renderApp()
    const file = new File(['x'], 'a.mp4', { type: 'video/mp4' })
    const zone = document.querySelector('.drop-zone')!
    await act(async () => {
      fireEvent.drop(zone, { dataTransfer: { files: [file], types: ['Files'] } })
      await Promise.resolve()
    })
    expect(api.count('review.planDropped')).toBe(1)
    expect(api.calls.find((c) => c.method === 'review.planDropped')?.args[0]).toEqual([file])
    expect(api.count('uploads.enqueueFiles')).toBe(0)
    expect(await screen.findByRole('heading', { level: 1, name: 'Review the batch' })).toBeInTheDocument()
  })

  test('rows show state, progress, speed and ETA from main events; per-row actions send their ids', async () => {
    const { api, user } = await renderApp()
    await emit(api, 'uploads:changed', {
      upserted: [
        fakeJob(1, { state: 'uploading' }),
        fakeJob(2, { state: 'paused' }),
        fakeJob(3, {
          state: 'failed',
          error: { code: 'upload/source-changed', message: 'The file changed during upload.' },
        }),
        fakeJob(4, { state: 'waiting-for-network' }),
        fakeJob(5, { state: 'processing' }),
      ],
      removed: [],
    })
    await emit(api, 'uploads:progress', [
      {
        id: asJobId('job-1'),
        bytesAcked: 4_000_000,
        bytesInFlight: 1_000_000,
        rate: 2_000_000,
        etaSeconds: 3,
      },
    ])
    expect(screen.getByRole('progressbar', { name: 'Progress of clip-1.mp4' })).toHaveAttribute(
      'aria-valuenow',
      '50',
    )
    expect(screen.getByText('1.9 MiB/s · 3 s left')).toBeInTheDocument()
    expect(screen.getByText('The file changed during upload.')).toBeInTheDocument()
    expect(screen.getByText('Waiting for network', { exact: false, selector: '.badge' })).toBeInTheDocument()
    expect(screen.getByText('FastPix is processing')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Pause clip-1.mp4' }))
    await user.click(screen.getByRole('button', { name: 'Resume clip-2.mp4' }))
    await user.click(screen.getByRole('button', { name: 'Retry clip-3.mp4' }))
    await user.click(screen.getByRole('button', { name: 'Cancel clip-4.mp4' }))
    expect(api.calls.filter((c) => /^uploads\.(pause|resume|retry|cancel)$/.test(c.method))).toEqual([
      { method: 'uploads.pause', args: [['job-1']] },
      { method: 'uploads.resume', args: [['job-2']] },
      { method: 'uploads.retry', args: [['job-3']] },
      { method: 'uploads.cancel', args: [['job-4']] },
    ])
  })

  test('bulk actions apply to all; Cancel all asks first', async () => {
    const { api, user } = await renderApp()
    await emit(api, 'uploads:changed', { upserted: [fakeJob(1), fakeJob(2)], removed: [] })
    const bar = screen.getByRole('toolbar', { name: 'All uploads' })
    await user.click(within(bar).getByRole('button', { name: 'Pause all' }))
    await user.click(within(bar).getByRole('button', { name: 'Resume all' }))
    await user.click(within(bar).getByRole('button', { name: 'Cancel all' }))
    expect(api.count('uploads.cancel')).toBe(0)
    const dialog = screen.getByRole('alertdialog')
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus()
    await user.click(within(dialog).getByRole('button', { name: 'Cancel all uploads' }))
    expect(api.calls.filter((c) => /^uploads\.(pause|resume|cancel)$/.test(c.method))).toEqual([
      { method: 'uploads.pause', args: ['all'] },
      { method: 'uploads.resume', args: ['all'] },
      { method: 'uploads.cancel', args: ['all'] },
    ])
  })

  test('the counters add up to the files, queued and cancelled included', async () => {
    const { api } = await renderApp()
    const jobs = UPLOAD_STATES.map((state, i) => fakeJob(i, { state }))
    await emit(api, 'uploads:changed', { upserted: jobs, removed: [] })
    const strip = screen.getByTestId('totals')
    const { files, ...buckets } = counters(strip)
    expect(files).toBe(UPLOAD_STATES.length)
    expect(Object.values(buckets).reduce((a, b) => a + b, 0)).toBe(files)
    expect(buckets).toMatchObject({ queued: 1, cancelled: 1, uploading: 3, waiting: 2 })

    await emit(api, 'uploads:changed', { upserted: [], removed: [asJobId('job-0')] })
    expect(counters(screen.getByTestId('totals')).files).toBe(UPLOAD_STATES.length - 1)
    expect(screen.queryByText('clip-0.mp4')).not.toBeInTheDocument()
  })

  test('online, files waiting to reconnect do not say "Waiting for the network"; offline does', async () => {
    const { api } = await renderApp()
    await emit(api, 'uploads:changed', {
      upserted: [fakeJob(1, { state: 'waiting-for-network' }), fakeJob(2)],
      removed: [],
    })
    expect(screen.getByText('Online')).toBeInTheDocument()
    expect(screen.queryByText(/waiting for the network/i)).not.toBeInTheDocument()
    await emit(api, 'app:network', { online: false })
    expect(screen.getByText(/Offline: 1 waiting for the network/)).toBeInTheDocument()
    expect(screen.getByText('Offline')).toBeInTheDocument()
  })

  test('the speed is measured, never a dash, while files are uploading', async () => {
    const { api } = await renderApp()
    await emit(api, 'uploads:changed', {
      upserted: [fakeJob(1, { state: 'uploading' }), fakeJob(2, { state: 'preparing' }), fakeJob(3)],
      removed: [],
    })
    const speed = (): string =>
      within(screen.getByTestId('totals')).getByText(/./, { selector: '[data-count="speed"]' }).textContent ??
      ''
    expect(speed()).toBe('Measuring…')
    await emit(api, 'uploads:progress', [
      { id: asJobId('job-1'), bytesAcked: 1_000_000, bytesInFlight: 0, rate: 3_000_000, etaSeconds: 3 },
    ])
    expect(speed()).toBe('2.9 MiB/s')
    await emit(api, 'uploads:changed', {
      upserted: [fakeJob(1, { state: 'done' }), fakeJob(2, { state: 'done' }), fakeJob(3, { state: 'done' })],
      removed: [],
    })
    expect(speed()).toBe('—')
  })

  test('jobs are grouped by batch, newest first, each with its own counts and actions', async () => {
    const older = batch(1, 'day1')
    const newer = batch(2, 'slow', 'dialog')
    const jobs = [
      ...Array.from({ length: 12 }, (_, i) => fakeJob(i, { batchId: older.id, state: 'done' })),
      ...Array.from({ length: 4 }, (_, i) =>
        fakeJob(20 + i, { batchId: newer.id, state: i === 0 ? 'uploading' : 'queued', relativeDir: 'slow' }),
      ),
    ]
    const api = seed(jobs, [older, newer])
    const { user } = await renderApp()
    const headers = await screen.findAllByTestId('batch-header')
    expect(headers.map((h) => within(h).getByRole('button', { expanded: true }).textContent)).toEqual([
      '▾slow',
      '▾day1',
    ])
    const [slow, day1] = headers as [HTMLElement, HTMLElement]
    expect(within(day1).getByText('Finished')).toBeInTheDocument()
    expect(within(day1).getByText('12 / 12')).toBeInTheDocument()
    expect(within(slow).getByText('0 / 4')).toBeInTheDocument()
    expect(within(slow).getByText('Uploading')).toBeInTheDocument()

    await user.click(within(slow).getByRole('button', { name: 'Pause slow' }))
    expect(api.calls.filter((c) => c.method === 'uploads.pause').at(-1)?.args).toEqual([
      ['job-20', 'job-21', 'job-22', 'job-23'],
    ])
    await user.click(within(slow).getByRole('button', { name: 'Cancel slow' }))
    expect(api.count('uploads.cancel')).toBe(0)
    await user.click(screen.getByRole('button', { name: 'Cancel this batch' }))
    expect(api.calls.filter((c) => c.method === 'uploads.cancel').at(-1)?.args).toEqual([
      ['job-20', 'job-21', 'job-22', 'job-23'],
    ])
  })

  test('a batch whose files FastPix still processes is uploaded, not yet finished', async () => {
    const b = batch(1, 'day1')
    seed(
      [fakeJob(1, { batchId: b.id, state: 'done' }), fakeJob(2, { batchId: b.id, state: 'processing' })],
      [b],
    )
    await renderApp()
    const header = await screen.findByTestId('batch-header')
    expect(within(header).getByText('Uploaded · 1 processing')).toBeInTheDocument()
    expect(within(header).queryByText('Finished')).not.toBeInTheDocument()
  })

  test('a row that has not measured its speed says so instead of dashes', async () => {
    const { api } = await renderApp()
    await emit(api, 'uploads:changed', { upserted: [fakeJob(1, { state: 'uploading' })], removed: [] })
    await emit(api, 'uploads:progress', [
      { id: asJobId('job-1'), bytesAcked: 0, bytesInFlight: 500_000, rate: 0, etaSeconds: null },
    ])
    expect(screen.getByText('488 KiB of 9.5 MiB · measuring speed…')).toBeInTheDocument()
    expect(screen.queryByText(/— left/)).not.toBeInTheDocument()
  })

  test('an uploading row waiting out a server answer says why and that it tries again, not in red', async () => {
    const { api } = await renderApp()
    const answer = {
      code: 'api/server' as const,
      message: 'PeerTube is turning the finished upload into a video.',
    }
    await emit(api, 'uploads:changed', {
      upserted: [
        fakeJob(1, { state: 'uploading', error: answer }),
        fakeJob(2, { state: 'failed', error: answer }),
      ],
      removed: [],
    })
    const waiting = screen.getByText(`${answer.message} Trying again…`)
    expect(waiting).toHaveClass('sub')
    expect(waiting).not.toHaveClass('row-error')
    expect(screen.getByText(answer.message, { selector: '.row-error' })).toBeInTheDocument() // the failed one
    // Bytes move again: main sends the job without its error, and the line is the progress again.
    await emit(api, 'uploads:changed', { upserted: [fakeJob(1, { state: 'uploading' })], removed: [] })
    expect(screen.queryByText(/Trying again/)).not.toBeInTheDocument()
    // An answer that already says Spool will try again is not told twice.
    const slow = {
      code: 'api/rate-limited' as const,
      message: 'FastPix is rate-limiting requests. Spool will slow down and try again.',
    }
    await emit(api, 'uploads:changed', {
      upserted: [fakeJob(1, { state: 'uploading', error: slow })],
      removed: [],
    })
    expect(screen.getByText(slow.message, { selector: '.row-retrying' })).toBeInTheDocument()
  })

  test('a batch folds away and opens again', async () => {
    const b = batch(1, 'day1')
    seed(
      Array.from({ length: 3 }, (_, i) => fakeJob(i, { batchId: b.id })),
      [b],
    )
    const { user } = await renderApp()
    const toggle = await screen.findByRole('button', { name: 'day1', expanded: true })
    expect(screen.getByText('clip-1.mp4')).toBeInTheDocument()
    await user.click(toggle)
    expect(screen.getByRole('button', { name: 'day1', expanded: false })).toBeInTheDocument()
    expect(screen.queryByText('clip-1.mp4')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'day1' }))
    expect(screen.getByText('clip-1.mp4')).toBeInTheDocument()
  })

  test('adding 4 files to a queue of 16 names the batch, not a bare "4 added."', async () => {
    const earlier = batch(1, 'day1')
    seed(
      Array.from({ length: 12 }, (_, i) => fakeJob(i, { batchId: earlier.id, state: 'done' })),
      [earlier],
    )
    const { api, user } = await renderApp()
    api.state.picked = [
      '/footage/slow/a.mov',
      '/footage/slow/b.mov',
      '/footage/slow/c.mov',
      '/footage/slow/d.mov',
    ]
    await user.click(screen.getByRole('button', { name: 'Add files…' }))
    expect(await screen.findByText('“a.mov”: 4 files added.')).toBeInTheDocument()
    expect(screen.queryByText('4 added.')).not.toBeInTheDocument()
    expect(screen.getAllByTestId('batch-header')).toHaveLength(2)
  })

  test('a batch whose record arrives later is asked for and named', async () => {
    const { api } = await renderApp()
    const late = batch(7, 'from the CLI', 'cli')
    api.state.batches = [late]
    api.state.jobs = [fakeJob(1, { batchId: late.id })]
    await emit(api, 'uploads:changed', { upserted: api.state.jobs, removed: [] })
    expect(await screen.findByRole('button', { name: 'from the CLI' })).toBeInTheDocument()
    expect(screen.getByText('spool upload · 1 file')).toBeInTheDocument()
  })

  test('every row has a picture: a frame, an audio mark, or a clear "no preview" for HEVC', async () => {
    const { api } = await renderApp()
    await emit(api, 'uploads:changed', {
      upserted: [
        fakeJob(1, { name: 'h264.mp4' }),
        fakeJob(2, { name: 'voice.wav' }),
        fakeJob(3, { name: 'hevc.mov' }),
      ],
      removed: [],
    })
    const row = (name: string) => screen.getByText(name, { selector: '.name' }).closest('[role="row"]')!
    await screen.findByRole('img', { name: /No preview/ })
    expect(row('h264.mp4').querySelector('[data-poster="image"]')).toHaveAttribute(
      'src',
      expect.stringMatching(/^blob:/),
    )
    expect(
      within(row('voice.wav') as HTMLElement).getByRole('img', { name: 'Audio file' }),
    ).toBeInTheDocument()
    expect(
      within(row('hevc.mov') as HTMLElement).getByRole('img', { name: /No preview/ }),
    ).toBeInTheDocument()
  })

  test('the first screen asks for the newest jobs before the whole queue', async () => {
    const api = seed(
      Array.from({ length: 300 }, (_, i) => fakeJob(i)),
      [],
    )
    await renderApp()
    await waitFor(() =>
      expect(api.calls.filter((c) => c.method === 'uploads.list').map((c) => c.args)).toEqual([
        [FIRST_SCREEN_JOBS],
        [],
      ]),
    )
    expect(await screen.findByText('clip-0.mp4')).toBeInTheDocument()
    expect(counters(screen.getByTestId('totals')).files).toBe(300)
  })

  test('until the whole queue is in, neither the strip nor a batch shows figures or buttons of the few jobs loaded first', async () => {
    const api = seed(
      Array.from({ length: 300 }, (_, i) => fakeJob(i)),
      [],
    )
    let answer = (): void => {}
    const whole = new Promise<void>((resolve) => (answer = resolve))
    const { list } = api.uploads
    Object.assign(api.uploads, {
      list: (last?: number) => (last ? list(last) : whole.then(() => list())),
    })
    await renderApp()
    expect(await screen.findByText(`clip-${300 - FIRST_SCREEN_JOBS}.mp4`)).toBeInTheDocument()
    const totals = screen.getByRole('region', { name: 'All uploads' })
    expect(totals).toHaveAttribute('aria-busy', 'true')
    expect(totals).toHaveTextContent('Counting…')
    expect(totals).not.toHaveTextContent(String(FIRST_SCREEN_JOBS))
    expect(within(totals).queryByRole('progressbar')).toBeNull()
    const header = screen.getByTestId('batch-header')
    expect(header).toHaveTextContent('counting files…')
    expect(header).not.toHaveTextContent(String(FIRST_SCREEN_JOBS))
    expect(
      within(header).queryByRole('button', { name: /^(Pause|Resume|Retry failed in|Cancel) / }),
    ).toBeNull()
    await act(() => {
      answer()
      return whole
    })
    await waitFor(() => expect(counters(screen.getByTestId('totals')).files).toBe(300))
    expect(screen.getByRole('region', { name: 'All uploads' })).not.toHaveAttribute('aria-busy')
    expect(screen.getByTestId('batch-header')).toHaveTextContent('300 files')
    expect(
      within(screen.getByTestId('batch-header')).getByRole('button', { name: /^Pause / }),
    ).toBeInTheDocument()
  })

  test('the first screen calls sent as the page starts are the ones the queue opens with', async () => {
    const api = seed(
      Array.from({ length: 300 }, (_, i) => fakeJob(i)),
      [],
    )
    sendFirstScreenCalls()
    // The page's own start-up sends them again at most once: the queue takes the early ones.
    sendFirstScreenCalls()
    await renderApp()
    await waitFor(() =>
      expect(api.calls.filter((c) => c.method === 'uploads.list').map((c) => c.args)).toEqual([
        [FIRST_SCREEN_JOBS],
        [],
      ]),
    )
    expect(api.count('uploads.batches')).toBe(1)
    expect(await screen.findByText('clip-0.mp4')).toBeInTheDocument()
    expect(counters(screen.getByTestId('totals')).files).toBe(300)
  })

  test('the whole queue is asked for once a first row is on screen, as Element Timing reports it', async () => {
    const observers = fakeElementTiming()
    try {
      const api = seed(
        Array.from({ length: 300 }, (_, i) => fakeJob(i)),
        [],
      )
      await renderApp()
      expect(await screen.findByText(`clip-${300 - FIRST_SCREEN_JOBS}.mp4`)).toBeInTheDocument()
      const lists = () => api.calls.filter((c) => c.method === 'uploads.list').map((c) => c.args)
      // Frames go by (the rows were drawn), but no row has been reported shown yet.
      await act(() => new Promise((resolve) => setTimeout(resolve, 100)))
      expect(lists()).toEqual([[FIRST_SCREEN_JOBS]])
      // Another element's paint is not a row's.
      act(() => observers.report('library-card'))
      await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
      expect(lists()).toEqual([[FIRST_SCREEN_JOBS]])
      act(() => observers.report(QUEUE_ROW_TIMING))
      await waitFor(() => expect(lists()).toEqual([[FIRST_SCREEN_JOBS], []]))
      expect(observers.live()).toBe(0)
      await waitFor(() => expect(counters(screen.getByTestId('totals')).files).toBe(300))
    } finally {
      observers.restore()
    }
  })

  test('a first screen whose rows never report still gets the whole queue, within FIRST_ROWS_WAIT_MS', async () => {
    const observers = fakeElementTiming()
    try {
      const api = seed(
        Array.from({ length: 300 }, (_, i) => fakeJob(i)),
        [],
      )
      await renderApp()
      const asked = performance.now()
      await waitFor(
        () =>
          expect(api.calls.filter((c) => c.method === 'uploads.list').map((c) => c.args)).toEqual([
            [FIRST_SCREEN_JOBS],
            [],
          ]),
        { timeout: FIRST_ROWS_WAIT_MS * 3 },
      )
      expect(performance.now() - asked).toBeGreaterThanOrEqual(FIRST_ROWS_WAIT_MS * 0.9)
      expect(observers.live()).toBe(0)
    } finally {
      observers.restore()
    }
  })

  test('a 10,000-job queue renders only a window of rows', async () => {
    const { api } = await renderApp()
    const jobs = Array.from({ length: 10_000 }, (_, i) => fakeJob(i))
    await emit(api, 'uploads:changed', { upserted: jobs, removed: [] })
    // The column headers, one batch header and the 10,000 rows.
    expect(screen.getByRole('table', { name: 'Upload queue' })).toHaveAttribute('aria-rowcount', '10002')
    const rows = document.querySelectorAll('.virtual-row')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(40)
  })
})
