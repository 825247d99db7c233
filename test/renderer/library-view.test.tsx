import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { fakeMedia } from '../fakes/fake-api.ts'
import { renderApp } from './render-app.tsx'

describe('Library view', () => {
  test('lists media with title, status in words, duration; search and status filter query main', async () => {
    const { api, user } = await renderApp()
    api.state.media = [
      fakeMedia(1),
      fakeMedia(2, { title: 'Harbour at dawn', status: 'Processing', rawStatus: 'Processing' }),
    ]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    expect(await screen.findByRole('button', { name: 'Harbour at dawn' })).toBeInTheDocument()
    expect(screen.getByText('Processing', { selector: '.badge' })).toBeInTheDocument()
    expect(screen.getByText('1:01')).toBeInTheDocument()
    expect(api.count('library.refresh')).toBe(1)

    await user.type(screen.getByRole('searchbox', { name: 'Search titles and metadata' }), 'harbour')
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Clip 1' })).not.toBeInTheDocument())
    expect(
      api.calls.some(
        (c) => c.method === 'library.query' && (c.args[0] as { search?: string }).search === 'harbour',
      ),
    ).toBe(true)

    await user.clear(screen.getByRole('searchbox'))
    await user.selectOptions(screen.getByLabelText('Status'), 'Ready')
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Harbour at dawn' })).not.toBeInTheDocument(),
    )
    expect(await screen.findByRole('button', { name: 'Clip 1' })).toBeInTheDocument()
  })

  test('the list says when its data is from (issue 14 §3)', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1)]
    api.state.libraryRefreshedAt = '2024-02-03T04:05:00.000Z'
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await screen.findByRole('button', { name: 'Clip 1' })
    const age = document.querySelector('.data-age')
    const time = new Date('2024-02-03T04:05:00.000Z').toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit',
    })
    expect(age?.textContent).toContain(
      `as of ${new Date('2024-02-03T04:05:00.000Z').toLocaleDateString()} ${time}`,
    )
    api.state.libraryRefreshedAt = null
    await user.click(screen.getByRole('button', { name: 'Refresh' }))
    await waitFor(() =>
      expect(document.querySelector('.data-age')?.textContent).toContain(
        'not loaded from the destination yet',
      ),
    )
  })

  test('empty library and failed loads have their own states', async () => {
    const { api, user } = await renderApp()
    await user.click(screen.getByRole('button', { name: 'Library' }))
    expect(await screen.findByRole('heading', { name: 'No media yet' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Go to Uploads' })).toBeInTheDocument()
    api.failNext('library.refresh', { code: 'network/offline', message: 'You are offline.' })
    await user.click(screen.getByRole('button', { name: 'Refresh' }))
    expect(
      await screen.findByRole('heading', { name: 'The library could not be loaded' }),
    ).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('heading', { name: 'No media yet' })).toBeInTheDocument()
  })

  test('multi-select then a confirmed bulk delete', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1), fakeMedia(2), fakeMedia(3)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await user.click(await screen.findByRole('checkbox', { name: 'Select Clip 1' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select Clip 3' }))
    await user.click(screen.getByRole('button', { name: 'Delete selected…' }))
    const dialog = screen.getByRole('alertdialog')
    expect(dialog).toHaveTextContent('Delete 2 media from FastPix?')
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2' }))
    expect(api.calls.find((c) => c.method === 'library.delete')?.args).toEqual([['media-1', 'media-3']])
    expect(await screen.findByText('2 deleted.')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Clip 1' })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Clip 2' })).toBeInTheDocument()
  })

  test('select all, then Escape cancels the delete', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1), fakeMedia(2)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await user.click(await screen.findByRole('checkbox', { name: 'Select all shown' }))
    expect(screen.getByText('2 selected')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Delete selected…' }))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(api.count('library.delete')).toBe(0)
  })
})
