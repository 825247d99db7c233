import { statSync } from 'node:fs'
import { extname, isAbsolute, resolve } from 'node:path'
import type { ProviderKind } from '../../common/domain/account.ts'
import { splitList, type ManifestRow } from '../../common/domain/manifest.ts'
import { METADATA_LIMITS } from '../../common/domain/media.ts'
import { isSpoolKey, SPOOL_METADATA_KEY, USER_METADATA_KEYS } from '../../common/domain/spool-metadata.ts'
import { VIDEO_PRIVACIES, type UploadSettings, type VideoPrivacy } from '../../common/domain/upload.ts'
import { FALLBACK_CAPTION_LANGUAGE } from './rows-from-scan.ts'
import {
  CAPTION_EXTENSIONS,
  isLanguageTag,
  parseCaptions,
  resolveBeside,
  THUMBNAIL_EXTENSIONS,
  type Caption,
} from './sidecars.ts'

/** What the manifest needs to know about a destination named in it. */
export type DestinationFacts = Readonly<{
  name: string
  kind: ProviderKind
  /** PeerTube: the account's channel handles (null: not known, e.g. offline — then not checked here). */
  channels: ReadonlyArray<string> | null
  /** FastPix: where sidecar files are served from, so FastPix can fetch them (tracks by URL only). */
  sidecarUrlBase: string | null
  /** PeerTube: the language codes the instance knows (null: not known now — then not checked). */
  languages: ReadonlyArray<string> | null
}>

/**
 * The instance's own code for a language tag: the same code, the same in another case, or the tag's
 * primary language (`pt-BR` → `pt`, which PeerTube calls Portuguese (Brazil)); null when it has none.
 */
export function instanceLanguage(tag: string, known: ReadonlyArray<string> | null): string | null {
  if (known === null) return tag
  const lower = tag.toLowerCase()
  const primary = lower.split('-')[0] ?? lower
  return (
    known.find((k) => k === tag) ??
    known.find((k) => k.toLowerCase() === lower) ??
    known.find((k) => k === primary) ??
    null
  )
}

/** One job a manifest asks for: a row's file for one of its destinations. */
export type RowJob = Readonly<{
  line: number
  /** Index of the row in the manifest as read. */
  row: number
  path: string
  destination: string
  kind: ProviderKind
  settings: UploadSettings
  captions: ReadonlyArray<Caption>
  thumbnail: string | null
  /** ISO time the video becomes public (PeerTube's scheduled update); null when not scheduled. */
  publishAt: string | null
  /** The privacy the video takes at `publishAt`. */
  publishPrivacy: VideoPrivacy
  /** The video's language (PeerTube), or null. */
  language: string | null
  /** FastPix: where the captions are served from (tracks by URL only), or null. */
  sidecarUrlBase: string | null
  /** What this destination will not get from the row, with the reason (shown in the plan). */
  notes: ReadonlyArray<string>
}>

export type RowProblem = Readonly<{ line: number; message: string }>

export type ResolvedManifest = Readonly<{ jobs: ReadonlyArray<RowJob>; problems: ReadonlyArray<RowProblem> }>

const PRIVACY_WORDS = VIDEO_PRIVACIES.join(', ')

/** A regular, non-empty file, or why not. */
function fileProblem(path: string): string | null {
  try {
    const s = statSync(path)
    if (!s.isFile()) return 'is not a regular file'
    return s.size === 0 ? 'is empty' : null
  } catch {
    return 'does not exist'
  }
}

/**
 * Checks every row and turns it into jobs, one per destination (issue 15 §1, §6): a missing file, a bad
 * privacy word, metadata over what FastPix leaves to the user once Spool's own key is counted, a channel the
 * PeerTube account does not have, a destination that is no account, a bad caption, thumbnail or publish
 * time — each reported with the line it is on, all at once, before anything is sent.
 */
export function resolveManifest(
  rows: ReadonlyArray<Readonly<{ line: number; row: ManifestRow }>>,
  base: string,
  defaultDestinations: ReadonlyArray<string>,
  facts: (name: string) => DestinationFacts | null,
  now: number = Date.now(),
): ResolvedManifest {
  const jobs: RowJob[] = []
  const problems: RowProblem[] = []
  const seen = new Map<string, number>()
  rows.forEach(({ line, row }, index) => {
    const report = (message: string): void => void problems.push({ line, message })
    if (row.path === '') return report('the path is empty')
    const path = isAbsolute(row.path) ? row.path : resolve(base, row.path)
    const missing = fileProblem(path)
    if (missing) report(`the file ${JSON.stringify(row.path)} ${missing}`)

    const names = row.destination.trim() === '' ? defaultDestinations : splitList(row.destination)
    const destinations: DestinationFacts[] = []
    for (const name of names) {
      const found = facts(name)
      if (!found) report(`no account named ${JSON.stringify(name)} (see \`spool account list\`)`)
      else destinations.push(found)
    }

    const privacy = row.privacy.trim().toLowerCase()
    if (privacy !== '' && !VIDEO_PRIVACIES.includes(privacy as VideoPrivacy))
      report(`privacy ${JSON.stringify(row.privacy)} is not one of ${PRIVACY_WORDS}`)

    const title = row.title.trim()
    if (title.length > 255) report('the title is longer than 255 characters')
    const tags = splitList(row.tags, /[;,]/)
    if (tags.length > 5 || tags.some((t) => t.length < 2 || t.length > 30))
      report('tags: at most 5, each 2 to 30 characters, separated by ";"')

    const metadata = row.metadata
    const keys = Object.keys(metadata)
    const toFastPix = destinations.some((d) => d.kind === 'fastpix')
    if (toFastPix && keys.length > USER_METADATA_KEYS)
      report(
        `${keys.length} metadata keys: FastPix takes ${METADATA_LIMITS.maxKeys} and Spool keeps one ("${SPOOL_METADATA_KEY}"), so at most ${USER_METADATA_KEYS}`,
      )
    for (const k of keys) {
      if (isSpoolKey(k)) report(`metadata.${k} is Spool's own key and cannot be set`)
      else if (toFastPix && k.length > METADATA_LIMITS.maxKeyLength)
        report(
          `the metadata key "${k.slice(0, 20)}…" is longer than ${METADATA_LIMITS.maxKeyLength} characters`,
        )
      if (toFastPix && (metadata[k] ?? '').length > METADATA_LIMITS.maxValueLength)
        report(`metadata.${k} is longer than ${METADATA_LIMITS.maxValueLength} characters`)
    }

    const language = row.language.trim()
    if (language !== '' && !isLanguageTag(language))
      report(`language ${JSON.stringify(row.language)} is not a language code such as en or pt-BR`)
    const captions = parseCaptions(path, row.captions, language || FALLBACK_CAPTION_LANGUAGE)
    for (const c of captions) {
      if (!CAPTION_EXTENSIONS.has(extname(c.path).toLowerCase()))
        report(`captions: ${JSON.stringify(c.entry)} is not a .srt or .vtt file`)
      else if (!isLanguageTag(c.language))
        report(`captions: ${JSON.stringify(c.language)} is not a language code such as en or pt-BR`)
      else {
        const bad = fileProblem(c.path)
        if (bad) report(`captions: the file ${JSON.stringify(c.entry)} ${bad}`)
      }
    }
    const thumbnail = row.thumbnail.trim() === '' ? null : resolveBeside(path, row.thumbnail)
    if (thumbnail !== null) {
      if (!THUMBNAIL_EXTENSIONS.has(extname(thumbnail).toLowerCase()))
        report(`thumbnail ${JSON.stringify(row.thumbnail)} is not a .jpg, .png or .webp file`)
      else {
        const bad = fileProblem(thumbnail)
        if (bad) report(`thumbnail: the file ${JSON.stringify(row.thumbnail)} ${bad}`)
      }
    }

    const publishText = row.publish_at.trim()
    let publishAt: string | null = null
    if (publishText !== '') {
      const at = Date.parse(publishText)
      if (!/^\d{4}-\d{2}-\d{2}T/.test(publishText) || Number.isNaN(at))
        report(`publish_at ${JSON.stringify(row.publish_at)} is not an ISO time such as 2030-01-31T18:00:00Z`)
      else if (at <= now) report(`publish_at ${publishText} is not in the future`)
      else publishAt = new Date(at).toISOString()
    }

    for (const d of destinations) {
      const key = `${path}\n${d.name}`
      const earlier = seen.get(key)
      if (earlier !== undefined) {
        report(`the same file to "${d.name}" is already on line ${earlier}`)
        continue
      }
      seen.set(key, line)
      const notes: string[] = []
      const channel = row.channel.trim()
      if (d.kind === 'peertube' && channel !== '' && d.channels !== null && !d.channels.includes(channel))
        report(
          `the PeerTube account "${d.name}" has no channel ${JSON.stringify(channel)} (it has: ${d.channels.join(', ') || 'none'})`,
        )
      if (d.kind === 'fastpix' && publishAt !== null)
        report(
          `publish_at: FastPix has no scheduled publishing ("${d.name}"); leave it empty for this destination`,
        )
      if (d.kind === 'fastpix' && captions.length > 0 && d.sidecarUrlBase === null)
        notes.push(
          `captions not sent to "${d.name}": FastPix takes tracks by URL only (set one with \`spool account update ${d.name} --sidecar-url-base URL\`)`,
        )
      if (thumbnail !== null && d.kind === 'fastpix')
        notes.push(`thumbnail not sent to "${d.name}": FastPix takes no thumbnail file`)
      let rowCaptions = captions.map(({ language: l, path: p }) => ({ language: l, path: p }))
      let videoLanguage = language === '' ? null : language
      if (d.kind === 'peertube') {
        const unknown: string[] = []
        rowCaptions = rowCaptions.flatMap((c) => {
          const code = instanceLanguage(c.language, d.languages)
          if (code === null) unknown.push(c.language)
          return code === null ? [] : [{ ...c, language: code }]
        })
        if (videoLanguage !== null) {
          const code = instanceLanguage(videoLanguage, d.languages)
          if (code === null) unknown.push(videoLanguage)
          videoLanguage = code
        }
        for (const u of new Set(unknown))
          report(`the PeerTube instance of "${d.name}" has no language "${u}"`)
      }
      const chosen = (privacy === '' ? undefined : privacy) as VideoPrivacy | undefined
      // Scheduled: uploaded private, made public (or the row's privacy) by the instance at that time.
      const uploadPrivacy = publishAt !== null ? 'private' : chosen
      const settings: UploadSettings = {
        accessPolicy: (uploadPrivacy ?? 'public') === 'public' ? 'public' : 'private',
        metadata: { ...metadata },
        ...(title !== '' ? { title } : {}),
        ...(row.description !== '' ? { description: row.description } : {}),
        ...(tags.length > 0 ? { tags } : {}),
        ...(d.kind === 'peertube' && channel !== '' ? { channel } : {}),
        ...(uploadPrivacy !== undefined ? { privacy: uploadPrivacy } : {}),
      }
      jobs.push({
        line,
        row: index,
        path,
        destination: d.name,
        kind: d.kind,
        settings,
        captions: rowCaptions,
        thumbnail,
        publishAt,
        publishPrivacy: chosen ?? 'public',
        language: videoLanguage,
        sidecarUrlBase: d.sidecarUrlBase,
        notes,
      })
    }
  })
  return { jobs, problems }
}
