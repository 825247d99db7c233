import { screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { asUploadId } from '../../common/domain/ids.ts'
import type { UnusedUpload } from '../../common/domain/media.ts'
import { renderApp } from './render-app.tsx'

const upload = (
  id: string,
  origin: UnusedUpload['origin'],
  patch: Partial<UnusedUpload> = {},
): UnusedUpload => ({
  uploadId: asUploadId(id),
  origin,
  createdAt: '2026-01-01T00:00:00Z',
  ageSeconds: 7200,
  expiresInSeconds: origin === 'expired' ? -5 : 3600,
  accessPolicy: 'public',
  metadata: {},
  jobId: null,
  path: null,
  ...patch,
})

describe('Unused uploads view', () => {
  test('shows origin in words, age and expiry; resumes a known file from this machine', async () => {
    const { api, user } = await renderApp()
    api.state.unused = [
      upload('u1', 'resumable-here', { jobId: 'job-7', path: '/footage/a.mov' }),
      upload('u2-0123456789', 'orphaned', { metadata: { spoolFolder: 'Shoot-01/day 2' } }),
      upload('u3-abcdefghij', 'expired'),
      upload('u4', 'orphaned', { ageSeconds: 0 }),
    ]
    await user.click(screen.getByRole('button', { name: 'Unused uploads' }))
    expect(await screen.findByText('/footage/a.mov')).toBeInTheDocument()
    expect(screen.getByText('Can resume here')).toBeInTheDocument()
    expect(screen.getAllByText('Not in this queue')).toHaveLength(2)
    expect(screen.queryByText(/Orphaned|\?/)).not.toBeInTheDocument()
    expect(screen.getByText('Expired')).toBeInTheDocument()
    expect(screen.getAllByText('2 h ago')).toHaveLength(3)
    // A session a moment old is "just now", not "0 s".
    expect(screen.getByText('just now')).toBeInTheDocument()
    expect(screen.queryByText('0 s')).not.toBeInTheDocument()
    expect(screen.getByText('expired')).toBeInTheDocument()
    // Without a local file, a human label (the folder it came from, or a short id) over the full id.
    expect(screen.getByText('A file from Shoot-01/day 2')).toBeInTheDocument()
    expect(screen.getByText('Upload u3-abcde')).toBeInTheDocument()
    expect(screen.getByText('u3-abcdefghij')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Resume /footage/a.mov from this machine' }))
    expect(api.calls.find((c) => c.method === 'uploads.resume')?.args).toEqual([['job-7']])
  })

  test('bulk cancel after confirmation', async () => {
    const { api, user } = await renderApp()
    api.state.unused = [upload('u1', 'orphaned'), upload('u2', 'expired')]
    await user.click(screen.getByRole('button', { name: 'Unused uploads' }))
    const all = await screen.findByRole('checkbox', { name: 'Select all unused uploads' })
    // Nothing selected, nothing to cancel: no red button waiting for a selection.
    expect(screen.queryByRole('button', { name: /^Cancel .*selected…$/ })).not.toBeInTheDocument()
    await user.click(all)
    await user.click(screen.getByRole('button', { name: 'Cancel 2 selected…' }))
    await user.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Cancel 2 uploads' }),
    )
    expect(api.calls.find((c) => c.method === 'unused.cancel')?.args).toEqual([['u1', 'u2']])
    expect(await screen.findByRole('heading', { name: 'No abandoned uploads' })).toBeInTheDocument()
  })
})
