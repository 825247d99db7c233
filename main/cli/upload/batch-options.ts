import type { Command } from 'commander'
import type { BatchDefaults } from '../../../common/domain/manifest.ts'
import { isLanguageTag } from '../../manifest/sidecars.ts'
import { TEMPLATE_FIELDS, unknownPlaceholders } from '../../manifest/title-template.ts'
import { VIDEO_PRIVACIES, type VideoPrivacy } from '../../../common/domain/upload.ts'
import { CliExit, EXIT } from '../context.ts'

/** The per-batch options `spool manifest init` and `spool upload` share (issue 15 §3). */
export type BatchOptionValues = {
  title?: string
  description?: string
  tag?: string[]
  privacy?: string
  channel?: string
  language?: string
  publishAt?: string
  metadata: string[]
}

const repeat = (v: string, acc: string[]): string[] => [...acc, v]

/** Adds the batch options to a command (the upload command declares its own --title etc. with these words). */
export function addBatchOptions(command: Command): Command {
  return command
    .option(
      '--title <template>',
      `the title of every file; may use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')} (default {name})`,
    )
    .option('--description <text>', 'PeerTube: the description of every video')
    .option('--tag <tag>', 'PeerTube: a tag (repeatable, at most 5)', repeat, [])
    .option('--privacy <p>', `${VIDEO_PRIVACIES.join(', ')} (FastPix: public, or private for the others)`)
    .option('--channel <handle>', "PeerTube: the channel to publish to (default: the account's first)")
    .option(
      '--language <code>',
      'the language of the videos and of captions named without one (e.g. en, pt-BR)',
    )
    .option(
      '--publish-at <iso-time>',
      'PeerTube: upload private and publish at that time (FastPix refuses it)',
    )
    .option('--metadata <k=v>', 'FastPix metadata for every file (repeatable)', repeat, [])
}

/** Validates the batch options (usage errors exit 2). */
export function parseBatchOptions(o: BatchOptionValues, command: string): BatchDefaults {
  const usage = (message: string): never => {
    throw new CliExit(EXIT.usage, `spool ${command}: ${message}`)
  }
  if (o.title !== undefined) {
    const unknown = unknownPlaceholders(o.title)
    if (unknown.length > 0)
      usage(
        `--title: unknown placeholder {${unknown[0]}}; use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}`,
      )
    if (o.title.trim() === '' || o.title.length > 255) usage('--title is 1 to 255 characters')
  }
  if (o.privacy !== undefined && !VIDEO_PRIVACIES.includes(o.privacy as VideoPrivacy))
    usage(`--privacy is one of ${VIDEO_PRIVACIES.join(', ')}`)
  const tags = o.tag ?? []
  if (tags.length > 5 || tags.some((t) => t.length < 2 || t.length > 30))
    usage('--tag: at most 5 tags of 2 to 30 characters')
  if (o.channel !== undefined && !/^[A-Za-z0-9_.]{1,50}$/.test(o.channel))
    usage('--channel is a channel handle such as my_channel')
  if (o.language !== undefined && !isLanguageTag(o.language))
    usage('--language is a language code such as en or pt-BR')
  if (o.publishAt !== undefined) {
    const at = Date.parse(o.publishAt)
    if (!/^\d{4}-\d{2}-\d{2}T/.test(o.publishAt) || Number.isNaN(at))
      usage('--publish-at is an ISO time such as 2030-01-31T18:00:00Z')
    if (at <= Date.now()) usage('--publish-at is in the past')
  }
  const metadata: Record<string, string> = {}
  for (const pair of o.metadata) {
    const eq = pair.indexOf('=')
    if (eq <= 0) usage(`--metadata expects key=value, got "${pair}"`)
    metadata[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return {
    ...(o.title !== undefined ? { title: o.title } : {}),
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(o.privacy !== undefined ? { privacy: o.privacy } : {}),
    ...(o.channel !== undefined ? { channel: o.channel } : {}),
    ...(o.language !== undefined ? { language: o.language } : {}),
    ...(o.publishAt !== undefined ? { publishAt: new Date(Date.parse(o.publishAt)).toISOString() } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  }
}

/**
 * Whether `spool upload` needs the manifest pipeline for these options (review, several accounts, per-file
 * titles); a plain upload never loads it (B3 counts the memory of what the command loads).
 */
export function needsManifestRun(o: {
  manifest?: string
  dryRun?: boolean
  account?: ReadonlyArray<string>
  title?: string
  language?: string
  publishAt?: string
}): boolean {
  return (
    o.manifest !== undefined ||
    o.dryRun === true ||
    (o.account?.length ?? 0) > 1 ||
    o.language !== undefined ||
    o.publishAt !== undefined ||
    (o.title !== undefined && /\{[a-z]+\}/.test(o.title))
  )
}
