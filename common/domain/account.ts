import type { AccountName } from './ids.ts'

export type ProviderKind = 'fastpix' | 'peertube'

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
  /** PeerTube: the user signed in (tokens in the keychain). */
  username?: string
  /** PeerTube: the fingerprint of the one certificate the account trusts (a self-signed one). */
  certificateFingerprint?: string
}>

/** Input of "add a FastPix account" (the only time a secret travels from the UI to main). */
export type NewAccount = Readonly<{
  name: string
  apiUrl: string
  streamUrl?: string
  tokenId: string
  secretKey: string
}>

/**
 * Input of "add a PeerTube account": the password is used once for the sign-in and never stored; `otp` is
 * the one-time code when the user has two-factor authentication on.
 */
export type NewPeerTubeAccount = Readonly<{
  name: string
  instanceUrl: string
  username: string
  password: string
  otp?: string
  /**
   * The SHA-256 fingerprint (`SHA256:AB:…`) of a certificate the user saw and confirmed: the account then
   * trusts exactly that certificate (a self-hosted instance with its own). Not a secret.
   */
  trustFingerprint?: string
}>

/**
 * A change to a stored account: a new URL, a new FastPix key pair (both), or a new PeerTube sign-in (the
 * password, used once; the one-time code when asked). Everything is verified before anything is replaced.
 */
export type AccountUpdate = Readonly<{
  apiUrl?: string
  streamUrl?: string
  tokenId?: string
  secretKey?: string
  username?: string
  password?: string
  otp?: string
  /** As in NewPeerTubeAccount: trust the certificate with this fingerprint from now on. */
  trustFingerprint?: string
}>
