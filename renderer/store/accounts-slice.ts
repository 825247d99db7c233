import type { AccountName } from '../../common/domain/ids.ts'
import type { AccountSummary, NewAccount } from '../../common/domain/account.ts'
import type { AppError } from '../../common/ipc/result.ts'
import { settle, spool } from '../api.ts'
import type { SliceCreator } from './types.ts'

export type AccountsState = Readonly<{
  list: ReadonlyArray<AccountSummary>
  loaded: boolean
  adding: boolean
  /** Why the last add failed (shown next to the form, not as a passing notice). */
  addError: AppError | null
}>

export type AccountsSlice = {
  accounts: AccountsState
  accountsChanged: (list: ReadonlyArray<AccountSummary>) => void
  accountsOpened: () => Promise<void>
  accountAddSubmitted: (account: NewAccount) => Promise<boolean>
  accountSelected: (name: AccountName) => Promise<void>
  accountRemoveConfirmed: (name: AccountName) => Promise<void>
  accountTestRequested: (name: AccountName) => Promise<void>
}

/** Accounts as main summarises them: never a secret. */
export const createAccountsSlice: SliceCreator<AccountsSlice> = (set, get) => ({
  accounts: { list: [], loaded: false, adding: false, addError: null },
  accountsChanged: (list) => set((s) => ({ accounts: { ...s.accounts, list, loaded: true } })),
  accountsOpened: async () => {
    const [list, error] = settle(await spool().accounts.list())
    if (error) return get().errorShown(error)
    get().accountsChanged(list)
  },
  accountAddSubmitted: async (account) => {
    set((s) => ({ accounts: { ...s.accounts, adding: true, addError: null } }))
    const [added, error] = settle(await spool().accounts.add(account))
    set((s) => ({ accounts: { ...s.accounts, adding: false, addError: error } }))
    if (error) return false
    get().noticeShown('info', `Account “${added.name}” verified and saved.`)
    await get().accountsOpened()
    return true
  },
  accountSelected: async (name) => {
    const [, error] = settle(await spool().accounts.select(name))
    if (error) return get().errorShown(error)
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
})
