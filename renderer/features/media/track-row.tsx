import { useState } from 'react'
import type { Track } from '../../../common/domain/media.ts'
import { useSpool } from '../../store/index.ts'
import { LanguageFields } from '../../components/language-fields.tsx'

/** FastPix generates subtitles for locales (it-IT, en-US); guess one from a bare language code. */
function localeGuess(code: string | undefined): string {
  if (!code) return 'en-US'
  if (code.includes('-')) return code
  return code === 'en' ? 'en-US' : `${code}-${code.toUpperCase()}`
}

/**
 * One track: its facts, and delete; edit where the provider edits tracks in place, generate-subtitles for
 * audio where it generates them.
 */
export function TrackRow({
  track,
  editable,
  generate,
}: {
  track: Track
  editable: boolean
  generate: boolean
}) {
  const updated = useSpool((s) => s.trackUpdated)
  const deleted = useSpool((s) => s.trackDeleted)
  const subtitles = useSpool((s) => s.subtitlesRequested)
  const busy = useSpool((s) => s.mediaDetail.busy)
  const [editing, setEditing] = useState(false)
  const [generating, setGenerating] = useState(false)
  const [genCode, setGenCode] = useState(() => localeGuess(track.languageCode))
  const [code, setCode] = useState(track.languageCode ?? '')
  const [name, setName] = useState(track.languageName ?? '')
  const kind = track.type === 'unknown' ? `unknown (${track.rawType})` : track.type
  const label = `${kind} track ${track.languageName ?? track.languageCode ?? track.id}`
  return (
    <li className="track">
      <div className="track-facts">
        <strong>{kind}</strong>
        <span>{track.languageName ?? track.languageCode ?? '—'}</span>
        <span
          className="badge"
          data-tone={track.status === 'ready' ? 'ok' : track.status === 'failed' ? 'error' : 'busy'}
        >
          {track.status === 'unknown' ? track.rawStatus : track.status}
        </span>
        {track.width && track.height ? <span className="sub">{`${track.width}×${track.height}`}</span> : null}
        <span className="sub">{track.id}</span>
      </div>
      {track.type !== 'video' && (
        <div className="toolbar">
          {editable && (
            <button
              type="button"
              className="ghost"
              aria-expanded={editing}
              onClick={() => setEditing(!editing)}
              aria-label={`Edit ${label}`}
            >
              Edit
            </button>
          )}
          {generate && track.type === 'audio' && (
            <button
              type="button"
              className="ghost"
              disabled={busy}
              aria-label={`Generate subtitles from ${label}`}
              aria-expanded={generating}
              onClick={() => setGenerating(!generating)}
            >
              Generate subtitles
            </button>
          )}
          <button
            type="button"
            className="ghost danger"
            disabled={busy}
            aria-label={`Delete ${label}`}
            onClick={() => void deleted(track.id)}
          >
            Delete
          </button>
        </div>
      )}
      {generating && (
        <form
          className="inline-form"
          aria-label="Generate subtitles"
          onSubmit={(e) => {
            e.preventDefault()
            void subtitles(track.id, genCode.trim(), track.languageName ?? genCode.trim()).then(() =>
              setGenerating(false),
            )
          }}
        >
          <label>
            Spoken language (locale)
            <input
              value={genCode}
              onChange={(e) => setGenCode(e.target.value)}
              required
              maxLength={35}
              placeholder="en-US"
            />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Generate
          </button>
        </form>
      )}
      {editing && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault()
            void updated(track.id, { languageCode: code.trim(), languageName: name.trim() }).then(
              (ok) => ok && setEditing(false),
            )
          }}
        >
          <LanguageFields code={code} name={name} onCode={setCode} onName={setName} />
          <button type="submit" className="primary">
            Save track
          </button>
        </form>
      )}
    </li>
  )
}
