import { screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import { fakeJob, type FakeApi } from '../fakes/fake-api.ts'
import { renderApp } from './render-app.tsx'

// Issue 13 §1: a job that failed because its file is gone (a card mounted at another path) offers "Find…":
// main asks for the folder the files are in now and continues their uploads from there.

test('a file that went missing offers Find…, which asks main to look for the moved files', async () => {
  const api = window.spool as FakeApi
  api.state.jobs = [
    fakeJob(1, {
      state: 'failed',
      error: { code: 'upload/source-missing', message: 'The file no longer exists.' },
    }),
    fakeJob(2, { state: 'failed', error: { code: 'api/server', message: 'The server had an error.' } }),
  ]
  const { user } = await renderApp()
  const find = await screen.findByRole('button', { name: 'Find clip-1.mp4 in another folder' })
  expect(screen.queryByRole('button', { name: 'Find clip-2.mp4 in another folder' })).toBeNull()
  await user.click(find)
  expect(api.count('uploads.pickAndRelocate')).toBe(1)
  expect(await screen.findByText(/None of the missing files is in that folder/)).toBeInTheDocument()
})
