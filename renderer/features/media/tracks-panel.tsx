import type { Media } from '../../../common/domain/media.ts'
import type { AccountCapabilities } from '../../../common/ipc/reply-schemas.ts'
import { AddTrackForm } from './add-track-form.tsx'
import { TrackRow } from './track-row.tsx'

/**
 * The media's tracks (PeerTube's captions are its subtitle tracks) and generated subtitles, plus the add
 * form where tracks are added by URL (FastPix); caption files are added from the CLI.
 */
export function TracksPanel({
  media,
  caps,
  editableTracks,
}: {
  media: Media
  caps: AccountCapabilities | null
  editableTracks: boolean
}) {
  return (
    <section className="panel" aria-labelledby="tracks-h">
      <h2 id="tracks-h">{caps && !caps.tracksByUrlOnly ? 'Tracks and captions' : 'Tracks'}</h2>
      {media.tracks.length === 0 ? (
        <p className="hint">
          {media.status === 'Ready'
            ? 'No audio, video or subtitle tracks were found in this media.'
            : 'Tracks are listed once the media is processed.'}
        </p>
      ) : (
        <ul className="tracks">
          {media.tracks.map((t) => (
            <TrackRow
              key={t.id}
              track={t}
              editable={editableTracks}
              generate={caps?.generatedSubtitles === true}
            />
          ))}
        </ul>
      )}
      {caps?.generatedSubtitles && media.generatedSubtitles.length > 0 && (
        <p className="hint">
          Generated subtitles:{' '}
          {media.generatedSubtitles.map((g, i) => (
            <span key={g.trackId ?? i} className="badge" data-tone={g.status === 'ready' ? 'ok' : 'busy'}>
              {g.status === 'unknown' ? g.rawStatus : g.status}
            </span>
          ))}
        </p>
      )}
      {caps?.tracksByUrlOnly ? (
        <AddTrackForm />
      ) : caps ? (
        <p className="hint">
          Captions are added as .vtt or .srt files:{' '}
          <code>
            spool tracks add {media.id} --type subtitle --file captions.vtt --language-code fr --language-name
            French
          </code>
        </p>
      ) : null}
    </section>
  )
}
