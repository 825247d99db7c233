import { useId } from 'react'
import { METADATA_MAX_KEYS, METADATA_MAX_LENGTH, type MetadataRow } from '../lib/metadata.ts'

/** Key/value rows within FastPix's limits (10 keys × 255 characters); inputs cannot exceed them. */
export function MetadataEditor(props: {
  rows: ReadonlyArray<MetadataRow>
  onChange: (rows: MetadataRow[]) => void
  label: string
}) {
  const id = useId()
  const { rows, onChange } = props
  const edit = (i: number, row: MetadataRow): void => onChange(rows.map((r, j) => (j === i ? row : r)))
  return (
    <fieldset className="metadata">
      <legend>{props.label}</legend>
      {rows.length === 0 && <p className="hint">No metadata yet.</p>}
      {rows.map((row, i) => (
        <div className="metadata-row" key={`${id}-${i}`}>
          <input
            aria-label={`Metadata key ${i + 1}`}
            placeholder="key"
            value={row.key}
            maxLength={METADATA_MAX_LENGTH}
            onChange={(e) => edit(i, { ...row, key: e.target.value })}
          />
          <input
            aria-label={`Metadata value ${i + 1}`}
            placeholder="value"
            value={row.value}
            maxLength={METADATA_MAX_LENGTH}
            onChange={(e) => edit(i, { ...row, value: e.target.value })}
          />
          <button
            type="button"
            className="ghost"
            aria-label={`Remove metadata key ${row.key || i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <div className="metadata-foot">
        <button
          type="button"
          onClick={() => onChange([...rows, { key: '', value: '' }])}
          disabled={rows.length >= METADATA_MAX_KEYS}
        >
          Add key
        </button>
        <span className="hint">
          {rows.length} of {METADATA_MAX_KEYS} keys · up to {METADATA_MAX_LENGTH} characters each
        </span>
      </div>
    </fieldset>
  )
}
