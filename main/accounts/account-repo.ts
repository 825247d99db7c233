import { z } from 'zod'
import { asAccountName, type AccountName } from '../../common/domain/ids.ts'
import type { ProviderKind } from '../../common/domain/account.ts'
import type { ReadableDb, WritableDb } from '../db/database.ts'

/** The built-in local sandbox account; always present, cannot be removed. */
export const SANDBOX_ACCOUNT = asAccountName('sandbox')
/** The name under which the FASTPIX_* environment destination appears (it is never stored). */
export const ENV_ACCOUNT = asAccountName('env')

/** An account row: never a secret (those are in the keychain). */
export type StoredAccount = Readonly<{
  name: AccountName
  kind: ProviderKind
  /** FastPix: the API base URL; PeerTube: the instance's origin. */
  apiUrl: string
  streamUrl: string
  tokenIdHint: string | null
  /** PeerTube: the user the tokens belong to; null for FastPix. */
  username: string | null
  createdAt: string
}>

const Row = z.object({
  name: z.string(),
  kind: z.enum(['fastpix', 'peertube']),
  api_url: z.string(),
  stream_url: z.string(),
  token_id_hint: z.string().nullable(),
  username: z.string().nullable(),
  created_at: z.string(),
})

function fromRow(row: unknown): StoredAccount {
  const r = Row.parse(row)
  return {
    name: asAccountName(r.name),
    kind: r.kind,
    apiUrl: r.api_url,
    streamUrl: r.stream_url,
    tokenIdHint: r.token_id_hint,
    username: r.username,
    createdAt: r.created_at,
  }
}

/** Every stored account, by name. */
export function listStoredAccounts(db: ReadableDb): StoredAccount[] {
  return db.prepare('SELECT * FROM accounts ORDER BY name').all().map(fromRow)
}

/** One stored account, or null. */
export function findStoredAccount(db: ReadableDb, name: string): StoredAccount | null {
  const row = db.prepare('SELECT * FROM accounts WHERE name = ?').get(name)
  return row ? fromRow(row) : null
}

/** Inserts or replaces an account row. */
export function saveStoredAccount(db: WritableDb, account: StoredAccount): void {
  db.prepare(
    `INSERT INTO accounts (name, kind, api_url, stream_url, token_id_hint, username, created_at)
     VALUES (@name, @kind, @apiUrl, @streamUrl, @tokenIdHint, @username, @createdAt)
     ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, api_url = excluded.api_url,
       stream_url = excluded.stream_url, token_id_hint = excluded.token_id_hint,
       username = excluded.username`,
  ).run(account)
}

/** Deletes an account row; returns whether one existed. */
export function deleteStoredAccount(db: WritableDb, name: string): boolean {
  return db.prepare('DELETE FROM accounts WHERE name = ?').run(name).changes > 0
}

/** Reads a JSON value from the settings table. */
export function readSetting(db: ReadableDb, key: string): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
  if (!row) return undefined
  try {
    return JSON.parse(row.value) as unknown
  } catch {
    return undefined
  }
}

/** Writes a JSON value to the settings table. */
export function writeSetting(db: WritableDb, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value))
}

/** The selected account's name (the sandbox on first run). */
export function selectedAccountName(db: ReadableDb): AccountName {
  const value = readSetting(db, 'selected_account')
  if (typeof value === 'string' && (value === SANDBOX_ACCOUNT || findStoredAccount(db, value)))
    return asAccountName(value)
  return SANDBOX_ACCOUNT
}

/** Masks an Access Token ID to its last 4 characters. */
export function tokenHint(tokenId: string): string {
  return tokenId.length <= 4 ? '••••' : `••••${tokenId.slice(-4)}`
}
