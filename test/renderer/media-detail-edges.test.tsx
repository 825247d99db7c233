import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { fakeMedia } from '../fakes/fake-api.ts'
import { renderApp } from './render-app.tsx'

async function open(patch: Parameters<typeof fakeMedia>[1]) {
  const ctx = await renderApp()
  ctx.api.state.media = [fakeMedia(1, patch)]
  await ctx.user.click(screen.getByRole('button', { name: 'Library' }))
  await ctx.user.click(await screen.findByRole('button', { name: 'Clip 1' }))
  await screen.findByRole('heading', { level: 1, name: 'Clip 1' })
  return ctx
}

describe('Media detail rough edges (issue 16 point 4)', () => {
  test('the preview shows the thumbnail as its poster and says so in words when the stream fails', async () => {
    await open({ thumbnailUrl: 'http://127.0.0.1:9/stream/play-1/thumbnail.png' })
    const video = screen.getByLabelText('Preview of Clip 1')
    expect(video).toHaveAttribute('poster', 'http://127.0.0.1:9/stream/play-1/thumbnail.png')
    expect(screen.queryByText(/could not be loaded/)).not.toBeInTheDocument()
    fireEvent.error(video)
    expect(await screen.findByText(/The preview could not be loaded/)).toBeInTheDocument()
  })

  test('an empty track list says why: not found in a Ready media, not processed yet otherwise', async () => {
    await open({ tracks: [] })
    expect(
      screen.getByText('No audio, video or subtitle tracks were found in this media.'),
    ).toBeInTheDocument()
    expect(screen.queryByText('No tracks yet.')).not.toBeInTheDocument()
  })

  test('a media still processing says its tracks come later', async () => {
    await open({ tracks: [], status: 'Processing', rawStatus: 'Processing' })
    expect(screen.getByText('Tracks are listed once the media is processed.')).toBeInTheDocument()
  })
})
