import { writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { ProviderKind } from '../../common/domain/account.ts'
import type { AccountName, MediaId } from '../../common/domain/ids.ts'
import { emptyRow, type ManifestRow } from '../../common/domain/manifest.ts'
import type { Media } from '../../common/domain/media.ts'
import { userMetadata } from '../../common/domain/spool-metadata.ts'
import { fail } from '../../common/ipc/result.ts'
import type { ReadableDb } from '../db/database.ts'
import { formatManifest } from '../manifest/csv.ts'
import { getCached } from './library-cache.ts'

/**
 * Selected library media as manifest rows (issue 16 §3, "add to a manifest"), to send the same files to
 * another destination with `spool upload --manifest` or the app's Open CSV…: the file each media was
 * uploaded from on this computer, its title, privacy and metadata; the result columns are left empty for
 * the new upload, and where it came from is kept in two columns of its own (`source_account`,
 * `source_media_id`; the manifest keeps unknown columns). It does not edit the existing media: a manifest
 * uploads.
 */
export type LibraryManifest = Readonly<{ rows: ManifestRow[]; withoutFile: number }>

/** PeerTube's privacy labels as the manifest's privacy words. */
const PEERTUBE_PRIVACY: Readonly<Record<string, string>> = {
  Public: 'public',
  Unlisted: 'unlisted',
  Private: 'private',
  Internal: 'internal',
}

function privacyOf(media: Media, kind: ProviderKind): string {
  if (kind === 'peertube') return PEERTUBE_PRIVACY[media.metadata.privacy ?? ''] ?? ''
  const access = media.playbackIds[0]?.accessPolicy
  return access === 'public' || access === 'private' ? access : ''
}

/** One media as a row; `path` is '' when this computer did not upload it (the manifest reports that line). */
export function manifestRowOf(
  media: Media,
  kind: ProviderKind,
  account: AccountName,
  path: string | null,
): ManifestRow {
  const base = emptyRow(path ?? '')
  const facts = media.metadata
  return {
    ...base,
    title: media.title ?? '',
    privacy: privacyOf(media, kind),
    // PeerTube's metadata are display facts, not free-form keys: only those a manifest has columns for.
    ...(kind === 'peertube'
      ? {
          channel: facts.channel ?? '',
          tags: (facts.tags ?? '').split(', ').filter(Boolean).join('; '),
          language: facts.language ?? '',
        }
      : {}),
    metadata: kind === 'peertube' ? {} : userMetadata(media.metadata),
    extra: { source_account: account, source_media_id: media.id },
  }
}

/**
 * The file a media was uploaded from on this computer, from the record of what content went where (the
 * uploads' `content_fingerprints`, migration 0008; it outlives a cleared queue), or null.
 */
export function localSourceOf(db: ReadableDb, account: AccountName, id: MediaId): string | null {
  const row = db
    .prepare(
      `SELECT path FROM content_fingerprints WHERE account = ? AND media_id = ?
       ORDER BY updated_at DESC LIMIT 1`,
    )
    .get(account, id) as { path: string } | undefined
  return row?.path ?? null
}

/** The selected media of the account's cached library as rows, in the order given. */
export function libraryManifest(
  db: ReadableDb,
  account: AccountName,
  kind: ProviderKind,
  ids: ReadonlyArray<MediaId>,
): LibraryManifest {
  const rows: ManifestRow[] = []
  let withoutFile = 0
  for (const id of ids) {
    const media = getCached(db, account, id)
    if (!media) fail('api/not-found', `Media ${id} is not in this library (refresh it and select again).`)
    const path = localSourceOf(db, account, id)
    if (path === null) withoutFile += 1
    rows.push(manifestRowOf(media, kind, account, path))
  }
  return { rows, withoutFile }
}

/** Asks where to save, writes the rows with the manifest's own writer; null when the user cancelled. */
export async function saveLibraryManifest(
  manifest: LibraryManifest,
  save: (suggestedName: string) => Promise<string | null>,
): Promise<{ name: string; rows: number; withoutFile: number } | null> {
  const path = await save('library.csv')
  if (path === null) return null
  writeFileSync(path, formatManifest(manifest.rows))
  return { name: basename(path), rows: manifest.rows.length, withoutFile: manifest.withoutFile }
}
