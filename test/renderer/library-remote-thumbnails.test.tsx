import { screen } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { asMediaId } from '../../common/domain/ids.ts'
import { fakeMedia, fakePeerTubeAccount, type FakeApi } from '../fakes/fake-api.ts'
import { emit, renderApp } from './render-app.tsx'

const ID = asMediaId('0d4e8b2a-5c1f-4e7a-9b3c-000000000001')
const REMOTE = 'https://video.example.org/lazy-static/thumbnails/a.jpg'

async function usePeerTube(api: FakeApi): Promise<void> {
  api.state.accounts = api.state.accounts.map((a) => ({ ...a, selected: false }))
  api.state.accounts.push(fakePeerTubeAccount('tube', { selected: true }))
  await emit(api, 'accounts:changed', api.state.accounts)
}

const rowImage = async (title: string): Promise<HTMLImageElement | null> =>
  (await screen.findByRole('button', { name: title })).closest('[role="row"]')!.querySelector('img')

describe("A self-hosted PeerTube's thumbnails come through main (issue 16 point 2)", () => {
  test('the library row asks main by account and media id, never the remote URL', async () => {
    const { api, user } = await renderApp()
    await usePeerTube(api)
    api.state.media = [fakeMedia(1, { id: ID, thumbnailUrl: REMOTE })]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    expect((await rowImage('Clip 1'))?.getAttribute('src')).toBe(`/remote-thumb/tube/${ID}`)
    expect(document.body.innerHTML).not.toContain('video.example.org/lazy-static')
  })

  test('the video page shows the same picture; a video without a thumbnail asks for nothing', async () => {
    const { api, user } = await renderApp()
    await usePeerTube(api)
    api.state.media = [fakeMedia(1, { id: ID, thumbnailUrl: REMOTE }), fakeMedia(2, { thumbnailUrl: null })]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    expect(await rowImage('Clip 2')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Clip 1' }))
    await screen.findByRole('heading', { level: 1, name: 'Clip 1' })
    expect(document.querySelector('.poster img')?.getAttribute('src')).toBe(`/remote-thumb/tube/${ID}`)
  })

  test('FastPix thumbnails keep their own image host (the window allows it)', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1, { thumbnailUrl: 'https://images.fastpix.com/p/thumbnail.png' })]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    expect((await rowImage('Clip 1'))?.getAttribute('src')).toBe('https://images.fastpix.com/p/thumbnail.png')
  })
})
