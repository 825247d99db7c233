import { memo } from 'react'
import type { ManifestRow } from '../../../common/domain/manifest.ts'
import { VIDEO_PRIVACIES } from '../../../common/domain/upload.ts'
import { formatBytes } from '../../lib/format.ts'
import { selectCurrentAccount } from '../../store/selectors.ts'
import type { RowCheck } from '../../store/review-slice.ts'
import { useSpool } from '../../store/index.ts'
import { cellOf, fileOf, type ColumnSpec } from './columns.ts'

const PRIVACY_LIST = 'review-privacy-words'

/**
 * The batch as a spreadsheet: one row per file, every manifest cell editable in place (a plain input, so
 * Tab walks the cells and the keyboard edits them), the file's size and what checking it found.
 */
export function ReviewTable({
  rows,
  checks,
  columns,
}: {
  rows: ReadonlyArray<ManifestRow>
  checks: ReadonlyArray<RowCheck>
  columns: ReadonlyArray<ColumnSpec>
}) {
  const problems = useSpool((s) => s.review.problems)
  const peertube = useSpool((s) => selectCurrentAccount(s)?.kind === 'peertube')
  return (
    <div className="review-scroll" tabIndex={0} role="region" aria-label="Files in this batch, editable">
      {/* The privacy words the destination knows, offered while typing (the cell stays free text, as in a CSV). */}
      <datalist id={PRIVACY_LIST}>
        {(peertube ? VIDEO_PRIVACIES : ['public', 'private']).map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <table className="table review-table" aria-label="Review of the batch">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Size</th>
            {columns.map((c) => (
              <th key={c.column} scope="col" data-wide={c.wide === true}>
                {c.label}
                {c.hint && <span className="sub"> ({c.hint})</span>}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <ReviewRow
              key={row.path + ':' + String(i)}
              index={i}
              row={row}
              check={checks[i]}
              columns={columns}
              refused={problems.filter((p) => p.row === i).map((p) => p.message)}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}

const ReviewRow = memo(function ReviewRow({
  index,
  row,
  check,
  columns,
  refused,
}: {
  index: number
  row: ManifestRow
  check: RowCheck | undefined
  columns: ReadonlyArray<ColumnSpec>
  refused: ReadonlyArray<string>
}) {
  const edited = useSpool((s) => s.reviewCellEdited)
  const removed = useSpool((s) => s.reviewRowRemoved)
  const { name, folder } = fileOf(row.path)
  const problems = [...(check?.problems ?? []), ...refused]
  const notes = [
    ...(check?.notes ?? []),
    ...(check?.duplicates ?? []).map((d) => `Already on ${d.destination}: ${d.existing}`),
  ]
  const describedBy = problems.length + notes.length > 0 ? `review-row-${index}-notes` : undefined
  return (
    <>
      <tr data-problem={problems.length > 0} aria-describedby={describedBy}>
        <th scope="row" className="cell-name">
          <div className="name" title={row.path}>
            {name}
          </div>
          <div className="sub">{folder}</div>
        </th>
        <td className="cell-num">{check?.size == null ? '—' : formatBytes(check.size)}</td>
        {columns.map((c) => (
          <td key={c.column} data-wide={c.wide === true}>
            <input
              aria-label={`${c.label} of ${name}`}
              list={c.column === 'privacy' ? PRIVACY_LIST : undefined}
              value={cellOf(row, c.column)}
              onChange={(e) => edited(index, c.column, e.target.value)}
              spellCheck={c.column === 'title' || c.column === 'description'}
            />
          </td>
        ))}
        <td>
          <button
            type="button"
            className="ghost"
            aria-label={`Leave ${name} out of this batch`}
            onClick={() => removed(index)}
          >
            ✕
          </button>
        </td>
      </tr>
      {describedBy && (
        <tr className="review-notes">
          <td colSpan={columns.length + 3} id={describedBy}>
            {problems.map((p) => (
              <div key={p} className="row-error">
                <span aria-hidden="true">✕</span> {p}
              </div>
            ))}
            {notes.map((n) => (
              <div key={n} className="sub">
                <span aria-hidden="true">ℹ</span> {n}
              </div>
            ))}
          </td>
        </tr>
      )}
    </>
  )
})
