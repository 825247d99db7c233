import type { Media, Mp4Option } from '../../../common/domain/media.ts'
import type { AccountCapabilities } from '../../../common/ipc/reply-schemas.ts'
import { useSpool } from '../../store/index.ts'

/**
 * Summary, MP4 support, source access, input info and clips: each shown only where the account's provider
 * has it (`caps`; input info has no capability of its own and goes with FastPix, `inputInfo`).
 */
export function MediaExtras({
  media,
  caps,
  inputInfo,
}: {
  media: Media
  caps: AccountCapabilities
  inputInfo: boolean
}) {
  const d = useSpool((s) => s.mediaDetail)
  const summaryRequested = useSpool((s) => s.summaryRequested)
  const summaryGenerate = useSpool((s) => s.summaryGenerateRequested)
  const mp4Changed = useSpool((s) => s.mp4SupportChanged)
  const sourceChanged = useSpool((s) => s.sourceAccessChanged)
  const inputInfoRequested = useSpool((s) => s.inputInfoRequested)
  const clipsRequested = useSpool((s) => s.clipsRequested)
  return (
    <>
      {caps.summaries && (
        <section className="panel" aria-labelledby="summary-h">
          <h2 id="summary-h">Summary</h2>
          {d.summary?.state === 'ready' ? (
            <p className="summary-text">
              {d.summary.text}
              {d.summary.sandbox && <span className="badge"> sandbox output</span>}
            </p>
          ) : d.summary?.state === 'preparing' ? (
            <p className="hint">FastPix is writing the summary…</p>
          ) : d.summary ? (
            <p className="hint">No summary has been generated.</p>
          ) : null}
          <div className="toolbar">
            <button type="button" onClick={() => void summaryRequested()} disabled={d.busy}>
              Show summary
            </button>
            <button type="button" onClick={() => void summaryGenerate()} disabled={d.busy}>
              Generate summary
            </button>
          </div>
        </section>
      )}
      {(caps.mp4Support || caps.sourceAccess) && (
        <section className="panel" aria-labelledby="delivery-h">
          <h2 id="delivery-h">Delivery</h2>
          <div className="form-grid">
            {caps.mp4Support && (
              <label>
                MP4 downloads
                <select
                  value={media.mp4Support.option === 'unknown' ? 'none' : media.mp4Support.option}
                  onChange={(e) => void mp4Changed(e.target.value as Mp4Option)}
                  disabled={d.busy}
                >
                  <option value="none">Off</option>
                  <option value="capped_4k">Video (up to 4K)</option>
                  <option value="audioOnly">Audio only</option>
                  <option value="audioOnly,capped_4k">Video and audio</option>
                </select>
              </label>
            )}
            {caps.sourceAccess && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={media.sourceAccess}
                  onChange={(e) => void sourceChanged(e.target.checked)}
                  disabled={d.busy}
                />
                Keep the original file downloadable (source access)
              </label>
            )}
          </div>
          {caps.mp4Support && media.mp4Support.renditions.length > 0 && (
            <p className="hint">
              Renditions: {media.mp4Support.renditions.map((r) => `${r.type} (${r.status})`).join(', ')}
            </p>
          )}
        </section>
      )}
      {(inputInfo || caps.clips) && (
        <section className="panel" aria-labelledby="input-h">
          <h2 id="input-h">{inputInfo ? 'What FastPix received' : 'Clips'}</h2>
          <div className="toolbar">
            {inputInfo && (
              <button type="button" onClick={() => void inputInfoRequested()} disabled={d.busy}>
                Show input info
              </button>
            )}
            {caps.clips && (
              <button type="button" onClick={() => void clipsRequested()} disabled={d.busy}>
                Show clips
              </button>
            )}
          </div>
          {inputInfo && d.inputInfo && (
            <dl className="facts">
              <dt>Container</dt>
              <dd>{d.inputInfo.containerFormat ?? '—'}</dd>
              <dt>Tracks</dt>
              <dd>{d.inputInfo.tracks.length}</dd>
            </dl>
          )}
          {caps.clips && d.clips && (
            <p className="hint">{d.clips.length === 0 ? 'No clips.' : `${d.clips.length} clips.`}</p>
          )}
        </section>
      )}
    </>
  )
}
