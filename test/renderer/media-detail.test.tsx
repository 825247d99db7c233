import { screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { asTrackId } from '../../common/domain/ids.ts'
import { fakeMedia } from '../fakes/fake-api.ts'
import { renderApp } from './render-app.tsx'

async function openClip() {
  const ctx = await renderApp()
  ctx.api.state.media = [
    fakeMedia(1, {
      metadata: { project: 'Harbour', spool: 'c=3f2c7b1e-8a4d-4c2b-9e6f-1a2b3c4d5e6f&f=Shoot-01%2Fday%202' },
      tracks: [
        {
          id: asTrackId('v1'),
          type: 'video',
          rawType: 'video',
          status: 'ready',
          rawStatus: 'available',
          width: 1920,
          height: 1080,
        },
        {
          id: asTrackId('a1'),
          type: 'audio',
          rawType: 'audio',
          status: 'ready',
          rawStatus: 'available',
          languageCode: 'en',
          languageName: 'English',
        },
        {
          id: asTrackId('x1'),
          type: 'unknown',
          rawType: 'hologram',
          status: 'unknown',
          rawStatus: 'beaming',
        },
      ],
    }),
  ]
  await ctx.user.click(screen.getByRole('button', { name: 'Library' }))
  await ctx.user.click(await screen.findByRole('button', { name: 'Clip 1' }))
  await screen.findByRole('heading', { name: 'Clip 1', level: 1 })
  return ctx
}

describe('Media detail', () => {
  test('shows status, playback ids and tracks', async () => {
    await openClip()
    expect(screen.getByText('play-1 (public)')).toBeInTheDocument()
    expect(screen.getByText('1920×1080')).toBeInTheDocument()
    // A track kind FastPix adds later is shown with its own word, not dropped.
    expect(screen.getByText('unknown (hologram)')).toBeInTheDocument()
    expect(
      screen.getByRole('button', { name: /Generate subtitles from audio track English/ }),
    ).toBeInTheDocument()
  })

  test('title and the whole metadata map are saved together', async () => {
    const { api, user } = await openClip()
    const title = screen.getByLabelText('Title')
    await user.clear(title)
    await user.type(title, 'Harbour, final cut')
    await user.click(screen.getByRole('button', { name: 'Add key' }))
    await user.type(screen.getByLabelText('Metadata key 2'), 'client')
    await user.type(screen.getByLabelText('Metadata value 2'), 'Port Authority')
    await user.click(screen.getByRole('button', { name: 'Save details' }))
    expect(api.calls.find((c) => c.method === 'library.update')?.args).toEqual([
      'media-1',
      { title: 'Harbour, final cut', metadata: { project: 'Harbour', client: 'Port Authority' } },
    ])
    expect(await screen.findByRole('heading', { name: 'Harbour, final cut', level: 1 })).toBeInTheDocument()
  })

  test("FastPix's limits: 9 keys of the user's (Spool keeps one), 255 characters, no duplicate keys", async () => {
    const { api, user } = await openClip()
    const add = screen.getByRole('button', { name: 'Add key' })
    for (let i = 0; i < 8; i++) await user.click(add)
    expect(add).toBeDisabled()
    expect(screen.getByLabelText('Metadata value 1')).toHaveAttribute('maxLength', '255')
    await user.type(screen.getByLabelText('Metadata key 2'), 'project')
    await user.click(screen.getByRole('button', { name: 'Save details' }))
    expect(screen.getByRole('alert')).toHaveTextContent('The key “project” appears twice.')
    expect(api.count('library.update')).toBe(0)
  })

  test("Spool's own metadata is shown read-only and never sent as the user's (issue 14 §5)", async () => {
    const { api, user } = await openClip()
    const own = document.querySelector<HTMLElement>('.spool-metadata')!
    expect(own).toHaveAccessibleName('Recorded by Spool')
    expect(within(own).getByText('Shoot-01/day 2')).toBeInTheDocument()
    expect(screen.queryByDisplayValue(/^c=/)).not.toBeInTheDocument()
    expect(screen.queryByDisplayValue('spool')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Save details' }))
    const sent = api.calls.find((c) => c.method === 'library.update')?.args[1] as {
      metadata: Record<string, string>
    }
    expect(sent.metadata).toEqual({ project: 'Harbour' })
  })

  test('add, edit and delete tracks; generate subtitles', async () => {
    const { api, user } = await openClip()
    const form = screen.getByRole('form', { name: 'Add a track' })
    await user.type(within(form).getByLabelText('Track URL'), 'https://example.com/fr.vtt')
    await user.type(within(form).getByLabelText('Language code'), 'fr')
    await user.type(within(form).getByLabelText('Language name'), 'French')
    await user.click(within(form).getByRole('button', { name: 'Add track' }))
    expect(api.calls.find((c) => c.method === 'tracks.add')?.args).toEqual([
      'media-1',
      { type: 'subtitle', url: 'https://example.com/fr.vtt', languageCode: 'fr', languageName: 'French' },
    ])
    expect(await screen.findByRole('button', { name: 'Delete subtitle track French' })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Generate subtitles from audio track English' }))
    const gen = screen.getByRole('form', { name: 'Generate subtitles' })
    expect(within(gen).getByLabelText('Spoken language (locale)')).toHaveValue('en-US')
    await user.click(within(gen).getByRole('button', { name: 'Generate' }))
    expect(api.calls.find((c) => c.method === 'tracks.generateSubtitles')?.args).toEqual([
      'media-1',
      'a1',
      'en-US',
      'English',
    ])

    await user.click(screen.getByRole('button', { name: 'Edit audio track English' }))
    const name = screen.getAllByLabelText('Language name')[0]!
    await user.clear(name)
    await user.type(name, 'British English')
    await user.click(screen.getByRole('button', { name: 'Save track' }))
    expect(api.calls.find((c) => c.method === 'tracks.update')?.args).toEqual([
      'media-1',
      'a1',
      { languageCode: 'en', languageName: 'British English' },
    ])

    await user.click(await screen.findByRole('button', { name: 'Delete subtitle track French' }))
    expect(api.count('tracks.delete')).toBe(1)
  })

  test('summary, MP4 support, source access, input info and clips', async () => {
    const { api, user } = await openClip()
    await user.click(screen.getByRole('button', { name: 'Generate summary' }))
    expect(api.count('library.generateSummary')).toBe(1)
    expect(await screen.findByText('No summary has been generated.')).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('MP4 downloads'), 'capped_4k')
    expect(api.calls.find((c) => c.method === 'library.setMp4Support')?.args).toEqual([
      'media-1',
      'capped_4k',
    ])
    await user.click(screen.getByRole('checkbox', { name: /source access/ }))
    expect(api.calls.find((c) => c.method === 'library.setSourceAccess')?.args).toEqual(['media-1', true])
    await user.click(screen.getByRole('button', { name: 'Show input info' }))
    expect(await screen.findByText('mp4')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Show clips' }))
    expect(await screen.findByText('No clips.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Back to the library' }))
    expect(screen.getByRole('heading', { name: 'Library', level: 1 })).toBeInTheDocument()
  })

  test('a failing save is shown as an alert with the server message', async () => {
    const { api, user } = await openClip()
    api.failNext('library.update', {
      code: 'api/validation',
      message: 'FastPix rejected the metadata.',
      detail: 'metadata: too long',
    })
    await user.click(screen.getByRole('button', { name: 'Save details' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('FastPix rejected the metadata.')
    expect(alert).toHaveTextContent('metadata: too long')
  })
})
