import type { Command } from 'commander'
import { existsSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { CliContext } from '../context.ts'
import { CliExit, EXIT } from '../context.ts'
import { printJson, runCommand } from '../output.ts'
import { openCliHome } from '../home.ts'
import { addBatchOptions, parseBatchOptions, type BatchOptionValues } from '../upload/batch-options.ts'
import { formatManifest } from '../../manifest/csv.ts'
import { rowsFromScan } from '../../manifest/rows-from-scan.ts'
import { destinationFacts } from '../../manifest/destination-facts.ts'
import { redact } from '../../logging/redact.ts'

type InitOptions = BatchOptionValues & { output?: string; account: string[]; force?: boolean; json?: boolean }

/** Registers `spool manifest init DIR… [-o FILE.csv]` (issue 15 §1). */
export function registerManifestCommand(program: Command, ctx: CliContext): void {
  const manifest = program
    .command('manifest')
    .description('write a spreadsheet (CSV) of a batch to review and edit before `spool upload --manifest`')
  const init = manifest
    .command('init')
    .description(
      'one row per file `spool upload` would queue, filled with what Spool would do by default (title, ' +
        'captions and thumbnail found beside each file, the batch options below); result columns left empty',
    )
    .argument('<paths...>', 'files or folders')
    .option('-o, --output <file.csv>', 'write the manifest here (default: standard output)')
    .option('--force', 'replace the output file if it exists')
    .option(
      '--account <name>',
      'a destination of every row (repeatable; default: the default account)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--json', 'print a JSON summary instead of lines (with -o)')
  addBatchOptions(init).action(async (paths: string[], opts: InitOptions) => {
    const defaults = parseBatchOptions(opts, 'manifest init')
    const missing = paths.filter((p) => !existsSync(p))
    if (missing.length > 0)
      throw new CliExit(
        EXIT.usage,
        `spool manifest init: no such file or folder: ${missing.map((p) => JSON.stringify(p)).join(', ')}`,
      )
    const output = opts.output === undefined ? null : resolve(opts.output)
    if (output !== null && existsSync(output) && !opts.force)
      throw new CliExit(
        EXIT.usage,
        `spool manifest init: ${opts.output} exists; choose another name or add --force to replace it`,
      )
    await runCommand(ctx, opts.json, async () => {
      const home = openCliHome(ctx)
      try {
        const accounts = opts.account.length > 0 ? opts.account : [(await home.destination()).account.name]
        for (const name of accounts) await home.destination(name) // an unknown account is refused here
        const privacy = defaults.privacy ?? home.settings.get().defaultUpload.accessPolicy
        // What Spool would do: publish to the PeerTube account's first channel (when the rows name one
        // PeerTube account; with two, the cell stays empty and each takes its own first channel).
        const facts = [...(await destinationFacts(home.db, accounts, (n) => home.destination(n))).values()]
        const peertube = facts.filter((f) => f.kind === 'peertube')
        const firstChannel = peertube.length === 1 ? peertube[0]!.channels?.[0] : undefined
        const channel = defaults.channel ?? firstChannel
        const scanned = await rowsFromScan(
          paths,
          accounts,
          { ...defaults, privacy, ...(channel !== undefined ? { channel } : {}) },
          output === null ? process.cwd() : dirname(output),
        )
        const text = formatManifest(scanned.rows)
        if (output === null) ctx.stdout.write(text)
        else writeFileSync(output, text)
        const notes = [
          ...scanned.skipped.map((s) => `skipped             ${s.path} — ${redact(s.reason.message)}`),
          ...scanned.unpairedSidecars.map((s) => `unpaired sidecar    ${s.path} — ${s.reason.message}`),
        ]
        if (output === null) {
          if (notes.length > 0) ctx.stderr.write(notes.join('\n') + '\n')
          return
        }
        if (opts.json)
          printJson(ctx, {
            manifest: output,
            rows: scanned.rows.length,
            skipped: scanned.skipped.map((s) => ({ path: s.path, error: { code: s.reason.code, message: s.reason.message } })),
            unpairedSidecars: scanned.unpairedSidecars.map((s) => s.path),
          }) // prettier-ignore
        else
          ctx.stdout.write(
            [...notes, `${scanned.rows.length} row(s) written to ${output}`, `Edit it, then: spool upload --manifest ${JSON.stringify(output)}`].join('\n') + '\n',
          ) // prettier-ignore
        if (scanned.rows.length === 0)
          throw new CliExit(EXIT.failed, 'spool manifest init: no file to upload was found.')
      } finally {
        await home.close()
      }
    })
  })
}
