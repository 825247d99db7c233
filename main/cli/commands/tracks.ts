import type { Command } from 'commander'
import { resolve } from 'node:path'
import { mediaIdArg, trackIdArg } from '../ids.ts'
import type { MediaId } from '../../../common/domain/ids.ts'
import type { Track } from '../../../common/domain/media.ts'
import { fail } from '../../../common/ipc/result.ts'
import type { CliContext } from '../context.ts'
import { clientOptions, withLibrary, type ClientOptions, type LibraryScope } from '../library-context.ts'
import { printTracks } from '../media-format.ts'
import { confirm, printJson, printLines } from '../output.ts'

type LanguageOptions = { languageCode?: string; languageName?: string; title?: string }
type TrackSource = { url?: string; file?: string }

/** Exactly one of --url (fetched by FastPix) and --file (sent by Spool, PeerTube). */
function trackSource(opts: TrackSource): { url: string } | { filePath: string } {
  if (opts.url && opts.file) fail('input/invalid', 'Give --url or --file, not both.')
  if (opts.file) return { filePath: resolve(opts.file) }
  if (!opts.url) fail('input/invalid', 'Give the track with --url URL (FastPix) or --file PATH (PeerTube).')
  if (!/^https?:\/\//i.test(opts.url))
    fail('input/invalid', `--url must be an http(s) URL (got "${opts.url}").`)
  return { url: opts.url }
}

/**
 * Prints a track just added, changed or requested. Those responses carry no status, so the track's state is
 * taken from the media as reloaded after the change when it is there.
 */
function show(
  ctx: CliContext,
  json: boolean | undefined,
  scope: LibraryScope,
  mediaId: MediaId,
  track: Track,
): void {
  const current = scope.library.cached(scope.account, mediaId)?.tracks.find((t) => t.id === track.id)
  const shown = current ? { ...track, status: current.status, rawStatus: current.rawStatus } : track
  if (json) printJson(ctx, shown)
  else printTracks(ctx, [shown])
}

/** Registers `spool tracks add|update|delete|generate-subtitles`. FastPix adds tracks by URL only. */
export function registerTracksCommand(program: Command, ctx: CliContext): void {
  const tracks = program.command('tracks').description('audio and subtitle tracks of a media')

  clientOptions(
    tracks
      .command('add <mediaId>')
      .description('add a track: from a URL (FastPix) or a .vtt/.srt caption file (PeerTube)')
      .requiredOption('--type <type>', 'audio|subtitle')
      .option('--url <url>', 'FastPix: URL of the track file')
      .option('--file <path>', 'PeerTube: a .vtt or .srt caption file on this computer')
      .requiredOption('--language-code <code>', 'BCP 47 code, e.g. it or fr-FR')
      .requiredOption('--language-name <name>', 'e.g. Italian')
      .option('--title <title>', 'track title'),
  ).action(
    async (mediaId: string, opts: ClientOptions & LanguageOptions & TrackSource & { type: string }) => {
      await withLibrary(ctx, opts, async (scope) => {
        if (opts.type !== 'audio' && opts.type !== 'subtitle')
          fail('input/invalid', `--type is audio or subtitle (got "${opts.type}").`)
        const id = mediaIdArg(mediaId)
        const track = await scope.library.addTrack(scope.account, id, {
          type: opts.type,
          ...trackSource(opts),
          languageCode: opts.languageCode ?? '',
          languageName: opts.languageName ?? '',
          ...(opts.title ? { title: opts.title } : {}),
        })
        show(ctx, opts.json, scope, id, track)
      })
    },
  )

  clientOptions(
    tracks
      .command('update <mediaId> <trackId>')
      .description("change a track's language or title (its URL cannot change)")
      .option('--language-code <code>', 'BCP 47 code')
      .option('--language-name <name>', 'language name')
      .option('--title <title>', 'track title'),
  ).action(async (mediaId: string, trackId: string, opts: ClientOptions & LanguageOptions) => {
    await withLibrary(ctx, opts, async (scope) => {
      if (opts.languageCode === undefined && opts.languageName === undefined && opts.title === undefined)
        fail('input/invalid', 'Nothing to change: give --language-code, --language-name or --title.')
      const id = mediaIdArg(mediaId)
      const track = await scope.library.updateTrack(scope.account, id, trackIdArg(trackId), {
        ...(opts.languageCode !== undefined ? { languageCode: opts.languageCode } : {}),
        ...(opts.languageName !== undefined ? { languageName: opts.languageName } : {}),
        ...(opts.title !== undefined ? { title: opts.title } : {}),
      })
      show(ctx, opts.json, scope, id, track)
    })
  })

  clientOptions(
    tracks
      .command('delete <mediaId> <trackId>')
      .description('delete a track')
      .option('-y, --yes', 'do not ask for confirmation'),
  ).action(async (mediaId: string, trackId: string, opts: ClientOptions & { yes?: boolean }) => {
    await withLibrary(ctx, opts, async ({ account, library }) => {
      const ids = [mediaIdArg(mediaId), trackIdArg(trackId)] as const
      await confirm(ctx, `Delete track ${trackId} of media ${mediaId}?`, opts.yes)
      await library.deleteTrack(account, ...ids)
      if (opts.json) printJson(ctx, { deleted: trackId, mediaId })
      else printLines(ctx, [`Track ${trackId} deleted.`])
    })
  })

  clientOptions(
    tracks
      .command('generate-subtitles <mediaId> <trackId>')
      .description('generate subtitles from an audio track')
      .requiredOption('--language-code <code>', 'e.g. en-US, it-IT')
      .requiredOption('--language-name <name>', 'e.g. English'),
  ).action(async (mediaId: string, trackId: string, opts: ClientOptions & LanguageOptions) => {
    await withLibrary(ctx, opts, async (scope) => {
      const id = mediaIdArg(mediaId)
      const track = await scope.library.generateSubtitles(
        scope.account,
        id,
        trackIdArg(trackId),
        opts.languageCode ?? '',
        opts.languageName ?? '',
      )
      show(ctx, opts.json, scope, id, track)
    })
  })
}
