import { useState, type FormEvent } from 'react'
import type { Media } from '../../../common/domain/media.ts'
import { MetadataEditor } from '../../components/metadata-editor.tsx'
import { fromRows, toRows, type MetadataRow } from '../../lib/metadata.ts'
import { useSpool } from '../../store/index.ts'
import { readSpoolMetadata, userMetadata } from '../../../common/domain/spool-metadata.ts'

/**
 * Title and metadata of one media; the whole metadata map is sent (FastPix replaces it on PATCH). A
 * destination without free-form metadata (PeerTube) gets the title only.
 */
export function MediaEditor({ media, withMetadata }: { media: Media; withMetadata: boolean }) {
  const saved = useSpool((s) => s.mediaSaved)
  const busy = useSpool((s) => s.mediaDetail.busy)
  const [title, setTitle] = useState(media.title ?? '')
  // Spool's own key is not the user's to edit: shown read-only below, kept by main on save.
  const [rows, setRows] = useState<MetadataRow[]>(() => toRows(userMetadata(media.metadata)))
  const own = readSpoolMetadata(media.metadata)
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!withMetadata) {
      void saved({ title: title.trim() })
      return
    }
    const checked = fromRows(rows)
    if (!checked.ok) return setProblem(checked.problem)
    setProblem(null)
    void saved({ title: title.trim(), metadata: checked.metadata })
  }
  return (
    <form
      className="panel"
      onSubmit={submit}
      aria-label={withMetadata ? 'Title and metadata' : 'Video title'}
    >
      <h2>Details</h2>
      <label className="block">
        Title
        <input value={title} maxLength={255} onChange={(e) => setTitle(e.target.value)} />
      </label>
      {withMetadata && <MetadataEditor label="Metadata" rows={rows} onChange={setRows} />}
      {withMetadata && (own.folder || own.clientId || own.fingerprint) && (
        <dl className="spool-metadata" aria-label="Recorded by Spool">
          {own.folder && (
            <>
              <dt>Folder</dt>
              <dd>{own.folder}</dd>
            </>
          )}
          {own.fingerprint && (
            <>
              <dt>Fingerprint</dt>
              <dd>
                <code>{own.fingerprint}</code>
              </dd>
            </>
          )}
          {own.clientId && (
            <>
              <dt>Spool client id</dt>
              <dd>
                <code>{own.clientId}</code>
              </dd>
            </>
          )}
        </dl>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy}>
          Save details
        </button>
      </div>
    </form>
  )
}
