import { useState } from 'react'
import type { Mp4Option } from '../../../common/domain/media.ts'
import { ConfirmBar } from '../../components/confirm-bar.tsx'
import { useSpool } from '../../store/index.ts'
import { selectCapabilities, selectProviderName } from '../../store/selectors.ts'

const MP4_CHOICES: ReadonlyArray<[Mp4Option, string]> = [
  ['capped_4k', 'On'],
  ['audioOnly', 'Audio only'],
  ['audioOnly,capped_4k', 'On + audio only'],
  ['none', 'Off'],
]

/**
 * What can be done to the selected media at once, shown as soon as something is selected: delete, MP4
 * downloads and whether the original stays downloadable (where the provider has them).
 */
export function SelectionBar() {
  const count = useSpool((s) => Object.keys(s.library.selected).length)
  const busy = useSpool((s) => s.library.bulkBusy)
  const caps = useSpool(selectCapabilities)
  const provider = useSpool(selectProviderName)
  const cleared = useSpool((s) => s.mediaSelectionCleared)
  const deleteConfirmed = useSpool((s) => s.mediaDeleteConfirmed)
  const mp4 = useSpool((s) => s.mediaBulkMp4Requested)
  const sourceAccess = useSpool((s) => s.mediaBulkSourceAccessRequested)
  const [confirming, setConfirming] = useState(false)
  const [mp4Choice, setMp4Choice] = useState<Mp4Option>('capped_4k')
  if (count === 0) return null
  if (confirming)
    return (
      <ConfirmBar
        message={`Delete ${count} media from ${provider}? This cannot be undone.`}
        confirmLabel={`Delete ${count}`}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false)
          void deleteConfirmed()
        }}
      />
    )
  return (
    <div className="toolbar selection-bar" role="toolbar" aria-label="Selected media" aria-busy={busy}>
      <strong>{count} selected</strong>
      <button type="button" className="ghost" onClick={cleared}>
        Clear selection
      </button>
      {caps?.mp4Support && (
        <span className="group">
          <label>
            MP4 downloads
            <select value={mp4Choice} onChange={(e) => setMp4Choice(e.target.value as Mp4Option)}>
              {MP4_CHOICES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} onClick={() => void mp4(mp4Choice)}>
            Apply
          </button>
        </span>
      )}
      {caps?.sourceAccess && (
        <span className="group" role="group" aria-label="Original file downloadable">
          <span className="sub" aria-hidden="true">
            Original file
          </span>
          <button type="button" disabled={busy} onClick={() => void sourceAccess(true)}>
            Allow download
          </button>
          <button type="button" disabled={busy} onClick={() => void sourceAccess(false)}>
            Keep private
          </button>
        </span>
      )}
      <span className="spacer" />
      <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
        Delete selected…
      </button>
    </div>
  )
}
