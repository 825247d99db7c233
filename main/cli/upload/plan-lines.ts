import type { ManifestPlan } from '../../../common/domain/manifest.ts'
import { splitList } from '../../../common/domain/manifest.ts'
import type { CliContext } from '../context.ts'
import { redact } from '../../logging/redact.ts'
import type { RunMode } from './run.ts'

const mib = (n: number | null): string => (n === null ? '?' : `${(n / 1048576).toFixed(1)} MiB`)

/**
 * Prints a plan (issue 15 §4): each row with its size, title, destinations, sidecars and schedule; what
 * a destination will not get; duplicates with where the existing copy is; skipped files and unpaired
 * sidecars with their reasons; each destination's quota verdict. Problems go to stderr with their line.
 * `--json`: one `{"type":"plan",…}` line. Without `full` (a real run) only what needs attention is shown.
 */
export function printPlan(
  ctx: CliContext,
  mode: RunMode,
  plan: ManifestPlan,
  alreadyDone: number,
  full: boolean,
): void {
  if (mode === 'json') {
    ctx.stdout.write(JSON.stringify({ type: 'plan', alreadyDone, ...plan }) + '\n')
    return
  }
  const out: string[] = []
  const err: string[] = []
  for (const r of plan.rows) {
    const row = r.row
    if (full) {
      const sidecars = [
        row.captions.trim() !== ''
          ? `captions ${splitList(row.captions)
              .map((c) => c.split('=')[0])
              .join(', ')}`
          : '',
        row.thumbnail.trim() !== '' ? `thumbnail ${row.thumbnail}` : '',
        row.publish_at.trim() !== '' ? `public at ${row.publish_at}` : '',
      ].filter((s) => s !== '')
      out.push(
        `line ${r.line}  ${row.path}  ${mib(r.size)}  "${row.title}" → ${row.destination || '(default)'}${sidecars.length > 0 ? `  [${sidecars.join('; ')}]` : ''}`,
      )
      for (const n of r.notes) out.push(`  note: ${n}`)
    }
    for (const d of r.duplicates)
      out.push(`  duplicate on "${d.destination}" (line ${r.line}): ${d.existing}`)
    for (const p of r.problems) err.push(`line ${r.line}: ${redact(p)}`)
  }
  for (const s of plan.skipped) out.push(`skipped             ${s.path} — ${s.reason}`)
  for (const p of plan.unpairedSidecars)
    out.push(`unpaired sidecar    ${p} — beside no video of the same name; not uploaded`)
  for (const q of plan.quota)
    if (full || !q.ok) out.push(`quota "${q.destination}": ${q.ok ? 'ok' : 'REFUSED'} — ${q.message}`)
  if (full) {
    const files = plan.rows.length
    const bytes = plan.rows.reduce((n, r) => n + (r.size ?? 0), 0)
    out.push(
      `plan: ${files} file(s), ${mib(bytes)}${alreadyDone > 0 ? `, ${alreadyDone} row(s) already done` : ''}; dry run — nothing was sent`,
    )
  }
  if (out.length > 0) ctx.stdout.write(out.join('\n') + '\n')
  if (err.length > 0) ctx.stderr.write(err.join('\n') + '\n')
}
