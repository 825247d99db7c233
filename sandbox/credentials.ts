import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Identity of one sandbox data folder: its Basic-auth credentials and its workspace id. */
export type SandboxIdentity = { username: string; password: string; workspaceId: string }

/**
 * Loads the data folder's identity, creating random credentials on first use. Explicit credentials win
 * (they are not written back, so unsetting them returns to the folder's own pair).
 */
export function loadIdentity(dataDir: string, username?: string, password?: string): SandboxIdentity {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, 'credentials.json')
  let stored: SandboxIdentity
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as SandboxIdentity
  } catch {
    stored = {
      username: randomUUID(),
      password: randomBytes(24).toString('base64url'),
      workspaceId: randomUUID(),
    }
    const tmp = `${file}.tmp`
    // 0600: the password authorises the whole sandbox API.
    writeFileSync(tmp, JSON.stringify(stored, null, 2), { mode: 0o600 })
    renameSync(tmp, file)
  }
  return {
    username: username || stored.username,
    password: password || stored.password,
    workspaceId: stored.workspaceId,
  }
}
