import { screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import { renderApp } from './render-app.tsx'

// Issue 13 §2: the batch settings' checkbox sends the next files even when their content is already at the
// destination; unticked, main reports them as duplicates instead.

test('"Upload files already at the destination again" goes with the next Add…, and shows in the summary', async () => {
  const { api, user } = await renderApp()
  api.state.picked = ['/footage/day1']
  await user.click(screen.getByText(/Settings for new files/))
  const box = screen.getByRole('checkbox', { name: /Upload files already at the destination again/ })
  expect(box).not.toBeChecked()
  await user.click(box)
  expect(screen.getByText(/duplicates uploaded again/)).toBeInTheDocument()
  await user.click(screen.getByRole('button', { name: 'Add folder…' }))
  expect(api.calls.find((c) => c.method === 'uploads.pickAndEnqueue')?.args).toEqual([
    'folder',
    { accessPolicy: 'public', metadata: {} },
    true,
  ])
})
