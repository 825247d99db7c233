import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { emptyRow, type ManifestPlan } from '../../common/domain/manifest.ts'
import type { FakeApi } from '../fakes/fake-api.ts'
import { useSpool } from '../../renderer/store/index.ts'
import { renderApp } from './render-app.tsx'

const planOf = (names: string[]): ManifestPlan => ({
  rows: names.map((n, i) => ({
    row: { ...emptyRow(`/footage/day1/${n}.mp4`), title: n, privacy: 'public', metadata: { camera: 'A' } },
    line: i + 2,
    size: 1_048_576 * (i + 1),
    problems: [],
    notes: i === 1 ? ['FastPix takes captions by URL only: clip-02.srt is not uploaded.'] : [],
    duplicates: [],
  })),
  skipped: [{ path: '/footage/day1/notes.txt', reason: 'not a video or audio file' }],
  unpairedSidecars: [],
  quota: [],
})

async function drop(api: FakeApi, names: string[]): Promise<void> {
  api.state.plan = planOf(names)
  const zone = document.querySelector('.drop-zone')!
  await act(async () => {
    fireEvent.drop(zone, {
      dataTransfer: { files: [new File(['x'], 'day1')], types: ['Files'] },
    })
    await Promise.resolve()
  })
  await screen.findByRole('heading', { level: 1, name: 'Review the batch' })
}

describe('Review table (issue 15 point 4)', () => {
  test('a drop opens the plan as an editable table; Start sends the edited rows; nothing before Start', async () => {
    const { api, user } = await renderApp()
    await drop(api, ['clip-01', 'clip-02', 'clip-03'])
    expect(api.count('uploads.enqueueFiles')).toBe(0)
    expect(api.count('review.start')).toBe(0)
    const table = screen.getByRole('table', { name: 'Review of the batch' })
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 3 + 1) // header, rows, one row of notes
    expect(screen.getByText(/3 files, 6\.0 MiB, to sandbox/)).toBeInTheDocument()
    expect(within(table).getByText(/captions by URL only/)).toBeInTheDocument()
    expect(within(table).getByRole('columnheader', { name: /camera/ })).toBeInTheDocument()
    expect(screen.getByText(/1 skipped/)).toBeInTheDocument()

    const title1 = screen.getByLabelText('Title of clip-01.mp4')
    await user.clear(title1)
    await user.type(title1, 'Harbour at dawn')
    const title3 = screen.getByLabelText('Title of clip-03.mp4')
    await user.clear(title3)
    await user.type(title3, 'Market, noon')
    await user.clear(screen.getByLabelText('camera of clip-02.mp4'))
    await user.type(screen.getByLabelText('camera of clip-02.mp4'), 'B')
    await user.click(screen.getByRole('button', { name: 'Leave clip-02.mp4 out of this batch' }))
    await user.click(screen.getByRole('button', { name: 'Start 2 files' }))

    const sent = api.calls.find((c) => c.method === 'review.start')?.args
    expect(sent?.[0]).toEqual([
      expect.objectContaining({ path: '/footage/day1/clip-01.mp4', title: 'Harbour at dawn' }),
      expect.objectContaining({ path: '/footage/day1/clip-03.mp4', title: 'Market, noon' }),
    ])
    expect(sent?.[1]).toEqual(['sandbox'])
    expect(sent?.[2]).toBeNull()
    expect(sent?.[3]).toBe(false)
    expect(await screen.findByRole('heading', { level: 1, name: 'Uploads' })).toBeInTheDocument()
    expect(screen.getByText('2 files queued.')).toBeInTheDocument()
  })

  test('with "upload files already at the destination again" ticked, Start asks main to force', async () => {
    const { api, user } = await renderApp()
    act(() => useSpool.getState().forceEdited(true))
    await drop(api, ['clip-01'])
    await user.click(screen.getByRole('button', { name: 'Start 1 file' }))
    expect(api.calls.find((c) => c.method === 'review.start')?.args[3]).toBe(true)
  })

  test('rows Start refuses stay, marked with their reason; nothing is queued until they change', async () => {
    const { api, user } = await renderApp()
    await drop(api, ['clip-01', 'clip-02'])
    api.state.startReport = {
      problems: [{ row: 1, line: 3, message: 'Privacy “secret” is not one of public, private.' }],
      queued: 0,
      duplicates: 0,
      skipped: [],
    }
    await user.click(screen.getByRole('button', { name: 'Start 2 files' }))
    expect(await screen.findByText(/Privacy “secret” is not one of/)).toBeInTheDocument()
    expect(screen.getByText('Nothing was queued: 1 row needs a change.')).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'Review the batch' })).toBeInTheDocument()
    await user.clear(screen.getByLabelText('Privacy of clip-02.mp4'))
    await user.type(screen.getByLabelText('Privacy of clip-02.mp4'), 'private')
    expect(screen.queryByText(/Privacy “secret” is not one of/)).not.toBeInTheDocument()
  })

  test('CSV: save the rows through main, open a manifest into the table (its handle goes with Start)', async () => {
    const { api, user } = await renderApp()
    await drop(api, ['clip-01'])
    await user.click(screen.getByRole('button', { name: 'Save as CSV…' }))
    expect(api.calls.find((c) => c.method === 'review.exportManifest')?.args[0]).toHaveLength(1)
    expect(await screen.findByText('Saved batch.csv.')).toBeInTheDocument()
    api.state.imported = { handle: 'h-1', name: 'shoot.csv', plan: planOf(['a', 'b', 'c', 'd']) }
    await user.click(screen.getByRole('button', { name: 'Open CSV…' }))
    expect(await screen.findByText(/From shoot\.csv\./)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Start 4 files' }))
    expect(api.calls.find((c) => c.method === 'review.start')?.args[2]).toBe('h-1')
  })

  test('Cancel leaves without queuing anything', async () => {
    const { api, user } = await renderApp()
    await drop(api, ['clip-01'])
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Uploads' })).toBeInTheDocument()
    expect(api.count('review.start')).toBe(0)
  })
})

describe('Add folder… in the review table', () => {
  test('a picked folder joins the dropped batch; edits stay, a file already in the table stays once', async () => {
    const { api, user } = await renderApp()
    await drop(api, ['clip-01', 'clip-02'])
    const title1 = screen.getByLabelText('Title of clip-01.mp4')
    await user.clear(title1)
    await user.type(title1, 'Harbour at dawn')
    api.state.plan = {
      ...planOf(['clip-02', 'clip-03']),
      skipped: [],
      quota: [{ destination: 'sandbox', ok: false, message: 'Over quota by 2 MiB.' }],
    }
    await user.click(screen.getByRole('button', { name: 'Add folder…' }))
    expect(await screen.findByRole('button', { name: 'Start 3 files' })).toBeInTheDocument()
    expect(api.calls.find((c) => c.method === 'review.pickAndPlan')?.args.slice(0, 2)).toEqual([
      'folder',
      ['sandbox'],
    ])
    expect(screen.getByLabelText('Title of clip-01.mp4')).toHaveValue('Harbour at dawn')
    expect(screen.getAllByLabelText('Title of clip-02.mp4')).toHaveLength(1)
    expect(screen.getByLabelText('Title of clip-03.mp4')).toHaveValue('clip-03')
    expect(screen.getByRole('alert')).toHaveTextContent('sandbox: Over quota by 2 MiB.')
    expect(api.count('review.start')).toBe(0)
  })

  test('an empty review offers a folder; rows from a manifest are not mixed with a folder', async () => {
    const { api, user } = await renderApp()
    await drop(api, [])
    api.state.plan = planOf(['clip-07'])
    await user.click(screen.getByRole('button', { name: 'Choose a folder…' }))
    expect(await screen.findByLabelText('Title of clip-07.mp4')).toHaveValue('clip-07')
    api.state.imported = { handle: 'h-1', name: 'shoot.csv', plan: planOf(['a']) }
    await user.click(screen.getByRole('button', { name: 'Open CSV…' }))
    expect(await screen.findByText(/From shoot\.csv\./)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Add folder…' })).toBeDisabled()
  })
})

describe('Review from the dialog (no mouse needed)', () => {
  test('the picked folder is planned, not queued, and opens in the table', async () => {
    const { api } = await renderApp()
    api.state.plan = planOf(['clip-01'])
    await act(() => useSpool.getState().reviewPickRequested('folder'))
    expect(await screen.findByRole('heading', { level: 1, name: 'Review the batch' })).toBeInTheDocument()
    expect(api.calls.find((c) => c.method === 'review.pickAndPlan')?.args.slice(0, 2)).toEqual([
      'folder',
      ['sandbox'],
    ])
    expect(api.count('uploads.pickAndEnqueue')).toBe(0)
    expect(screen.getByLabelText('Title of clip-01.mp4')).toHaveValue('clip-01')
  })
})
