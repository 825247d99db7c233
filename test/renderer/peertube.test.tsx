import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { asAccountName, asTrackId } from '../../common/domain/ids.ts'
import type { AccountSummary } from '../../common/domain/account.ts'
import { useSpool } from '../../renderer/store/index.ts'
import { fakeMedia, fakePeerTubeAccount, type FakeApi } from '../fakes/fake-api.ts'
import { emit, renderApp } from './render-app.tsx'

const STUDIO: AccountSummary = {
  name: asAccountName('studio'),
  kind: 'fastpix',
  apiUrl: 'https://api.fastpix.com/v1',
  streamUrl: 'https://stream.fastpix.com',
  builtIn: false,
  selected: false,
  tokenIdHint: '1234',
}

/** Seeds a PeerTube account, in use, with two channels, and tells the UI as main would. */
async function usePeerTube(api: FakeApi): Promise<void> {
  api.state.accounts = api.state.accounts.map((a) => ({ ...a, selected: false }))
  api.state.accounts.push(fakePeerTubeAccount('tube', { selected: true }))
  api.state.channels.tube = [
    { name: 'ana_channel', displayName: 'Main channel of ana' },
    { name: 'harbour', displayName: 'Harbour films' },
  ]
  await emit(api, 'accounts:changed', api.state.accounts)
}

const accountsView = async (user: Awaited<ReturnType<typeof renderApp>>['user']) =>
  user.click(screen.getByRole('button', { name: 'Accounts & settings' }))

/** Nothing the store holds may contain the password (it lives in the form's own state only). */
const storeHolds = (secret: string): boolean => JSON.stringify(useSpool.getState()).includes(secret)

describe('PeerTube accounts', () => {
  test('the provider choice switches between the FastPix and the PeerTube form, by keyboard too', async () => {
    const { user } = await renderApp()
    await accountsView(user)
    const fastpix = screen.getByRole('radio', { name: 'FastPix' })
    expect(fastpix).toBeChecked()
    expect(screen.getByRole('form', { name: 'Add a FastPix account' })).toBeInTheDocument()
    fastpix.focus()
    await user.keyboard('{ArrowRight}')
    expect(screen.getByRole('radio', { name: 'PeerTube' })).toBeChecked()
    const form = screen.getByRole('form', { name: 'Add a PeerTube account' })
    expect(within(form).getByLabelText('Instance URL')).toBeInTheDocument()
    expect(within(form).getByLabelText('Username')).toBeInTheDocument()
    expect(within(form).getByLabelText('Password')).toHaveAttribute('type', 'password')
    expect(within(form).queryByLabelText('One-time code')).not.toBeInTheDocument()
  })

  test('sign-in with two-factor: the one-time code field appears focused, the same sign-in goes again with it', async () => {
    const { api, user } = await renderApp()
    api.state.otp = '246810'
    await accountsView(user)
    await user.click(screen.getByRole('radio', { name: 'PeerTube' }))
    const form = screen.getByRole('form', { name: 'Add a PeerTube account' })
    await user.type(within(form).getByLabelText('Account name'), 'tube')
    const url = within(form).getByLabelText('Instance URL')
    await user.clear(url)
    await user.type(url, 'https://video.example.org')
    await user.type(within(form).getByLabelText('Username'), 'ana')
    await user.type(within(form).getByLabelText('Password'), 'correct horse')
    await user.click(within(form).getByRole('button', { name: 'Sign in and add' }))

    const code = await within(form).findByLabelText('One-time code')
    expect(code).toHaveFocus()
    expect(api.calls.filter((c) => c.method === 'accounts.addPeerTube').at(-1)?.args[0]).toEqual({
      name: 'tube',
      instanceUrl: 'https://video.example.org',
      username: 'ana',
      password: 'correct horse',
    })
    expect(storeHolds('correct horse')).toBe(false)
    expect(within(form).queryByRole('alert')).not.toBeInTheDocument()

    // A wrong code: a clear error, the code field stays for another try.
    await user.type(code, '111111')
    await user.click(within(form).getByRole('button', { name: 'Verify code and add' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('The one-time code is wrong or expired.')
    expect(within(form).getByLabelText('Password')).toHaveValue('')

    // Starting over: the password is typed again, then the right code.
    await user.type(within(form).getByLabelText('Password'), 'correct horse')
    await user.click(within(form).getByRole('button', { name: 'Sign in and add' }))
    await user.type(await within(form).findByLabelText('One-time code'), '246810')
    await user.click(within(form).getByRole('button', { name: 'Verify code and add' }))
    expect(await screen.findByText('Signed in to https://video.example.org as ana.')).toBeInTheDocument()
    expect(api.calls.filter((c) => c.method === 'accounts.addPeerTube').at(-1)?.args[0]).toMatchObject({
      password: 'correct horse',
      otp: '246810',
    })
    expect(within(form).getByLabelText('Password')).toHaveValue('')
    expect(within(form).getByLabelText('Account name')).toHaveValue('')
    expect(storeHolds('correct horse')).toBe(false)
    const item = within(screen.getByRole('region', { name: 'Accounts' }))
      .getByText('tube', { selector: '.name' })
      .closest('li')!
    expect(item).toHaveTextContent('PeerTube')
    expect(item).toHaveTextContent('signed in as ana')
  })

  test('a refused sign-in shows main’s message and clears the password', async () => {
    const { api, user } = await renderApp()
    await accountsView(user)
    await user.click(screen.getByRole('radio', { name: 'PeerTube' }))
    const form = screen.getByRole('form', { name: 'Add a PeerTube account' })
    await user.type(within(form).getByLabelText('Account name'), 'tube')
    await user.type(within(form).getByLabelText('Instance URL'), 'video.example.org')
    await user.type(within(form).getByLabelText('Username'), 'ana')
    await user.type(within(form).getByLabelText('Password'), 'nope')
    api.failNext('accounts.addPeerTube', {
      code: 'auth/invalid-credentials',
      message: 'PeerTube did not accept this username and password.',
      detail: 'Invalid grant: user credentials are invalid',
    })
    await user.click(within(form).getByRole('button', { name: 'Sign in and add' }))
    const alert = await within(form).findByRole('alert')
    expect(alert).toHaveTextContent('PeerTube did not accept this username and password.')
    expect(alert).toHaveTextContent('Invalid grant')
    expect(within(form).getByLabelText('Password')).toHaveValue('')
    expect(within(form).getByLabelText('Username')).toHaveValue('ana')
  })
})

describe('Editing an account', () => {
  test('FastPix: a new key pair (both halves) and a new URL go to main; one half alone is refused here', async () => {
    const { api, user } = await renderApp()
    api.state.accounts.push(STUDIO)
    await accountsView(user)
    await user.click(await screen.findByRole('button', { name: 'Edit studio' }))
    const form = screen.getByRole('form', { name: 'Edit studio' })
    await user.type(within(form).getByLabelText('New Access Token ID'), 'tok-9876')
    await user.click(within(form).getByRole('button', { name: 'Verify and save' }))
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Give both the Access Token ID and the Secret Key',
    )
    expect(api.count('accounts.update')).toBe(0)

    await user.type(within(form).getByLabelText('New Secret Key'), 'new-secret')
    const apiUrl = within(form).getByLabelText('API URL')
    await user.clear(apiUrl)
    await user.type(apiUrl, 'https://eu.api.fastpix.com/v1')
    await user.click(within(form).getByRole('button', { name: 'Verify and save' }))
    expect(await screen.findByText('Account “studio” verified and updated.')).toBeInTheDocument()
    expect(api.calls.find((c) => c.method === 'accounts.update')?.args).toEqual([
      'studio',
      { apiUrl: 'https://eu.api.fastpix.com/v1', tokenId: 'tok-9876', secretKey: 'new-secret' },
    ])
    expect(screen.queryByRole('form', { name: 'Edit studio' })).not.toBeInTheDocument()
    expect(screen.getByText(/token …9876/)).toBeInTheDocument()
    expect(storeHolds('new-secret')).toBe(false)
  })

  test('FastPix: main’s refusal is shown in the edit form; Cancel closes it', async () => {
    const { api, user } = await renderApp()
    api.state.accounts.push(STUDIO)
    await accountsView(user)
    await user.click(await screen.findByRole('button', { name: 'Edit studio' }))
    const form = screen.getByRole('form', { name: 'Edit studio' })
    await user.type(within(form).getByLabelText('New Access Token ID'), 'tok-0000')
    await user.type(within(form).getByLabelText('New Secret Key'), 'bad')
    api.failNext('accounts.update', {
      code: 'auth/invalid-credentials',
      message: 'https://api.fastpix.com/v1 answered 401: the Access Token ID or Secret Key is wrong.',
    })
    await user.click(within(form).getByRole('button', { name: 'Verify and save' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('answered 401')
    expect(within(form).getByLabelText('New Secret Key')).toHaveValue('')
    await user.click(within(form).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('form', { name: 'Edit studio' })).not.toBeInTheDocument()
    expect(useSpool.getState().accounts.updateErrors).toEqual({})
  })

  test('PeerTube: sign in again with the password, then the one-time code', async () => {
    const { api, user } = await renderApp()
    api.state.accounts.push(fakePeerTubeAccount('tube'))
    api.state.otp = '135790'
    await accountsView(user)
    await user.click(await screen.findByRole('button', { name: 'Sign in again to tube' }))
    const form = screen.getByRole('form', { name: 'Sign in again to tube' })
    expect(within(form).getByLabelText('Instance URL')).toHaveValue('https://video.example.org')
    expect(within(form).getByLabelText('Username')).toHaveValue('ana')
    await user.type(within(form).getByLabelText('Password'), 'pw-again')
    await user.click(within(form).getByRole('button', { name: 'Sign in again' }))
    await user.type(await within(form).findByLabelText('One-time code'), '135790')
    expect(within(form).getByLabelText('One-time code')).toHaveFocus()
    await user.click(within(form).getByRole('button', { name: 'Verify code and sign in' }))
    expect(await screen.findByText('Signed in again to “tube”.')).toBeInTheDocument()
    expect(api.calls.filter((c) => c.method === 'accounts.update').map((c) => c.args)).toEqual([
      ['tube', { password: 'pw-again' }],
      ['tube', { password: 'pw-again', otp: '135790' }],
    ])
    expect(storeHolds('pw-again')).toBe(false)
  })

  test('the built-in sandbox has nothing to edit', async () => {
    const { user } = await renderApp()
    await accountsView(user)
    expect(screen.queryByRole('button', { name: 'Edit sandbox' })).not.toBeInTheDocument()
  })
})

describe('Capabilities: what PeerTube cannot do is not offered', () => {
  async function openVideo() {
    const ctx = await renderApp()
    await usePeerTube(ctx.api)
    ctx.api.state.media = [
      fakeMedia(1, {
        title: 'Harbour at dawn',
        playbackIds: [{ id: 'kQ9zX2', accessPolicy: 'public' }],
        metadata: { privacy: 'Unlisted', channel: 'harbour', watchUrl: 'https://video.example.org/w/kQ9zX2' },
        tracks: [
          {
            id: asTrackId('fr'),
            type: 'subtitle',
            rawType: 'caption',
            status: 'ready',
            rawStatus: 'ready',
            languageCode: 'fr',
            languageName: 'French',
          },
        ],
      }),
    ]
    await ctx.user.click(screen.getByRole('button', { name: 'Library' }))
    await ctx.user.click(await screen.findByRole('button', { name: 'Harbour at dawn' }))
    await screen.findByRole('heading', { name: 'Harbour at dawn', level: 1 })
    return ctx
  }

  test('media detail: captions as subtitle tracks; no summary, delivery, input info, clips or metadata', async () => {
    const { api, user } = await openVideo()
    expect(screen.getByText('Tracks and captions')).toBeInTheDocument()
    expect(screen.getByText('French')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Delete subtitle track French' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Edit subtitle track French' })).not.toBeInTheDocument()
    expect(screen.queryByRole('form', { name: 'Add a track' })).not.toBeInTheDocument()
    expect(screen.getByText(/--file captions.vtt/)).toBeInTheDocument()
    for (const name of ['Summary', 'Delivery', 'What FastPix received', 'Clips'])
      expect(screen.queryByRole('heading', { name })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Show input info' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Add key' })).not.toBeInTheDocument()
    expect(screen.queryByLabelText(/Preview of/)).not.toBeInTheDocument()
    expect(screen.getByText('Unlisted')).toBeInTheDocument()
    expect(screen.getByText('https://video.example.org/w/kQ9zX2')).toBeInTheDocument()

    // The title alone is saved: PeerTube has no free-form metadata.
    const title = screen.getByLabelText('Title', { exact: true })
    await user.clear(title)
    await user.type(title, 'Harbour at dusk')
    await user.click(screen.getByRole('button', { name: 'Save details' }))
    expect(api.calls.find((c) => c.method === 'library.update')?.args).toEqual([
      fakeMedia(1).id,
      { title: 'Harbour at dusk' },
    ])
  })

  test('no Unused uploads view for PeerTube; it comes back with a FastPix account', async () => {
    const { api, user } = await renderApp()
    await usePeerTube(api)
    await accountsView(user)
    const nav = screen.getByRole('navigation', { name: 'Views' })
    await waitFor(() =>
      expect(within(nav).queryByRole('button', { name: 'Unused uploads' })).not.toBeInTheDocument(),
    )
    await user.click(screen.getByRole('button', { name: 'Use sandbox' }))
    expect(await within(nav).findByRole('button', { name: 'Unused uploads' })).toBeInTheDocument()
  })

  test('the FastPix panels are all there for a FastPix account', async () => {
    const { api, user } = await renderApp()
    api.state.media = [fakeMedia(1)]
    await user.click(screen.getByRole('button', { name: 'Library' }))
    await user.click(await screen.findByRole('button', { name: 'Clip 1' }))
    for (const name of ['Summary', 'Delivery', 'What FastPix received'])
      expect(await screen.findByRole('heading', { name })).toBeInTheDocument()
    expect(screen.getByRole('form', { name: 'Add a track' })).toBeInTheDocument()
  })
})

describe('Batch settings for PeerTube', () => {
  test('channel and privacy replace access policy, resolution and the metadata template', async () => {
    const { api, user } = await renderApp()
    await usePeerTube(api)
    await user.click(screen.getByRole('button', { name: 'Accounts & settings' }))
    await user.click(screen.getByRole('button', { name: 'Uploads' }))
    await user.click(screen.getByText(/Settings for new files/))
    const channel = await screen.findByRole('combobox', { name: 'Channel' })
    await waitFor(() => expect(channel).toHaveValue('ana_channel'))
    expect(
      within(channel)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Main channel of ana (ana_channel)', 'Harbour films (harbour)'])
    expect(screen.queryByLabelText('Access policy')).not.toBeInTheDocument()
    expect(screen.queryByLabelText('Maximum resolution')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Add key' })).not.toBeInTheDocument()
    const privacy = screen.getByRole('combobox', { name: 'Privacy' })
    expect(
      within(privacy)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Public', 'Unlisted', 'Private', 'Internal'])
    await user.selectOptions(channel, 'harbour')
    await user.selectOptions(privacy, 'unlisted')
    expect(screen.getByText(/Settings for new files/)).toHaveTextContent('Unlisted · channel harbour')
    await user.click(screen.getByRole('button', { name: 'Add files…' }))
    expect(api.calls.find((c) => c.method === 'uploads.pickAndEnqueue')?.args).toEqual([
      'files',
      { accessPolicy: 'public', metadata: {}, channel: 'harbour', privacy: 'unlisted' },
    ])
    expect(api.calls.find((c) => c.method === 'accounts.channels')?.args).toEqual(['tube'])
  })

  test('switching accounts drops the channel: it belongs to the account it came from', async () => {
    const { api, user } = await renderApp()
    await usePeerTube(api)
    await user.click(screen.getByText(/Settings for new files/))
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Channel' }), 'harbour')
    await user.click(screen.getByRole('button', { name: 'Accounts & settings' }))
    await user.click(await screen.findByRole('button', { name: 'Use sandbox' }))
    await screen.findByText('Now using “sandbox”.')
    expect(useSpool.getState().uploads.batch.channel).toBeUndefined()
    await user.click(screen.getByRole('button', { name: 'Uploads' }))
    expect(await screen.findByLabelText('Access policy')).toBeInTheDocument()
  })

  test('channels that cannot be read say so, with a way to try again', async () => {
    const { api, user } = await renderApp()
    api.failNext('accounts.channels', {
      code: 'network/offline',
      message: 'The PeerTube instance cannot be reached.',
    })
    await usePeerTube(api)
    await user.click(screen.getByText(/Settings for new files/))
    expect(await screen.findByText('The PeerTube instance cannot be reached.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Channel' })).toHaveValue('ana_channel'))
  })
})
