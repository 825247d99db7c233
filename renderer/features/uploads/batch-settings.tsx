import { useEffect, useState } from 'react'
import type { AccessPolicy, MaxResolution } from '../../../common/domain/upload.ts'
import { MetadataEditor } from '../../components/metadata-editor.tsx'
import { fromRows, toRows, type MetadataRow } from '../../lib/metadata.ts'
import { selectCapabilities, selectCurrentAccount } from '../../store/selectors.ts'
import { useSpool } from '../../store/index.ts'
import { PeerTubeBatchFields, privacyOf, PRIVACY_LABEL } from './peertube-batch-fields.tsx'

const RESOLUTIONS: ReadonlyArray<MaxResolution> = ['480p', '720p', '1080p', '1440p', '2160p']

/**
 * The settings the next files added will get. FastPix: access policy, max resolution, a metadata template.
 * PeerTube: channel and privacy (it has no free-form metadata, so no template).
 */
export function BatchSettings() {
  const batch = useSpool((s) => s.uploads.batch)
  const edited = useSpool((s) => s.batchSettingsEdited)
  const force = useSpool((s) => s.uploads.force)
  const forceEdited = useSpool((s) => s.forceEdited)
  const account = useSpool(selectCurrentAccount)
  const caps = useSpool(selectCapabilities)
  const peertube = account?.kind === 'peertube'
  const metadataAllowed = (caps?.metadataLimits.maxKeys ?? 0) > 0
  const [rows, setRows] = useState<MetadataRow[]>(() => toRows(batch.metadata))
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    // The template is FastPix's: a destination without metadata gets none.
    if (caps && !metadataAllowed && Object.keys(useSpool.getState().uploads.batch.metadata).length > 0)
      edited({ ...useSpool.getState().uploads.batch, metadata: {} })
  }, [caps, metadataAllowed, edited])
  const onRows = (next: MetadataRow[]): void => {
    setRows(next)
    const checked = fromRows(next)
    setProblem(checked.ok ? null : checked.problem)
    if (checked.ok) edited({ ...batch, metadata: checked.metadata })
  }
  const metadataCount = Object.keys(batch.metadata).length
  return (
    <details className="panel batch">
      <summary>
        Settings for new files
        {peertube ? (
          <>
            {' '}
            · <strong>{PRIVACY_LABEL[privacyOf(batch)]}</strong>
            {batch.channel ? ` · channel ${batch.channel}` : ''}
          </>
        ) : (
          <>
            {' '}
            · <strong>{batch.accessPolicy}</strong>
            {batch.maxResolution ? ` · up to ${batch.maxResolution}` : ''}
            {metadataCount > 0 ? ` · ${metadataCount} metadata keys` : ''}
          </>
        )}
        {force ? ' · duplicates uploaded again' : ''}
      </summary>
      {peertube && account ? (
        <PeerTubeBatchFields account={account.name} />
      ) : (
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
      )}
      {metadataAllowed && <MetadataEditor label="Metadata template" rows={rows} onChange={onRows} />}
      {problem && metadataAllowed && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={force} onChange={(e) => forceEdited(e.target.checked)} />
        Upload files already at the destination again (same content, any name)
      </label>
    </details>
  )
}
