import { useState } from 'react'
import type { AccessPolicy, MaxResolution } from '../../../common/domain/upload.ts'
import { MetadataEditor } from '../../components/metadata-editor.tsx'
import { fromRows, toRows, type MetadataRow } from '../../lib/metadata.ts'
import { useSpool } from '../../store/index.ts'

const RESOLUTIONS: ReadonlyArray<MaxResolution> = ['480p', '720p', '1080p', '1440p', '2160p']

/** The settings the next files added will get: access policy, max resolution, a metadata template. */
export function BatchSettings() {
  const batch = useSpool((s) => s.uploads.batch)
  const edited = useSpool((s) => s.batchSettingsEdited)
  const [rows, setRows] = useState<MetadataRow[]>(() => toRows(batch.metadata))
  const [problem, setProblem] = useState<string | null>(null)
  const onRows = (next: MetadataRow[]): void => {
    setRows(next)
    const checked = fromRows(next)
    setProblem(checked.ok ? null : checked.problem)
    if (checked.ok) edited({ ...batch, metadata: checked.metadata })
  }
  return (
    <details className="panel batch">
      <summary>
        Settings for new files · <strong>{batch.accessPolicy}</strong>
        {batch.maxResolution ? ` · up to ${batch.maxResolution}` : ''}
        {Object.keys(batch.metadata).length > 0
          ? ` · ${Object.keys(batch.metadata).length} metadata keys`
          : ''}
      </summary>
      <div className="form-grid">
        <label>
          Access policy
          <select
            value={batch.accessPolicy}
            onChange={(e) => edited({ ...batch, accessPolicy: e.target.value as AccessPolicy })}
          >
            <option value="public">Public</option>
            <option value="private">Private</option>
          </select>
        </label>
        <label>
          Maximum resolution
          <select
            value={batch.maxResolution ?? ''}
            onChange={(e) => {
              const { maxResolution: _old, ...rest } = batch
              edited(e.target.value ? { ...rest, maxResolution: e.target.value as MaxResolution } : rest)
            }}
          >
            <option value="">As uploaded</option>
            {RESOLUTIONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
      </div>
      <MetadataEditor label="Metadata template" rows={rows} onChange={onRows} />
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </details>
  )
}
