import type { SidecarUrlBases } from '../../common/domain/settings.ts'
import { fail } from '../../common/ipc/result.ts'
import { readSetting, writeSetting } from '../accounts/account-repo.ts'
import type { ReadableDb, WritableDb } from '../db/database.ts'

const KEY = 'sidecarUrlBases'

/** Every account's sidecar URL base (see SidecarUrlBases). */
export function readSidecarUrlBases(db: ReadableDb): SidecarUrlBases {
  const stored = readSetting(db, KEY)
  if (typeof stored !== 'object' || stored === null) return {}
  return Object.fromEntries(
    Object.entries(stored as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  )
}

/** Sets (or, with '', removes) an account's sidecar URL base; it must be an http(s) URL. */
export function writeSidecarUrlBase(db: WritableDb, account: string, base: string): void {
  const all = { ...readSidecarUrlBases(db) }
  if (base === '') delete all[account]
  else {
    let url: URL
    try {
      url = new URL(base)
    } catch {
      fail('input/invalid', `The sidecar URL base ${JSON.stringify(base)} is not a URL.`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      fail('input/invalid', 'The sidecar URL base must be an http or https URL.')
    all[account] = url.href.endsWith('/') ? url.href : `${url.href}/`
  }
  writeSetting(db, KEY, all)
}

/** The URL FastPix fetches a sidecar from: the base plus its path relative to the manifest's folder. */
export function sidecarUrl(base: string, relativePath: string): string {
  return new URL(relativePath.split(/[\\/]/).map(encodeURIComponent).join('/'), base).href
}
