import { screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { asAccountName } from '../../common/domain/ids.ts'
import { renderApp } from './render-app.tsx'

describe('Accounts and settings', () => {
  test('the built-in sandbox is in use on first run and cannot be removed', async () => {
    const { user } = await renderApp()
    await user.click(screen.getByRole('button', { name: 'Accounts & settings' }))
    const region = screen.getByRole('region', { name: 'Accounts' })
    const item = within(region).getByText('sandbox', { selector: '.name' }).closest('li')!
    expect(item).toHaveTextContent('In use')
    expect(within(item).queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument()
    expect(screen.getByTestId('current-account')).toHaveTextContent('sandbox')
  })

  test('the add-account form sends the user to the FastPix dashboard by name, never by URL', async () => {
    const { api, user } = await renderApp()
    await user.click(screen.getByRole('button', { name: 'Accounts & settings' }))
    await user.click(screen.getByRole('button', { name: 'Open the FastPix dashboard' }))
    expect(api.calls.find((c) => c.method === 'app.openLink')?.args).toEqual(['fastpix-dashboard'])
  })

  test('a wrong secret gives a clear error; the right one adds the account and clears the secret field', async () => {
    const { api, user } = await renderApp()
    await user.click(screen.getByRole('button', { name: 'Accounts & settings' }))
    await user.type(screen.getByLabelText('Account name'), 'studio')
    await user.type(screen.getByLabelText('Access Token ID'), 'tok-1234')
    await user.type(screen.getByLabelText('Secret Key'), 'wrong')
    api.failNext('accounts.add', {
      code: 'auth/invalid-credentials',
      message: 'FastPix did not accept this Access Token ID and Secret Key.',
      status: 401,
    })
    await user.click(screen.getByRole('button', { name: 'Verify and add' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'FastPix did not accept this Access Token ID and Secret Key.',
    )
    expect(screen.getByLabelText('Secret Key')).toHaveValue('')

    await user.type(screen.getByLabelText('Secret Key'), 'right-secret')
    await user.click(screen.getByRole('button', { name: 'Verify and add' }))
    expect(await screen.findByText('Account “studio” verified and saved.')).toBeInTheDocument()
    expect(api.calls.filter((c) => c.method === 'accounts.add').at(-1)?.args[0]).toEqual({
      name: 'studio',
      apiUrl: 'https://api.fastpix.com/v1',
      tokenId: 'tok-1234',
      secretKey: 'right-secret',
    })
    expect(screen.getByText(/token …1234/)).toBeInTheDocument()
  })

  test('switch, test and remove (confirmed) an account', async () => {
    const { api, user } = await renderApp()
    api.state.accounts = [
      ...api.state.accounts,
      {
        name: asAccountName('studio'),
        kind: 'fastpix',
        apiUrl: 'https://api.fastpix.com/v1',
        streamUrl: 'https://stream.fastpix.com',
        builtIn: false,
        selected: false,
        tokenIdHint: '1234',
      },
    ]
    await user.click(screen.getByRole('button', { name: 'Accounts & settings' }))
    await user.click(await screen.findByRole('button', { name: 'Use studio' }))
    expect(await screen.findByText('Now using “studio”.')).toBeInTheDocument()
    expect(screen.getByTestId('current-account')).toHaveTextContent('studio')
    await user.click(screen.getByRole('button', { name: 'Test studio' }))
    expect(api.count('accounts.test')).toBe(1)
    await user.click(screen.getByRole('button', { name: 'Remove studio' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove account' }))
    expect(api.calls.find((c) => c.method === 'accounts.remove')?.args).toEqual(['studio'])
  })

  test('settings: concurrency, chunk size, bandwidth cap, default access policy', async () => {
    const { api, user } = await renderApp()
    await user.click(screen.getByRole('button', { name: 'Accounts & settings' }))
    const concurrency = await screen.findByLabelText('Files in parallel')
    await user.clear(concurrency)
    await user.type(concurrency, '5')
    const chunk = screen.getByLabelText(/Chunk size/)
    expect(chunk).toHaveValue(null) // automatic by default
    await user.type(chunk, '32')
    await user.type(screen.getByLabelText(/Bandwidth cap/), '2.5')
    await user.selectOptions(screen.getByLabelText('Default access policy'), 'private')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(api.calls.find((c) => c.method === 'settings.update')?.args[0]).toEqual({
      concurrency: 5,
      chunkSizeMiB: 32,
      bandwidthCap: 2.5 * 1024 * 1024, // MiB/s, the unit of chunk sizes too
      defaultUpload: { accessPolicy: 'private', metadata: {} },
    })
    // The saved cap reads back as typed (0.1 MiB/s is not rounded to "0"), and 0 means no cap: empty.
    const cap = screen.getByLabelText('Bandwidth cap (MiB/s, empty for none)')
    expect(cap).toHaveValue(2.5)
    await user.clear(cap)
    await user.type(cap, '0.1')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(screen.getByLabelText(/Bandwidth cap/)).toHaveValue(0.1)
    // Under main's floor (64 KiB/s) the form says so itself instead of sending what main refuses.
    await user.clear(screen.getByLabelText(/Bandwidth cap/))
    await user.type(screen.getByLabelText(/Bandwidth cap/), '0.05')
    const before = api.count('settings.update')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(screen.getByRole('alert')).toHaveTextContent('The smallest bandwidth cap is 0.0625 MiB/s')
    expect(api.count('settings.update')).toBe(before)
    await user.clear(screen.getByLabelText(/Bandwidth cap/))
    await user.type(screen.getByLabelText(/Bandwidth cap/), '0')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(api.calls.filter((c) => c.method === 'settings.update').at(-1)?.args[0]).toMatchObject({
      bandwidthCap: null,
    })
    expect(screen.getByLabelText(/Bandwidth cap/)).toHaveValue(null)
    await user.clear(screen.getByLabelText(/Chunk size/)) // empty = back to automatic sizing
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    const updates = api.calls.filter((c) => c.method === 'settings.update')
    expect(updates).toHaveLength(4)
    expect(updates[3]?.args[0]).toMatchObject({ chunkSizeMiB: null })
  })
})
