import { screen } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { useSpool } from '../../renderer/store/index.ts'
import { emit, renderApp } from './render-app.tsx'

describe('the main-events bridge', () => {
  test('menu commands navigate and act', async () => {
    const { api } = await renderApp()
    await emit(api, 'app:command', 'show-library')
    expect(screen.getByRole('heading', { name: 'Library', level: 1 })).toBeInTheDocument()
    await emit(api, 'app:command', 'focus-search')
    expect(screen.getByRole('searchbox')).toHaveFocus()
    await emit(api, 'app:command', 'add-folder')
    expect(useSpool.getState().app.view).toBe('uploads')
    expect(api.count('uploads.pickAndEnqueue')).toBe(1)
    await emit(api, 'app:command', 'pause-all')
    expect(api.calls.find((c) => c.method === 'uploads.pause')?.args).toEqual(['all'])
  })

  test('unsubscribes everything on stop', async () => {
    const { api, stop } = await renderApp()
    stop()
    await emit(api, 'app:network', { online: false })
    expect(useSpool.getState().app.online).toBe(true)
  })

  test('accounts and settings events replace the projections', async () => {
    const { api } = await renderApp()
    await emit(api, 'settings:changed', { ...api.state.settings, concurrency: 7 })
    expect(useSpool.getState().settings?.concurrency).toBe(7)
    await emit(api, 'accounts:changed', [])
    expect(screen.getByTestId('current-account')).toHaveTextContent('No account')
  })
})
