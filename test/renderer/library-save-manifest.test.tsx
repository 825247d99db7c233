import { screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { fakeMedia } from '../fakes/fake-api.ts'
import { renderApp } from './render-app.tsx'

describe('Selected media saved as a manifest (issue 16 point 3)', () => {
  test('the selection goes to main, which asks where to save; the notice says what was written', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1), fakeMedia(2), fakeMedia(3)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await user.click(await screen.findByRole('checkbox', { name: 'Select Clip 1' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select Clip 3' }))
    const bar = screen.getByRole('toolbar', { name: 'Selected media' })
    await user.click(within(bar).getByRole('button', { name: 'Save as manifest…' }))
    expect(await screen.findByText('Saved library.csv (2 rows).')).toBeInTheDocument()
    expect(api.calls.find((c) => c.method === 'library.exportManifest')?.args[0]).toEqual([
      'media-1',
      'media-3',
    ])
  })

  test('media not uploaded from this computer are counted in the notice', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1), fakeMedia(2)]
    // Main's answer when one of the two was uploaded from elsewhere (its path cell left empty).
    Object.assign(api.library, {
      exportManifest: () =>
        Promise.resolve({ ok: true, value: { name: 'library.csv', rows: 2, withoutFile: 1 } }),
    })
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await user.click(await screen.findByRole('checkbox', { name: 'Select Clip 1' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select Clip 2' }))
    await user.click(screen.getByRole('button', { name: 'Save as manifest…' }))
    expect(
      await screen.findByText(
        'Saved library.csv (2 rows). 1 of them was not uploaded from this computer: its path cell is empty.',
      ),
    ).toBeInTheDocument()
  })

  test('a cancelled dialog says nothing; main’s refusal is shown', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1), fakeMedia(2)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await user.click(await screen.findByRole('checkbox', { name: 'Select Clip 1' }))
    const bar = screen.getByRole('toolbar', { name: 'Selected media' })
    api.state.picked = null
    await user.click(within(bar).getByRole('button', { name: 'Save as manifest…' }))
    expect(api.count('library.exportManifest')).toBe(1)
    expect(screen.queryByText(/Saved/)).not.toBeInTheDocument()
    api.failNext('library.exportManifest', {
      code: 'api/not-found',
      message: 'Media media-1 is not in this library.',
    })
    await user.click(within(bar).getByRole('button', { name: 'Save as manifest…' }))
    expect(await screen.findByText('Media media-1 is not in this library.')).toBeInTheDocument()
  })
})
