import { z } from 'zod'
import type {
  AccountSummary,
  AccountUpdate,
  NewAccount,
  NewPeerTubeAccount,
} from '../../common/domain/account.ts'
import { asAccountName } from '../../common/domain/ids.ts'
import { fail } from '../../common/ipc/result.ts'
import type { WritableDb } from '../db/database.ts'
import { createLogger } from '../logging/log.ts'
import { homeLayout } from '../paths.ts'
import { updateAccount, verifyFastPix } from './account-update.ts'
import {
  deleteStoredAccount,
  ENV_ACCOUNT,
  findStoredAccount,
  listStoredAccounts,
  SANDBOX_ACCOUNT,
  saveStoredAccount,
  selectedAccountName,
  tokenHint,
  writeSetting,
  type StoredAccount,
} from './account-repo.ts'
import { readPinnedCertificate, writePinnedCertificate } from './certificate-pins.ts'
import { DEFAULT_STREAM_URL, resolveDestination, type Destination } from './destination.ts'
import { embeddedSandboxUrl } from './embedded-sandbox.ts'
import { secretKeys, type SecretStore } from './secret-store.ts'

export type AccountServiceDeps = Readonly<{
  db: WritableDb
  secrets: SecretStore
  env: NodeJS.ProcessEnv
  home: string
  userAgent?: string
}>

/** The answer to "test this account": it answered an authenticated call. */
export type AccountTestResult = Readonly<{ account: AccountSummary; mediaCount: number }>

/** Accounts for the desktop IPC layer and the CLI. Secrets only ever go into the keychain. */
export type AccountService = Readonly<{
  list(): AccountSummary[]
  add(input: NewAccount): Promise<AccountSummary>
  /**
   * Signs in to a PeerTube instance and saves the account (tokens in the keychain, the password nowhere).
   * Fails with reason 'otp-required' when the user has two-factor authentication: call again with `otp`.
   */
  addPeerTube(input: NewPeerTubeAccount): Promise<AccountSummary>
  /** Changes an account's URL, key or sign-in, verified before anything is replaced (issue 14 §4). */
  update(name: string, patch: AccountUpdate): Promise<AccountSummary>
  remove(name: string): Promise<void>
  select(name: string): AccountSummary
  test(name: string): Promise<AccountTestResult>
  /** The named account (default: the selected one) as a Destination; close it when done. */
  destination(name?: string): Promise<Destination>
}>

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** Validates "add account" input at the boundary. */
export const NewAccountSchema = z.object({
  name: z
    .string()
    .regex(NAME, 'use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit')
    .refine((n) => n !== SANDBOX_ACCOUNT && n !== ENV_ACCOUNT, 'this name is reserved'),
  apiUrl: z.url({ protocol: /^https?$/ }),
  streamUrl: z.url({ protocol: /^https?$/ }).optional(),
  tokenId: z.string().trim().min(1, 'the Access Token ID is empty'),
  secretKey: z.string().trim().min(1, 'the Secret Key is empty'),
})

const log = createLogger('accounts')
/** PeerTube's modules, loaded on first use (see destination.ts). */
const peertube = () => import('./peertube-accounts.ts')

/** Creates the account service (list/add/remove/select/test/destination). */
export function createAccountService(deps: AccountServiceDeps): AccountService {
  const { db, secrets, env, home, userAgent } = deps

  const sandboxSummary = (selected: string): AccountSummary => {
    // Known once the embedded sandbox has chosen its port (it keeps it across runs).
    const apiUrl = embeddedSandboxUrl(homeLayout(home).sandboxData)
    return {
      name: SANDBOX_ACCOUNT,
      kind: 'fastpix',
      apiUrl: apiUrl ?? 'http://127.0.0.1 (local sandbox)',
      streamUrl: apiUrl ? apiUrl.replace(/\/v1$/, '/stream') : '',
      builtIn: true,
      selected: selected === SANDBOX_ACCOUNT,
      tokenIdHint: null,
    }
  }

  const pinSummary = (name: string): { certificateFingerprint?: string } => {
    const pin = readPinnedCertificate(db, name)
    return pin ? { certificateFingerprint: pin.fingerprint } : {}
  }

  const list = (): AccountSummary[] => {
    const selected = selectedAccountName(db)
    return [
      sandboxSummary(selected),
      ...listStoredAccounts(db).map((a) => ({
        name: a.name,
        kind: a.kind,
        apiUrl: a.apiUrl,
        streamUrl: a.streamUrl,
        builtIn: false,
        selected: selected === a.name,
        tokenIdHint: a.tokenIdHint,
        ...(a.username ? { username: a.username } : {}),
        ...pinSummary(a.name),
      })),
    ]
  }

  const summary = (name: string): AccountSummary => {
    const found = list().find((a) => a.name === name)
    if (!found) fail('auth/no-account', `There is no account named "${name}". See \`spool account list\`.`)
    return found
  }

  const destination = (name?: string): Promise<Destination> =>
    resolveDestination({
      accountName: name ?? selectedAccountName(db),
      env,
      home,
      secrets,
      db,
      ...(userAgent ? { userAgent } : {}),
    })

  /** Revokes the account's tokens on the instance (best effort: it may be gone) and drops them. */
  const signOutPeerTube = async (account: StoredAccount): Promise<void> => {
    const { createPeerTubeProvider, keychainTokenStore } = await peertube()
    const tokens = keychainTokenStore(secrets, secretKeys.accountPeerTubeTokens(account.name))
    const provider = createPeerTubeProvider({
      instanceUrl: account.apiUrl,
      username: account.username ?? '',
      tokens,
      pinnedCertificate: readPinnedCertificate(db, account.name),
      env,
      ...(userAgent ? { userAgent } : {}),
    })
    try {
      await provider.session.signOut()
    } catch (caught) {
      log.warn('could not revoke the PeerTube tokens; they are removed from the keychain', { error: caught })
    }
    await tokens.clear()
  }

  return {
    list,

    async add(input) {
      const parsed = NewAccountSchema.safeParse(input)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        fail('input/invalid', `Cannot add the account: ${issue?.path.join('.')} — ${issue?.message}.`)
      }
      const { name, tokenId, secretKey } = parsed.data
      const apiUrl = parsed.data.apiUrl.replace(/\/+$/, '')
      if (findStoredAccount(db, name)) fail('input/invalid', `An account named "${name}" already exists.`)
      // Verify with a cheap authenticated call before anything is saved: a wrong secret saves nothing.
      await verifyFastPix(apiUrl, { tokenId, secretKey }, userAgent)
      await secrets.set(secretKeys.accountTokenId(name), tokenId)
      await secrets.set(secretKeys.accountSecret(name), secretKey)
      saveStoredAccount(db, {
        name: asAccountName(name),
        kind: 'fastpix',
        apiUrl,
        streamUrl: parsed.data.streamUrl ?? DEFAULT_STREAM_URL,
        tokenIdHint: tokenHint(tokenId),
        username: null,
        createdAt: new Date().toISOString(),
      })
      log.info('account added', { name, apiUrl })
      return summary(name)
    },

    async addPeerTube(raw) {
      const name = NewAccountSchema.shape.name.safeParse(raw.name)
      if (!name.success)
        fail('input/invalid', `Cannot add the account: name — ${name.error.issues[0]?.message ?? 'invalid'}.`)
      if (findStoredAccount(db, name.data))
        fail('input/invalid', `An account named "${name.data}" already exists.`)
      const { certificateToPin, keychainTokenStore, parseNewPeerTubeAccount, signInPeerTube } =
        await peertube()
      const input = parseNewPeerTubeAccount(raw)
      const pin = await certificateToPin(input, null, env)
      const tokens = keychainTokenStore(secrets, secretKeys.accountPeerTubeTokens(name.data))
      await signInPeerTube(input, tokens, {
        pinnedCertificate: pin,
        env,
        ...(userAgent ? { userAgent } : {}),
      })
      writePinnedCertificate(db, name.data, pin)
      saveStoredAccount(db, {
        name: asAccountName(name.data),
        kind: 'peertube',
        apiUrl: input.instanceUrl,
        streamUrl: input.instanceUrl,
        tokenIdHint: null,
        username: input.username,
        createdAt: new Date().toISOString(),
      })
      log.info('account added', { name: name.data, instance: input.instanceUrl, kind: 'peertube' })
      return summary(name.data)
    },

    async update(name, patch) {
      if (name === SANDBOX_ACCOUNT)
        fail('input/invalid', 'The built-in sandbox account has nothing to change.')
      const stored = findStoredAccount(db, name)
      if (!stored) fail('auth/no-account', `There is no account named "${name}". See \`spool account list\`.`)
      await updateAccount({ db, secrets, env, ...(userAgent ? { userAgent } : {}) }, stored, patch)
      log.info('account updated', { name, kind: stored.kind })
      return summary(name)
    },

    async remove(name) {
      if (name === SANDBOX_ACCOUNT) fail('input/invalid', 'The built-in sandbox account cannot be removed.')
      const stored = findStoredAccount(db, name)
      if (!stored) fail('auth/no-account', `There is no account named "${name}".`)
      if (stored.kind === 'peertube') await signOutPeerTube(stored)
      await secrets.delete(secretKeys.accountSecret(name))
      await secrets.delete(secretKeys.accountTokenId(name))
      db.transaction(() => {
        deleteStoredAccount(db, name)
        writePinnedCertificate(db, name, null)
        db.prepare('DELETE FROM library_media WHERE account = ?').run(name)
        db.prepare('DELETE FROM library_sync WHERE account = ?').run(name)
        if (selectedAccountName(db) === SANDBOX_ACCOUNT) writeSetting(db, 'selected_account', SANDBOX_ACCOUNT)
      })()
      log.info('account removed', { name })
    },

    select(name) {
      summary(name)
      writeSetting(db, 'selected_account', name)
      return summary(name)
    },

    async test(name) {
      const dest = await destination(name)
      try {
        const page = await dest.provider.library.listMedia(1, 1)
        return { account: dest.account, mediaCount: page.totalRecords }
      } finally {
        await dest.close()
      }
    },

    destination,
  }
}
