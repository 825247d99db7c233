import type { Command } from 'commander'
import { describeAge, needsRefresh } from '../../../common/domain/freshness.ts'
import { lastDeliveredAt } from '../../uploads/repository.ts'
import { mediaIdIn } from '../ids.ts'
import type { LibrarySort, Media } from '../../../common/domain/media.ts'
import { fail } from '../../../common/ipc/result.ts'
import { parseMetadataPairs } from '../../library/metadata.ts'
import type { CliContext } from '../context.ts'
import { clientOptions, withLibrary, type ClientOptions } from '../library-context.ts'
import { collect, parseCount, parseStatus, printMedia, printMediaTable } from '../media-format.ts'
import { confirm, printJson, printLines } from '../output.ts'
import { registerMediaExtras } from './media-extras.ts'

type ListOptions = ClientOptions & {
  all?: boolean
  status?: string
  search?: string
  sort: string
  limit: string
  offset: string
}

const SORTS: ReadonlyArray<LibrarySort> = ['created-desc', 'created-asc', 'title-asc', 'duration-desc']

function parseSort(raw: string): LibrarySort {
  const found = SORTS.find((s) => s === raw)
  if (!found) fail('input/invalid', `Unknown sort "${raw}". Use one of: ${SORTS.join(', ')}.`)
  return found
}

/** Polls until the media is Ready or Failed (at most `ms`), returning the last state seen. */
async function settle(get: () => Promise<Media>, current: Media, ms = 20_000): Promise<Media> {
  const until = Date.now() + ms
  let m = current
  while (m.status !== 'Ready' && m.status !== 'Failed' && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250))
    m = await get()
  }
  return m
}

/** Registers `spool media …`: the library cache and every single-media operation. */
export function registerMediaCommand(program: Command, ctx: CliContext): void {
  const media = program.command('media').description('browse and manage the media library')

  clientOptions(
    media
      .command('list')
      .description('list the library from the local cache (filled on first use; --all refreshes it)')
      .option('--all', 'refresh the cache by paging the whole remote library first')
      .option('--status <status>', 'only media in this status (e.g. Ready, Failed)')
      .option('--search <text>', 'match title, id and metadata values')
      .option('--sort <sort>', SORTS.join('|'), 'created-desc')
      .option('--limit <n>', 'at most this many rows', '100')
      .option('--offset <n>', 'skip this many rows', '0'),
  ).action(async (opts: ListOptions) => {
    await withLibrary(ctx, opts, async ({ account, library, db, destination }) => {
      const query = {
        sort: parseSort(opts.sort),
        limit: parseCount(opts.limit, '--limit', 1, 1000),
        offset: parseCount(opts.offset, '--offset', 0),
        ...(opts.status ? { status: parseStatus(opts.status) } : {}),
        ...(opts.search ? { search: opts.search } : {}),
      }
      // The cache is never stale: refreshed when asked, when old, or when an upload finished since.
      const delivered = lastDeliveredAt(db, destination.account.name)
      if (opts.all || needsRefresh(library.cacheInfo(account).refreshedAt, delivered, Date.now()))
        await library.refresh(account)
      const page = library.query(account, query)
      const info = library.cacheInfo(account)
      if (opts.json) return printJson(ctx, { ...page, cachedAt: info.refreshedAt })
      printMediaTable(ctx, page.items)
      printLines(ctx, [
        `${page.items.length} of ${page.total} shown (library as of ${describeAge(info.refreshedAt, Date.now())}: ${info.count} media)`,
      ])
    })
  })

  clientOptions(media.command('get <id>').description('show one media with its tracks')).action(
    async (id: string, opts: ClientOptions) => {
      await withLibrary(ctx, opts, async (scope) => {
        const { account, library } = scope
        const m = await library.get(account, await mediaIdIn(scope, id))
        if (opts.json) printJson(ctx, m)
        else printMedia(ctx, m)
      })
    },
  )

  clientOptions(
    media
      .command('delete <id>')
      .description('delete a media at the destination')
      .option('-y, --yes', 'do not ask for confirmation'),
  ).action(async (id: string, opts: ClientOptions & { yes?: boolean }) => {
    await withLibrary(ctx, opts, async (scope) => {
      const { account, library } = scope
      const media = await mediaIdIn(scope, id)
      await confirm(ctx, `Delete media ${media}? This cannot be undone`, opts.yes)
      await library.delete(account, media)
      if (opts.json) printJson(ctx, { deleted: media })
      else printLines(ctx, [`Media ${media} deleted.`])
    })
  })

  clientOptions(
    media
      .command('update <id>')
      .description('change the title, creator id or metadata (k=v sets a key, k= removes it)')
      .option('--title <title>', 'new title')
      .option('--creator-id <id>', 'new creator id')
      .option('--metadata <k=v>', 'set (or with an empty value remove) a metadata key; repeatable', collect),
  ).action(
    async (id: string, opts: ClientOptions & { title?: string; creatorId?: string; metadata?: string[] }) => {
      await withLibrary(ctx, opts, async (scope) => {
        const { account, library } = scope
        if (opts.title === undefined && opts.creatorId === undefined && !opts.metadata?.length)
          fail('input/invalid', 'Nothing to change: give --title, --creator-id or --metadata k=v.')
        const m = await library.update(account, await mediaIdIn(scope, id), {
          ...(opts.title !== undefined ? { title: opts.title } : {}),
          ...(opts.creatorId !== undefined ? { creatorId: opts.creatorId } : {}),
          ...(opts.metadata?.length ? { metadataChanges: parseMetadataPairs(opts.metadata) } : {}),
        })
        if (opts.json) printJson(ctx, m)
        else printMedia(ctx, m)
      })
    },
  )

  clientOptions(
    media
      .command('create-from-url <url>')
      .description('create a media that FastPix pulls from a URL (never duplicated on a retry)')
      .option('--title <title>', 'title')
      .option('--access-policy <policy>', 'public|private', 'public')
      .option('--metadata <k=v>', 'metadata key; repeatable', collect),
  ).action(
    async (
      url: string,
      opts: ClientOptions & { title?: string; accessPolicy: string; metadata?: string[] },
    ) => {
      await withLibrary(ctx, opts, async ({ account, library, destination }) => {
        if (!/^https?:\/\//i.test(url)) fail('input/invalid', `Not an http(s) URL: "${url}".`)
        if (opts.accessPolicy !== 'public' && opts.accessPolicy !== 'private')
          fail('input/invalid', '--access-policy is public or private.')
        const metadata = Object.fromEntries(
          Object.entries(parseMetadataPairs(opts.metadata ?? [])).filter(
            (e): e is [string, string] => e[1] !== null,
          ),
        )
        let m = await library.createFromUrl(account, url, {
          accessPolicy: opts.accessPolicy,
          metadata,
          ...(opts.title ? { title: opts.title } : {}),
        })
        // The built-in sandbox may live only as long as this command: let it fetch and probe the media.
        if (destination.account.builtIn) m = await settle(() => library.get(account, m.id), m)
        if (opts.json) printJson(ctx, m)
        else printLines(ctx, [`Media ${m.id} created (${m.status}).`])
      })
    },
  )

  registerMediaExtras(media, ctx)
}
