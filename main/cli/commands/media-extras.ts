import type { Command } from 'commander'
import { mediaIdArg } from '../ids.ts'
import type { Mp4Option } from '../../../common/domain/media.ts'
import { fail } from '../../../common/ipc/result.ts'
import type { CliContext } from '../context.ts'
import { clientOptions, withLibrary, type ClientOptions } from '../library-context.ts'
import { parseCount, printMedia } from '../media-format.ts'
import { printClips, printFields, printJson, printLines } from '../output.ts'

/** The built-in sandbox serves the original itself: the URL lives as long as that server does. */
const sandboxUrlNote = (port: string): string =>
  `This URL is served by the built-in sandbox, so it works only while the sandbox runs: the Spool app or ` +
  `any spool command starts it, always on port ${port} while that port is free (\`spool sandbox --port ` +
  `${port} --data <SPOOL_HOME>/sandbox\` keeps it up on its own).`

const MP4: ReadonlyArray<Mp4Option> = ['none', 'capped_4k', 'audioOnly', 'audioOnly,capped_4k']

/** Registers the per-media extras: summary, generate-summary, input-info, clips, mp4, source-access. */
export function registerMediaExtras(media: Command, ctx: CliContext): void {
  clientOptions(media.command('summary <id>').description("show the media's AI summary")).action(
    async (id: string, opts: ClientOptions) => {
      await withLibrary(ctx, opts, async ({ account, library }) => {
        const s = await library.summary(account, mediaIdArg(id))
        if (opts.json) return printJson(ctx, s)
        if (s.state === 'ready') printLines(ctx, [s.sandbox ? `${s.text}\n(sandbox output)` : s.text])
        else if (s.state === 'preparing') printLines(ctx, ['The summary is being generated.'])
        else printLines(ctx, ['No summary yet: run `spool media generate-summary ID`.'])
      })
    },
  )

  clientOptions(
    media
      .command('generate-summary <id>')
      .description('ask for an AI summary')
      .option('--length <words>', 'summary length in words (30–250)'),
  ).action(async (id: string, opts: ClientOptions & { length?: string }) => {
    await withLibrary(ctx, opts, async ({ account, library }) => {
      const length = opts.length === undefined ? undefined : parseCount(opts.length, '--length', 30, 250)
      const s = await library.generateSummary(account, mediaIdArg(id), length)
      if (opts.json) printJson(ctx, s)
      else
        printLines(ctx, [
          s.state === 'ready' ? s.text : 'Summary requested; check back with `spool media summary`.',
        ])
    })
  })

  clientOptions(media.command('input-info <id>').description('what FastPix received for the media')).action(
    async (id: string, opts: ClientOptions) => {
      await withLibrary(ctx, opts, async ({ account, library, destination }) => {
        const info = await library.inputInfo(account, mediaIdArg(id))
        if (opts.json) return printJson(ctx, info)
        printFields(ctx, [
          ['Source URL', info.url ?? '-'],
          ['Container', info.containerFormat ?? '-'],
          ['Tracks', String(info.tracks.length)],
        ])
        const origin = new URL(destination.account.apiUrl)
        if (destination.account.builtIn && info.url?.startsWith(origin.origin))
          printLines(ctx, [sandboxUrlNote(origin.port)])
      })
    },
  )

  clientOptions(media.command('clips <id>').description('clips made from the media')).action(
    async (id: string, opts: ClientOptions) => {
      await withLibrary(ctx, opts, async ({ account, library }) => {
        const clips = await library.mediaClips(account, mediaIdArg(id))
        printClips(ctx, opts.json, clips)
      })
    },
  )

  clientOptions(media.command('mp4 <id> <option>').description(`MP4 downloads: ${MP4.join(' | ')}`)).action(
    async (id: string, option: string, opts: ClientOptions) => {
      await withLibrary(ctx, opts, async ({ account, library }) => {
        const chosen = MP4.find((o) => o === option)
        if (!chosen) fail('input/invalid', `MP4 support is one of: ${MP4.join(', ')} (got "${option}").`)
        const m = await library.setMp4Support(account, mediaIdArg(id), chosen)
        if (opts.json) printJson(ctx, m)
        else printMedia(ctx, m)
      })
    },
  )

  clientOptions(
    media.command('source-access <id> <onOff>').description('allow downloading the original: on|off'),
  ).action(async (id: string, onOff: string, opts: ClientOptions) => {
    await withLibrary(ctx, opts, async ({ account, library }) => {
      if (onOff !== 'on' && onOff !== 'off')
        fail('input/invalid', `Source access is on or off (got "${onOff}").`)
      const m = await library.setSourceAccess(account, mediaIdArg(id), onOff === 'on')
      if (opts.json) printJson(ctx, m)
      else printMedia(ctx, m)
    })
  })
}
