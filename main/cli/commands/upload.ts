import type { Command } from 'commander'
import { statSync } from 'node:fs'
import { basename } from 'node:path'
import type { CliContext } from '../context.ts'
import { isSpoolKey, SPOOL_METADATA_KEY, USER_METADATA_KEYS } from '../../../common/domain/spool-metadata.ts'
import { CliExit, EXIT } from '../context.ts'
import { runCommand } from '../output.ts'
import {
  VIDEO_PRIVACIES,
  type AccessPolicy,
  type MaxResolution,
  type UploadSettings,
  type VideoPrivacy,
} from '../../../common/domain/upload.ts'
import { openUploadCli } from '../upload/support.ts'
import { needsManifestRun, parseBatchOptions } from '../upload/batch-options.ts'
import { pairSidecars } from '../../manifest/pair-sidecars.ts'
import { cliService, runMode, runUntilIdle } from '../upload/run.ts'
import { printDuplicates, stillRunning } from '../upload/duplicate-lines.ts'
import { redact } from '../../logging/redact.ts'
import { hasMediaExtension } from '../../uploads/logic/media-sniff.ts'

type UploadOptions = {
  concurrency?: string
  chunkSize?: string
  accessPolicy?: string
  maxResolution?: string
  metadata: string[]
  title?: string
  description?: string
  tag?: string[]
  channel?: string
  privacy?: string
  waitTranscoding?: boolean
  wait: boolean
  json?: boolean
  account?: string[]
  manifest?: string
  dryRun?: boolean
  language?: string
  publishAt?: string
  force?: boolean
}

const RESOLUTIONS: ReadonlyArray<MaxResolution> = ['480p', '720p', '1080p', '1440p', '2160p']

const usage = (message: string): never => {
  throw new CliExit(EXIT.usage, `spool upload: ${message}`)
}

/** Whether a path can be looked at: there, missing (or under a file), or behind a folder Spool may not enter. */
function statCode(path: string): 'ok' | 'missing' | 'denied' {
  try {
    statSync(path)
    return 'ok'
  } catch (caught) {
    const code = (caught as { code?: string }).code
    return code === 'EACCES' || code === 'EPERM'
      ? 'denied'
      : code === 'ENOENT' || code === 'ENOTDIR'
        ? 'missing'
        : 'ok'
  }
}

/** Validates the options into settings (usage errors exit 2). */
export function parseUploadOptions(o: UploadOptions): {
  settings: UploadSettings
  concurrency: number
  chunkSizeMiB: number | null
} {
  const concurrency = o.concurrency === undefined ? 3 : Number(o.concurrency)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    usage('--concurrency must be 1..32')
  const chunkSizeMiB = o.chunkSize === undefined || o.chunkSize === 'auto' ? null : Number(o.chunkSize)
  if (
    chunkSizeMiB !== null &&
    (!Number.isFinite(chunkSizeMiB) ||
      chunkSizeMiB < 0.25 ||
      chunkSizeMiB > 512 ||
      (chunkSizeMiB * 4) % 1 !== 0)
  )
    usage('--chunk-size is auto or MiB, a multiple of 0.25 (256 KiB) between 0.25 and 512')
  const accessPolicy = (o.accessPolicy ?? 'public') as AccessPolicy
  if (accessPolicy !== 'public' && accessPolicy !== 'private') usage('--access-policy is public or private')
  const maxResolution = o.maxResolution as MaxResolution | undefined
  if (maxResolution !== undefined && !RESOLUTIONS.includes(maxResolution))
    usage(`--max-resolution is one of ${RESOLUTIONS.join(', ')}`)
  const metadata: Record<string, string> = {}
  for (const pair of o.metadata) {
    const eq = pair.indexOf('=')
    if (eq <= 0) usage(`--metadata expects key=value, got "${pair}"`)
    metadata[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  if (Object.keys(metadata).length > USER_METADATA_KEYS)
    usage(`--metadata: at most ${USER_METADATA_KEYS} keys (FastPix allows 10; Spool keeps one for itself)`)
  if (Object.keys(metadata).some(isSpoolKey)) usage(`--metadata: "${SPOOL_METADATA_KEY}" is Spool's own key`)
  if (Object.values(metadata).some((v) => v.length > 255))
    usage('--metadata values are at most 255 characters')
  const privacy = o.privacy as VideoPrivacy | undefined
  if (privacy !== undefined && !VIDEO_PRIVACIES.includes(privacy))
    usage(`--privacy is one of ${VIDEO_PRIVACIES.join(', ')}`)
  const tags = o.tag ?? []
  if (tags.length > 5 || tags.some((t) => t.length < 2 || t.length > 30))
    usage('--tag: at most 5 tags of 2 to 30 characters')
  if (o.channel !== undefined && !/^[A-Za-z0-9_.]{1,50}$/.test(o.channel))
    usage('--channel is a channel handle such as my_channel')
  if (o.title !== undefined && (o.title.trim().length === 0 || o.title.length > 255))
    usage('--title is 1 to 255 characters')
  return {
    settings: {
      accessPolicy: privacy === undefined ? accessPolicy : privacy === 'public' ? 'public' : 'private',
      metadata,
      ...(maxResolution ? { maxResolution } : {}),
      ...(o.title !== undefined ? { title: o.title } : {}),
      ...(o.description !== undefined ? { description: o.description } : {}),
      ...(tags.length > 0 ? { tags } : {}),
      ...(o.channel !== undefined ? { channel: o.channel } : {}),
      ...(privacy !== undefined ? { privacy } : {}),
      ...(o.waitTranscoding === false ? { waitTranscoding: false } : {}),
    },
    concurrency,
    chunkSizeMiB,
  }
}

/** Registers `spool upload <file-or-folder>...` (issue 3 §5). */
export function registerUploadCommand(program: Command, ctx: CliContext): void {
  program
    .command('upload')
    .description('upload files and folders (recursively, media only) and wait until they are done')
    .argument('[paths...]', 'files or folders (none with --manifest)')
    .option('--concurrency <n>', 'files uploaded in parallel (default 3)')
    .option(
      '--chunk-size <MiB>',
      'a fixed chunk size in MiB, a multiple of 0.25 (default auto: 16 MiB, growing to 512 on a fast link)',
    )
    .option('--access-policy <policy>', 'public or private (default public)')
    .option('--max-resolution <r>', 'e.g. 1080p')
    .option(
      '--metadata <k=v>',
      'metadata for every file (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option(
      '--title <title>',
      'the title of every file; may use {name} {folder} {date} {index} (default: {name}, the file name without its extension)',
    )
    .option('--description <text>', 'PeerTube: the description of every video')
    .option(
      '--tag <tag>',
      'PeerTube: a tag (repeatable, at most 5)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--channel <handle>', "PeerTube: the channel to publish to (default: the account's first)")
    .option(
      '--privacy <p>',
      'PeerTube: public, unlisted, private or internal (default: from --access-policy)',
    )
    .option('--no-wait-transcoding', 'PeerTube: publish before transcoding is done')
    .option('--no-wait', 'finish each job once its bytes are verified, without waiting for Ready')
    .option('--force', 'upload files even when their content is already at the destination')
    .option('--json', 'one JSON object per line')
    .option(
      '--account <name>',
      'the account to use, repeatable: each file goes to each account (default: the FASTPIX_* or PEERTUBE_* variables, else the local sandbox)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option(
      '--manifest <file.csv>',
      'upload the rows of a manifest (spool manifest init) and write the results back into it',
    )
    .option(
      '--dry-run',
      'print the plan (files, titles, sidecars, duplicates, skipped, quota) and send nothing',
    )
    .option(
      '--language <code>',
      'the language of the videos and of captions named without one (e.g. en, pt-BR)',
    )
    .option(
      '--publish-at <iso-time>',
      'PeerTube: upload private and publish at that time (FastPix refuses it)',
    )
    .action(async (paths: string[], opts: UploadOptions) => {
      const parsed = parseUploadOptions(opts)
      // A path that is not there is a wrong argument (exit 2), not a refused file.
      const missing = paths.filter((p) => statCode(p) === 'missing')
      if (missing.length > 0)
        usage(`no such file or folder: ${missing.map((p) => JSON.stringify(p)).join(', ')}`)
      if (needsManifestRun(opts)) {
        if ((opts.manifest === undefined) === (paths.length === 0))
          usage('give files or folders, or --manifest FILE.csv (not both)')
        const defaults = parseBatchOptions(opts, 'upload')
        const o = {
          accounts: opts.account ?? [],
          defaults,
          dryRun: opts.dryRun === true,
          json: opts.json === true,
        }
        const run = {
          ...o,
          noWait: !opts.wait,
          force: opts.force === true,
          concurrency: parsed.concurrency,
          chunkSizeMiB: parsed.chunkSizeMiB,
        }
        const manifest = opts.manifest === undefined ? {} : { manifest: opts.manifest }
        const { runManifestUpload } = await import('../upload/manifest-run.ts')
        return runCommand(ctx, opts.json, () => runManifestUpload(ctx, paths, { ...run, ...manifest }))
      }
      if (paths.length === 0) usage('give files or folders to upload (or --manifest FILE.csv)')
      const hidden = paths.filter((p) => statCode(p) === 'denied')
      for (const p of hidden)
        ctx.stderr.write(
          `spool upload: ${JSON.stringify(p)} cannot be reached: a folder on its way does not let Spool look inside (permission denied).\n`,
        )
      if (hidden.length === paths.length) throw new CliExit(EXIT.failed)
      await runCommand(ctx, opts.json, async () => {
        const env = openUploadCli(ctx, { keychainFirst: true })
        try {
          await env.requireKeychain()
          const dest = await env.destinationFor(opts.account?.[0])
          let scope: ReadonlyArray<string> = []
          const service = cliService(
            env,
            { concurrency: parsed.concurrency, chunkSizeMiB: parsed.chunkSizeMiB },
            () => scope,
          )
          const scanning = service.enqueue(
            paths.filter((p) => !hidden.includes(p)),
            {
              account: dest.account.name,
              settings: parsed.settings,
              noWait: !opts.wait,
              force: opts.force === true,
            },
          )
          // Looking through a huge folder can take a while: Ctrl-C stops here too, with nothing queued.
          scanning.catch(() => undefined)
          const report = await Promise.race([scanning, ctx.interrupted.then(() => null)])
          if (!report)
            throw new CliExit(
              EXIT.interrupted,
              'spool upload: interrupted while looking through the folders; nothing was queued.',
            )
          // Duplicates still unfinished (e.g. after an interruption) are finished by this run too.
          const unfinished = report.duplicates.flatMap((d) =>
            stillRunning(d) && d.existingJobId ? [d.existingJobId] : [],
          )
          scope = [...report.added.map((j) => j.id), ...unfinished]
          const inScope = new Set(scope)
          const mode = runMode(ctx, opts.json)
          // Captions and posters beside the queued videos go with them (issue 15 §2), not in the skipped list.
          const sidecars = await pairSidecars(env.db, report.added, report.skipped, (n) =>
            env.destinationFor(n),
          )
          const shownSkipped = sidecars.skipped
          for (const s of shownSkipped) {
            if (mode === 'json')
              ctx.stdout.write(
                JSON.stringify({
                  type: 'skipped',
                  path: s.path,
                  error: { code: s.reason.code, message: s.reason.message },
                }) + '\n',
              )
            else ctx.stdout.write(`skipped             ${s.path} — ${redact(s.reason.message)}\n`)
          }
          printDuplicates(ctx, mode, report.duplicates)
          const skipped =
            hidden.length + shownSkipped.length + report.duplicates.filter((d) => !stillRunning(d)).length
          const manifests = env.watchManifests(service)
          const status = await runUntilIdle(ctx, service, (id) => inScope.has(id), mode, skipped)
          await manifests.settle()
          manifests.detach()
          if (status !== EXIT.ok) throw new CliExit(status)
          // Nothing could be sent at all (every file refused): that is a failure, not a success.
          const refused = hidden.length + shownSkipped.length
          if (report.added.length === 0 && report.duplicates.length === 0 && refused > 0)
            throw new CliExit(
              EXIT.failed,
              `spool upload: nothing to upload — all ${refused} file(s) and folder(s) were refused (reasons above).`,
            )
          // Some media were refused (unreadable, empty, not what their name says, refused by the destination):
          // the run is exit 1, as its --dry-run says. Other files beside them (notes, sidecars) are only listed.
          const refusedMedia =
            hidden.length + shownSkipped.filter((s) => hasMediaExtension(basename(s.path))).length
          if (refusedMedia > 0)
            throw new CliExit(
              EXIT.failed,
              `spool upload: ${refusedMedia} file(s) were refused (reasons above); the others were sent.`,
            )
        } finally {
          await env.close()
        }
      })
    })
}
