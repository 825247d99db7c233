import { useState } from 'react'
import type { Mp4Option } from '../../../common/domain/media.ts'
import type { VideoPrivacy } from '../../../common/domain/upload.ts'
import { ConfirmBar } from '../../components/confirm-bar.tsx'
import { useSpool } from '../../store/index.ts'
import { selectCapabilities, selectProviderName } from '../../store/selectors.ts'

const MP4_CHOICES: ReadonlyArray<[Mp4Option, string]> = [
  ['capped_4k', 'On'],
  ['audioOnly', 'Audio only'],
  ['audioOnly,capped_4k', 'On + audio only'],
  ['none', 'Off'],
]

const PRIVACY_LABELS: Readonly<Record<VideoPrivacy, string>> = {
  public: 'Public',
  unlisted: 'Unlisted',
  private: 'Private',
  internal: 'Internal',
}

/**
 * What can be done to the selected media at once, shown as soon as something is selected: delete, privacy,
 * MP4 downloads and whether the original stays downloadable (where the provider has them). A destination
 * that fixes access at upload says so instead of offering a privacy choice that would fail.
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
  const privacy = useSpool((s) => s.mediaBulkPrivacyRequested)
  const saveManifest = useSpool((s) => s.mediaManifestRequested)
  const [confirming, setConfirming] = useState(false)
  const [mp4Choice, setMp4Choice] = useState<Mp4Option>('capped_4k')
  const privacyChoices = caps?.privacyChoices ?? []
  const [privacyChoice, setPrivacyChoice] = useState<VideoPrivacy | null>(null)
  const chosenPrivacy = privacyChoice ?? privacyChoices[0] ?? null
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
      {chosenPrivacy !== null ? (
        <span className="group">
          <label>
            Privacy
            <select value={chosenPrivacy} onChange={(e) => setPrivacyChoice(e.target.value as VideoPrivacy)}>
              {privacyChoices.map((value) => (
                <option key={value} value={value}>
                  {PRIVACY_LABELS[value]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} onClick={() => void privacy(chosenPrivacy)}>
            Apply
          </button>
        </span>
      ) : (
        caps && (
          <span className="sub" title={`${provider} sets who can watch a media when it is uploaded.`}>
            Access is set at upload on {provider}
          </span>
        )
      )}
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
      <button
        type="button"
        disabled={busy}
        onClick={() => void saveManifest()}
        title="A CSV manifest of these media (file, title, privacy, metadata) to upload them again elsewhere"
      >
        Save as manifest…
      </button>
      <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
        Delete selected…
      </button>
    </div>
  )
}
