import { screen } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import type { FakeApi } from '../fakes/fake-api.ts'
import { renderApp } from './render-app.tsx'

describe('the account in the sidebar', () => {
  test('names the selected account once the list is in, and never shows a dash', async () => {
    await renderApp()
    expect(
      await screen.findByText('sandbox', { selector: '[data-testid="current-account"]' }),
    ).toBeInTheDocument()
    expect(screen.getByTestId('current-account')).not.toHaveTextContent('—')
  })

  test('says there is no account when there is none', async () => {
    ;(window.spool as FakeApi).state.accounts = []
    await renderApp()
    expect(
      await screen.findByText('No account', { selector: '[data-testid="current-account"]' }),
    ).toBeInTheDocument()
  })
})
