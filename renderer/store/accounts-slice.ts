import type { AccountName } from '../../common/domain/ids.ts'
import type {
  AccountSummary,
  AccountUpdate,
  NewAccount,
  NewPeerTubeAccount,
} from '../../common/domain/account.ts'
import type { AccountCapabilities, ChannelSummary } from '../../common/ipc/reply-schemas.ts'
import type { AppError } from '../../common/ipc/result.ts'
import { settle, spool } from '../api.ts'
import type { SliceCreator } from './types.ts'

/** A PeerTube account's channels, as far as they are known. */
export type ChannelsState = Readonly<{
  phase: 'loading' | 'ready' | 'error'
  list: ReadonlyArray<ChannelSummary>
  error: AppError | null
}>

/**
 * How a sign-in or an update ended: done, main wants the one-time code (the form asks for it and sends the
 * same request again with it), or failed (the error is in the store).
 */
/** `certificate-untrusted`: the instance's certificate is unknown; `addError.detail` is its fingerprint. */
export type SignInOutcome = 'done' | 'otp-required' | 'certificate-untrusted' | 'failed'

export type AccountsState = Readonly<{
  list: ReadonlyArray<AccountSummary>
  loaded: boolean
  adding: boolean
  /** Why the last add failed (shown next to the form, not as a passing notice). */
  addError: AppError | null
  /** The account whose edit is being checked by main, if any. */
  updating: AccountName | null
  /** Why the last edit of an account failed, by account. */
  updateErrors: Readonly<Record<string, AppError>>
  /** What each account's provider can do, by account name (fetched once per account). */
  capabilities: Readonly<Record<string, AccountCapabilities>>
  /** PeerTube channels, by account name. */
  channels: Readonly<Record<string, ChannelsState>>
}>

export type AccountsSlice = {
  accounts: AccountsState
  accountsChanged: (list: ReadonlyArray<AccountSummary>) => void
  accountsOpened: () => Promise<void>
  accountAddSubmitted: (account: NewAccount) => Promise<boolean>
  /** Signs in to PeerTube. The password is passed through to main, never kept in the store. */
  peerTubeAddSubmitted: (account: NewPeerTubeAccount) => Promise<SignInOutcome>
  accountUpdateSubmitted: (name: AccountName, patch: AccountUpdate) => Promise<SignInOutcome>
  accountEditClosed: (name: AccountName) => void
  accountAddErrorCleared: () => void
  capabilitiesRequested: (name: AccountName) => Promise<void>
  channelsRequested: (name: AccountName) => Promise<void>
  accountSelected: (name: AccountName) => Promise<void>
  accountRemoveConfirmed: (name: AccountName) => Promise<void>
  accountTestRequested: (name: AccountName) => Promise<void>
}

const without = <T>(map: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> => {
  if (!(key in map)) return map
  const next = { ...map }
  delete next[key]
  return next
}

/** Accounts as main summarises them: never a secret. */
export const createAccountsSlice: SliceCreator<AccountsSlice> = (set, get) => {
  const patch = (p: Partial<AccountsState>): void => set((s) => ({ accounts: { ...s.accounts, ...p } }))
  return {
    accounts: {
      list: [],
      loaded: false,
      adding: false,
      addError: null,
      updating: null,
      updateErrors: {},
      capabilities: {},
      channels: {},
    },
    accountsChanged: (list) => {
      set((s) => {
        // A removed name may come back as another kind of account: forget what was learnt about it.
        const names = new Set<string>(list.map((a) => a.name))
        const keep = <T>(m: Readonly<Record<string, T>>): Record<string, T> =>
          Object.fromEntries(Object.entries(m).filter(([k]) => names.has(k)))
        return {
          accounts: {
            ...s.accounts,
            list,
            loaded: true,
            capabilities: keep(s.accounts.capabilities),
            channels: keep(s.accounts.channels),
          },
        }
      })
      const selected = list.find((a) => a.selected)
      if (selected && !(selected.name in get().accounts.capabilities))
        void get().capabilitiesRequested(selected.name)
    },
    accountsOpened: async () => {
      const [list, error] = settle(await spool().accounts.list())
      if (error) return get().errorShown(error)
      get().accountsChanged(list)
    },
    accountAddSubmitted: async (account) => {
      patch({ adding: true, addError: null })
      const [added, error] = settle(await spool().accounts.add(account))
      patch({ adding: false, addError: error })
      if (error) return false
      get().noticeShown('info', `Account “${added.name}” verified and saved.`)
      await get().accountsOpened()
      return true
    },
    peerTubeAddSubmitted: async (account) => {
      patch({ adding: true, addError: null })
      const [added, error] = settle(await spool().accounts.addPeerTube(account))
      if (error?.code === 'auth/otp-required') {
        patch({ adding: false })
        return 'otp-required'
      }
      patch({ adding: false, addError: error })
      if (error?.code === 'auth/untrusted-certificate' && error.detail) return 'certificate-untrusted'
      if (error) return 'failed'
      get().noticeShown('info', `Signed in to ${added.apiUrl} as ${added.username ?? account.username}.`)
      await get().accountsOpened()
      return 'done'
    },
    accountUpdateSubmitted: async (name, p) => {
      set((s) => ({
        accounts: { ...s.accounts, updating: name, updateErrors: without(s.accounts.updateErrors, name) },
      }))
      const [updated, error] = settle(await spool().accounts.update(name, p))
      if (error?.code === 'auth/otp-required') {
        patch({ updating: null })
        return 'otp-required'
      }
      set((s) => ({
        accounts: {
          ...s.accounts,
          updating: null,
          updateErrors: error ? { ...s.accounts.updateErrors, [name]: error } : s.accounts.updateErrors,
          // Main dropped what it had opened for the account; so does the UI.
          channels: error ? s.accounts.channels : without(s.accounts.channels, name),
        },
      }))
      if (error?.code === 'auth/untrusted-certificate' && error.detail) return 'certificate-untrusted'
      if (error) return 'failed'
      get().noticeShown(
        'info',
        updated.kind === 'peertube'
          ? `Signed in again to “${name}”.`
          : `Account “${name}” verified and updated.`,
      )
      await get().accountsOpened()
      return 'done'
    },
    accountEditClosed: (name) =>
      set((s) => ({ accounts: { ...s.accounts, updateErrors: without(s.accounts.updateErrors, name) } })),
    accountAddErrorCleared: () => patch({ addError: null }),
    capabilitiesRequested: async (name) => {
      const [caps, error] = settle(await spool().accounts.capabilities(name))
      if (error) return get().errorShown(error)
      set((s) => ({
        accounts: { ...s.accounts, capabilities: { ...s.accounts.capabilities, [name]: caps } },
      }))
    },
    channelsRequested: async (name) => {
      const before = get().accounts.channels[name]
      set((s) => ({
        accounts: {
          ...s.accounts,
          channels: {
            ...s.accounts.channels,
            [name]: { phase: 'loading', list: before?.list ?? [], error: null },
          },
        },
      }))
      const [list, error] = settle(await spool().accounts.channels(name))
      set((s) => ({
        accounts: {
          ...s.accounts,
          channels: {
            ...s.accounts.channels,
            [name]: error
              ? { phase: 'error', list: before?.list ?? [], error }
              : { phase: 'ready', list, error: null },
          },
        },
      }))
    },
    accountSelected: async (name) => {
      const [, error] = settle(await spool().accounts.select(name))
      if (error) return get().errorShown(error)
      // A channel belongs to one account: the next account's files go to its own default channel.
      const { channel: _channel, ...batch } = get().uploads.batch
      get().batchSettingsEdited(batch)
      get().noticeShown('info', `Now using “${name}”.`)
      await get().accountsOpened()
      if (get().library.phase !== 'idle') await get().libraryOpened()
    },
    accountRemoveConfirmed: async (name) => {
      const [, error] = settle(await spool().accounts.remove(name))
      if (error) return get().errorShown(error)
      get().noticeShown('info', `Account “${name}” removed; its key was deleted from the keychain.`)
      await get().accountsOpened()
    },
    accountTestRequested: async (name) => {
      const [, error] = settle(await spool().accounts.test(name))
      if (error) return get().errorShown(error)
      get().noticeShown('info', `“${name}” works.`)
    },
  }
}
