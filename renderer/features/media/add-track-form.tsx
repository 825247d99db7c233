import { useState, type FormEvent } from 'react'
import { LanguageFields } from '../../components/language-fields.tsx'
import { useSpool } from '../../store/index.ts'

/** Adds an audio or subtitle track from a URL (FastPix adds tracks by URL only). */
export function AddTrackForm() {
  const added = useSpool((s) => s.trackAdded)
  const busy = useSpool((s) => s.mediaDetail.busy)
  const [type, setType] = useState<'audio' | 'subtitle'>('subtitle')
  const [url, setUrl] = useState('')
  const [code, setCode] = useState('')
  const [name, setName] = useState('')
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    void added({ type, url: url.trim(), languageCode: code.trim(), languageName: name.trim() }).then((ok) => {
      if (ok) {
        setUrl('')
        setCode('')
        setName('')
      }
    })
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add a track">
      <label>
        Kind
        <select value={type} onChange={(e) => setType(e.target.value as 'audio' | 'subtitle')}>
          <option value="subtitle">Subtitle</option>
          <option value="audio">Audio</option>
        </select>
      </label>
      <label className="grow">
        Track URL
        <input
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          required
          placeholder="https://…/french.vtt"
        />
      </label>
      <LanguageFields
        code={code}
        name={name}
        onCode={setCode}
        onName={setName}
        placeholders={{ code: 'fr', name: 'French' }}
      />
      <button type="submit" className="primary" disabled={busy}>
        Add track
      </button>
    </form>
  )
}
