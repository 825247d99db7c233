import type { Media } from '../../../common/domain/media.ts'
import { AddTrackForm } from './add-track-form.tsx'
import { TrackRow } from './track-row.tsx'

/** The media's tracks and generated subtitles, plus the add form. */
export function TracksPanel({ media }: { media: Media }) {
  return (
    <section className="panel" aria-labelledby="tracks-h">
      <h2 id="tracks-h">Tracks</h2>
      {media.tracks.length === 0 ? (
        <p className="hint">No tracks yet.</p>
      ) : (
        <ul className="tracks">
          {media.tracks.map((t) => (
            <TrackRow key={t.id} track={t} />
          ))}
        </ul>
      )}
      {media.generatedSubtitles.length > 0 && (
        <p className="hint">
          Generated subtitles:{' '}
          {media.generatedSubtitles.map((g, i) => (
            <span key={g.trackId ?? i} className="badge" data-tone={g.status === 'ready' ? 'ok' : 'busy'}>
              {g.status === 'unknown' ? g.rawStatus : g.status}
            </span>
          ))}
        </p>
      )}
      <AddTrackForm />
    </section>
  )
}
