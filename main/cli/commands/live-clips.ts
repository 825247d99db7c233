import type { Command } from 'commander'
import type { CliContext } from '../context.ts'
import { clientOptions, withLibrary, type ClientOptions } from '../library-context.ts'
import { printClips } from '../output.ts'

/** Registers `spool live-clips STREAM_ID` (32-hex live-stream ids, not UUIDs). */
export function registerLiveClipsCommand(program: Command, ctx: CliContext): void {
  clientOptions(
    program.command('live-clips <streamId>').description('clips recorded from a live stream'),
  ).action(async (streamId: string, opts: ClientOptions) => {
    await withLibrary(ctx, opts, async ({ account, library }) => {
      const clips = await library.liveClips(account, streamId)
      printClips(ctx, opts.json, clips)
    })
  })
}
