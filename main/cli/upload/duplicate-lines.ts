import type { DuplicateFile } from '../../../common/domain/upload.ts'
import { isFinal } from '../../../common/domain/upload-machine.ts'
import type { CliContext } from '../context.ts'
import type { RunMode } from './run.ts'

/**
 * How `spool upload` reports files it did not queue because their content is already at the destination
 * (issue 13 §2): where the existing copy is — account, media id, title — and how it was recognised.
 */

const HOW: Readonly<Record<DuplicateFile['match'], string>> = {
  'same-file': 'the same file',
  'same-content': 'the same content under another name',
  library: 'found in the library',
  moved: 'its file moved here from where it was queued',
}

/** A title as one bounded, quoted piece of a line (control characters escaped). */
const quoted = (title: string | null): string =>
  title === null ? '' : ` ${JSON.stringify(title.length > 80 ? `${title.slice(0, 79)}…` : title)}`

/** Whether a duplicate still has to finish here (its job is in the queue and not ended): this run does it. */
export const stillRunning = (d: DuplicateFile): boolean =>
  d.existingJobId !== null && d.state !== null && !isFinal(d.state)

/** One line (or JSON object) per duplicate. */
export function printDuplicates(
  ctx: CliContext,
  mode: RunMode,
  duplicates: ReadonlyArray<DuplicateFile>,
): void {
  for (const d of duplicates) {
    if (mode === 'json') {
      ctx.stdout.write(JSON.stringify({ type: 'duplicate', ...d }) + '\n')
      continue
    }
    if (d.match === 'moved') {
      ctx.stdout.write(
        `moved               ${d.path} — job ${d.existingJobId?.slice(0, 8) ?? ''} continues from here (${HOW.moved})\n`,
      )
      continue
    }
    const where = d.copy.mediaId
      ? `already on ${d.copy.account} as media ${d.copy.mediaId}${quoted(d.copy.title)}`
      : `already queued for ${d.copy.account}${quoted(d.copy.title)}`
    const job = d.existingJobId ? `, job ${d.existingJobId.slice(0, 8)} ${d.state ?? ''}` : ''
    const next = stillRunning(d) ? '; this run finishes it' : '; --force uploads it again'
    ctx.stdout.write(`duplicate           ${d.path} — ${where} (${HOW[d.match]}${job})${next}\n`)
  }
}
