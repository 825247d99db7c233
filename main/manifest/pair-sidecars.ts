import { basename } from 'node:path'
import type { SkippedPath, UploadJob } from '../../common/domain/upload.ts'
import { appError } from '../../common/ipc/result.ts'
import type { Destination } from '../accounts/destination.ts'
import type { WritableDb } from '../db/database.ts'
import { destinationFacts } from './destination-facts.ts'
import { hasManifestTable, linkRows } from './links.ts'
import { FALLBACK_CAPTION_LANGUAGE } from './rows-from-scan.ts'
import { instanceLanguage, type DestinationFacts } from './resolve.ts'
import { sidecarUrl } from './sidecar-url-base.ts'
import { createFolderReader, findSidecars, isSidecarName } from './sidecars.ts'

export type PairedSidecars = Readonly<{
  /** Sidecar files that go with a queued video (not reported as skipped). */
  paired: ReadonlySet<string>
  /** The scan's refusals, with caption and poster files beside no video said as such. */
  skipped: ReadonlyArray<SkippedPath>
}>

/**
 * A plain `spool upload` of folders (no manifest): the captions and poster beside each queued video go with
 * it (issue 15 §2), sent once the video exists by the same follow-up as a manifest's (linked with no
 * manifest file). PeerTube takes them as files; FastPix takes captions by URL when the account has a
 * sidecar URL base (the caption's path from the dropped folder's parent is appended to it).
 */
export async function pairSidecars(
  db: WritableDb,
  jobs: ReadonlyArray<UploadJob>,
  skipped: ReadonlyArray<SkippedPath>,
  open: (name: string) => Promise<Destination>,
): Promise<PairedSidecars> {
  const paired = new Set<string>()
  if (hasManifestTable(db) && jobs.length > 0) {
    const facts = await destinationFacts(db, [...new Set(jobs.map((j) => j.account))], open)
    const readFolder = createFolderReader()
    const links: Parameters<typeof linkRows>[1][number][] = []
    for (const job of jobs) {
      const fact: DestinationFacts | undefined = facts.get(job.account)
      if (!fact) continue
      const found = await findSidecars(job.path, FALLBACK_CAPTION_LANGUAGE, readFolder)
      const captions = found.captions.flatMap((c) => {
        if (fact.kind === 'peertube') {
          const language = instanceLanguage(c.language, fact.languages)
          return language === null ? [] : [{ language, path: c.path }]
        }
        if (fact.sidecarUrlBase === null) return []
        const relative = [job.relativeDir, basename(c.path)].filter((p) => p !== '').join('/')
        return [{ ...c, url: sidecarUrl(fact.sidecarUrlBase, relative) }]
      })
      const thumbnail = fact.kind === 'peertube' ? found.thumbnail : null
      if (captions.length === 0 && thumbnail === null) continue
      for (const c of captions) paired.add(c.path)
      if (thumbnail !== null) paired.add(thumbnail)
      links.push({
        jobId: job.id,
        manifestPath: '',
        rowPath: job.path,
        destination: job.account,
        followUps: { captions, thumbnail, publishAt: null, publishPrivacy: null, language: null },
      })
    }
    linkRows(db, links, Date.now())
  }
  const unpaired = appError(
    'upload/not-media',
    'A caption or thumbnail file beside no video of the same name (or one this destination cannot take): not uploaded.',
  )
  return {
    paired,
    skipped: skipped
      .filter((s) => !paired.has(s.path))
      .map((s) =>
        isSidecarName(basename(s.path)) && s.reason.code === 'upload/not-media'
          ? { ...s, reason: unpaired }
          : s,
      ),
  }
}
