import { screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { fakeMedia, fakePeerTubeAccount, type FakeApi } from '../fakes/fake-api.ts'
import { emit, renderApp } from './render-app.tsx'

/** Makes a PeerTube account the one in use, as main would announce it. */
async function usePeerTube(api: FakeApi): Promise<void> {
  api.state.accounts = api.state.accounts.map((a) => ({ ...a, selected: false }))
  api.state.accounts.push(fakePeerTubeAccount('tube', { selected: true }))
  await emit(api, 'accounts:changed', api.state.accounts)
}

describe('Bulk privacy from the library selection (issue 16 point 3)', () => {
  test('PeerTube: the chosen privacy goes to every selected video, and the notice counts them', async () => {
    const { api, user } = await renderApp()
    await usePeerTube(api)
    api.state.media = [fakeMedia(1), fakeMedia(2), fakeMedia(3)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await user.click(await screen.findByRole('checkbox', { name: 'Select Clip 1' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select Clip 2' }))
    const bar = screen.getByRole('toolbar', { name: 'Selected media' })
    const privacy = within(bar).getByLabelText('Privacy')
    expect(
      within(privacy)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Public', 'Unlisted', 'Private', 'Internal'])
    // PeerTube has none of FastPix's switches: only privacy and delete are offered.
    expect(within(bar).queryByLabelText('MP4 downloads')).not.toBeInTheDocument()
    await user.selectOptions(privacy, 'unlisted')
    await user.click(within(bar).getByRole('button', { name: 'Apply' }))
    expect(await screen.findByText('Privacy unlisted: 2 changed.')).toBeInTheDocument()
    expect(
      api.calls
        .filter((c) => c.method === 'library.setPrivacy')
        .map((c) => c.args)
        .sort(),
    ).toEqual([
      ['media-1', 'unlisted'],
      ['media-2', 'unlisted'],
    ])
  })

  test('a video main could not change is counted apart, with main’s reason', async () => {
    const { api, user } = await renderApp()
    await usePeerTube(api)
    api.state.media = [fakeMedia(1), fakeMedia(2)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await user.click(await screen.findByRole('checkbox', { name: 'Select Clip 1' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select Clip 2' }))
    api.failNext('library.setPrivacy', { code: 'auth/forbidden', message: 'This video is not yours.' })
    const bar = screen.getByRole('toolbar', { name: 'Selected media' })
    await user.selectOptions(within(bar).getByLabelText('Privacy'), 'private')
    await user.click(within(bar).getByRole('button', { name: 'Apply' }))
    expect(await screen.findByText('Privacy private: 1 changed, 1 could not be changed.')).toBeInTheDocument()
    expect(screen.getByText('This video is not yours.')).toBeInTheDocument()
  })

  test('FastPix: no privacy choice that would fail, but the bar says where access is decided', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await user.click(await screen.findByRole('checkbox', { name: 'Select Clip 1' }))
    const bar = screen.getByRole('toolbar', { name: 'Selected media' })
    expect(within(bar).queryByLabelText('Privacy')).not.toBeInTheDocument()
    expect(bar).toHaveTextContent(/Access is set at upload on FastPix/)
    expect(within(bar).getByLabelText('MP4 downloads')).toBeInTheDocument()
  })
})
