import { useState, type FormEvent } from 'react'
import type { Media } from '../../../common/domain/media.ts'
import { MetadataEditor } from '../../components/metadata-editor.tsx'
import { fromRows, toRows, type MetadataRow } from '../../lib/metadata.ts'
import { useSpool } from '../../store/index.ts'

/**
 * Title and metadata of one media; the whole metadata map is sent (FastPix replaces it on PATCH). A
 * destination without free-form metadata (PeerTube) gets the title only.
 */
export function MediaEditor({ media, withMetadata }: { media: Media; withMetadata: boolean }) {
  const saved = useSpool((s) => s.mediaSaved)
  const busy = useSpool((s) => s.mediaDetail.busy)
  const [title, setTitle] = useState(media.title ?? '')
  const [rows, setRows] = useState<MetadataRow[]>(() => toRows(media.metadata))
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
