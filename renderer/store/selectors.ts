import type { AccountSummary } from '../../common/domain/account.ts'
import type { AccountCapabilities } from '../../common/ipc/reply-schemas.ts'
import type { SpoolState } from './types.ts'

/** The selected account, or null before the list arrives. */
export const selectCurrentAccount = (s: SpoolState): AccountSummary | null =>
  s.accounts.list.find((a) => a.selected) ?? null

/**
 * What the selected account's provider can do, or null while it is not known yet (views hide the optional
 * panels until then rather than offer what may fail).
 */
export const selectCapabilities = (s: SpoolState): AccountCapabilities | null => {
  const account = selectCurrentAccount(s)
  return account ? (s.accounts.capabilities[account.name] ?? null) : null
}

/** The selected account's provider as the user knows it, for sentences ("Delete 3 media from PeerTube?"). */
export const selectProviderName = (s: SpoolState): string =>
  selectCurrentAccount(s)?.kind === 'peertube' ? 'PeerTube' : 'FastPix'
