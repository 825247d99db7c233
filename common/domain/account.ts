import type { AccountName } from './ids.ts'

export type ProviderKind = 'fastpix'

/** What the renderer may know about an account: never the Secret Key, never a token. */
export type AccountSummary = Readonly<{
  name: AccountName
  kind: ProviderKind
  apiUrl: string
  streamUrl: string
  /** The built-in local sandbox: cannot be removed. */
  builtIn: boolean
  selected: boolean
  /** The Access Token ID masked to its last 4 characters, for recognition. */
  tokenIdHint: string | null
}>

/** Input of "add a FastPix account" (the only time a secret travels from the UI to main). */
export type NewAccount = Readonly<{
  name: string
  apiUrl: string
  streamUrl?: string
  tokenId: string
  secretKey: string
}>
