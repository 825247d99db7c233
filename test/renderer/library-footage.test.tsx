import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { encodeSpoolMetadata } from '../../common/domain/spool-metadata.ts'
import { fakeMedia } from '../fakes/fake-api.ts'
import { renderApp } from './render-app.tsx'

const from = (folder: string) => ({ spool: encodeSpoolMetadata({ clientId: 'c', folder }) })

describe('Library as footage (issue 16 points 2, 3)', () => {
  test('each row has the platform thumbnail, a short id to copy, its folder, status, duration, date', async () => {
    const { api, user } = await renderApp()
    api.state.media = [
      fakeMedia(1, {
        id: 'b8aa3bdf-215b-4e7f-8f1d-428a8fc14693' as never,
        thumbnailUrl: 'http://127.0.0.1:9/stream/play-1/thumbnail.png',
        metadata: from('day1/harbour'),
      }),
    ]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    const row = (await screen.findByRole('button', { name: 'Clip 1' })).closest('[role="row"]') as HTMLElement
    const img = row.querySelector('img')
    expect(img?.getAttribute('src')).toBe('http://127.0.0.1:9/stream/play-1/thumbnail.png')
    expect(within(row).getByText('b8aa3bdf')).toBeInTheDocument()
    expect(row).not.toHaveTextContent('428a8fc14693')
    expect(within(row).getByText('day1/harbour')).toBeInTheDocument()
    expect(within(row).getByText('1:01')).toBeInTheDocument()
    expect(within(row).getByText('Ready')).toBeInTheDocument()

    await user.click(within(row).getByRole('button', { name: 'Copy the id of Clip 1' }))
    expect(await navigator.clipboard.readText()).toBe('b8aa3bdf-215b-4e7f-8f1d-428a8fc14693')
    expect(await screen.findByText('Copied the id b8aa3bdf-215b-4e7f-8f1d-428a8fc14693.')).toBeInTheDocument()
  })

  test('a thumbnail that does not load leaves a film glyph, not a broken image', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1, { thumbnailUrl: 'http://127.0.0.1:9/missing.png' })]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    const row = (await screen.findByRole('button', { name: 'Clip 1' })).closest('[role="row"]') as HTMLElement
    fireEvent.error(row.querySelector('img')!)
    expect(row.querySelector('img')).toBeNull()
    expect(row.querySelector('.thumb')).toHaveTextContent('▶')
  })

  test('folder and status filters ask main for that folder and that status', async () => {
    const { api, user } = await renderApp()
    api.state.media = [
      fakeMedia(1, { metadata: from('day1') }),
      fakeMedia(2, { metadata: from('day2') }),
      fakeMedia(3, { metadata: from('day2'), status: 'Failed', rawStatus: 'Failed' }),
    ]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await screen.findByRole('button', { name: 'Clip 1' })
    const folder = await screen.findByLabelText('Folder')
    expect(
      within(folder)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All folders', 'day1', 'day2'])
    await user.selectOptions(folder, 'day2')
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Clip 1' })).not.toBeInTheDocument())
    expect(screen.getByRole('button', { name: 'Clip 3' })).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Status'), 'Failed')
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Clip 2' })).not.toBeInTheDocument())
    expect(api.calls.filter((c) => c.method === 'library.query').at(-1)?.args[0]).toMatchObject({
      folder: 'day2',
      status: 'Failed',
    })
  })

  test('selecting shows the bulk actions; MP4 downloads and source access go to every selected media', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1), fakeMedia(2), fakeMedia(3)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await screen.findByRole('button', { name: 'Clip 1' })
    expect(screen.queryByRole('toolbar', { name: 'Selected media' })).not.toBeInTheDocument()
    await user.click(screen.getByRole('checkbox', { name: 'Select Clip 1' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select Clip 3' }))
    const bar = screen.getByRole('toolbar', { name: 'Selected media' })
    expect(bar).toHaveTextContent('2 selected')
    await user.selectOptions(within(bar).getByLabelText('MP4 downloads'), 'audioOnly')
    await user.click(within(bar).getByRole('button', { name: 'Apply' }))
    expect(await screen.findByText('MP4 downloads: 2 changed.')).toBeInTheDocument()
    expect(
      api.calls
        .filter((c) => c.method === 'library.setMp4Support')
        .map((c) => c.args)
        .sort(),
    ).toEqual([
      ['media-1', 'audioOnly'],
      ['media-3', 'audioOnly'],
    ])
    api.failNext('library.setSourceAccess', { code: 'api/not-found', message: 'Media 1 is gone.' })
    await user.click(within(bar).getByRole('button', { name: 'Allow download' }))
    expect(
      await screen.findByText('Original file downloadable: 1 changed, 1 could not be changed.'),
    ).toBeInTheDocument()
    await user.click(within(bar).getByRole('button', { name: 'Clear selection' }))
    expect(screen.queryByRole('toolbar', { name: 'Selected media' })).not.toBeInTheDocument()
  })
})

describe('Notices and focus follow the page (issue 16 points 4, 6)', () => {
  test('a notice belongs to the page that raised it: leaving the page drops it; info notices expire', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await user.click(await screen.findByRole('button', { name: 'Copy the id of Clip 1' }))
    expect(await screen.findByText('Copied the id media-1.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Uploads' }))
    expect(screen.queryByText('Copied the id media-1.')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Library' }))
    expect(screen.queryByText('Copied the id media-1.')).not.toBeInTheDocument()

    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      fireEvent.click(await screen.findByRole('button', { name: 'Copy the id of Clip 1' }))
      expect(await screen.findByText('Copied the id media-1.')).toBeInTheDocument()
      await act(async () => {
        vi.advanceTimersByTime(6500)
        await Promise.resolve()
      })
      expect(screen.queryByText('Copied the id media-1.')).not.toBeInTheDocument()
    } finally {
      vi.useRealTimers()
    }
  })

  test('after a navigation the new page heading has focus (opening media, going back, the sidebar)', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Library' }))
    await user.click(await screen.findByRole('button', { name: 'Clip 1' }))
    await waitFor(() => expect(document.activeElement?.tagName).toBe('H1'))
    await screen.findByRole('heading', { level: 1, name: 'Clip 1' })
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Clip 1' }))
    await user.clear(screen.getByLabelText('Title', { exact: true }))
    await user.type(screen.getByLabelText('Title', { exact: true }), 'Harbour at dawn')
    await user.click(screen.getByRole('button', { name: 'Save details' }))
    await screen.findByRole('heading', { level: 1, name: 'Harbour at dawn' })
    await user.click(screen.getByRole('button', { name: 'Back to the library' }))
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Library' }))
    // The list shows the edit at once.
    expect(await screen.findByRole('button', { name: 'Harbour at dawn' })).toBeInTheDocument()
  })
})
