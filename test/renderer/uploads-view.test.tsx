import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { asJobId } from '../../common/domain/ids.ts'
import { fakeJob } from '../fakes/fake-api.ts'
import { emit, renderApp } from './render-app.tsx'

describe('Uploads view', () => {
  test('starts empty with a drop hint and both add buttons', async () => {
    await renderApp()
    expect(screen.getByRole('heading', { name: 'Drop a folder of footage here' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Add files…' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Add folder…' })).toBeInTheDocument()
  })

  test('Add folder… asks main for a dialog with the batch settings, then lists the job', async () => {
    const { api, user } = await renderApp()
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
    expect(await screen.findByText('day1', { selector: '.name' })).toBeInTheDocument()
    expect(screen.getByText('1 added.')).toBeInTheDocument()
  })

  test('dropped files go to main as File objects', async () => {
    const { api } = await renderApp()
    const file = new File(['x'], 'a.mp4', { type: 'video/mp4' })
    const zone = document.querySelector('.drop-zone')!
    await act(async () => {
      fireEvent.drop(zone, { dataTransfer: { files: [file], types: ['Files'] } })
      await Promise.resolve()
    })
    expect(api.count('uploads.enqueueFiles')).toBe(1)
    expect(await screen.findByText('a.mp4')).toBeInTheDocument()
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
    expect(screen.getByText('2.0 MB/s · 3 s left')).toBeInTheDocument()
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
    expect(api.calls.filter((c) => c.method !== 'uploads.list' && c.method.startsWith('uploads.'))).toEqual([
      { method: 'uploads.pause', args: ['all'] },
      { method: 'uploads.resume', args: ['all'] },
      { method: 'uploads.cancel', args: ['all'] },
    ])
  })

  test('totals count outcomes and removed jobs disappear', async () => {
    const { api } = await renderApp()
    await emit(api, 'uploads:changed', {
      upserted: [fakeJob(1, { state: 'done' }), fakeJob(2, { state: 'failed' }), fakeJob(3)],
      removed: [],
    })
    expect(screen.getByTestId('total-files')).toHaveTextContent('3')
    expect(screen.getByTestId('total-done')).toHaveTextContent('1')
    await emit(api, 'uploads:changed', { upserted: [], removed: [asJobId('job-1')] })
    expect(screen.getByTestId('total-files')).toHaveTextContent('2')
    expect(screen.queryByText('clip-1.mp4')).not.toBeInTheDocument()
  })

  test('a 10,000-job queue renders only a window of rows', async () => {
    const { api } = await renderApp()
    const jobs = Array.from({ length: 10_000 }, (_, i) => fakeJob(i))
    await emit(api, 'uploads:changed', { upserted: jobs, removed: [] })
    expect(screen.getByRole('table', { name: 'Upload queue' })).toHaveAttribute('aria-rowcount', '10000')
    const rows = document.querySelectorAll('.virtual-row')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(40)
  })

  test('offline is announced in words, not colour', async () => {
    const { api } = await renderApp()
    await emit(api, 'uploads:changed', { upserted: [fakeJob(1)], removed: [] })
    await emit(api, 'app:network', { online: false })
    expect(screen.getByText(/Waiting for the network/)).toBeInTheDocument()
    expect(screen.getByText('Offline')).toBeInTheDocument()
  })
})
