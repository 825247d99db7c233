import { useEffect, useMemo } from 'react'
import type { AccountName } from '../../../common/domain/ids.ts'
import { VIDEO_PRIVACIES, type UploadSettings, type VideoPrivacy } from '../../../common/domain/upload.ts'
import { useSpool } from '../../store/index.ts'

export const PRIVACY_LABEL: Readonly<Record<VideoPrivacy, string>> = {
  public: 'Public',
  unlisted: 'Unlisted',
  private: 'Private',
  internal: 'Internal',
}

/** The privacy a batch gets on PeerTube: the one chosen, else what its access policy means there. */
export const privacyOf = (batch: UploadSettings): VideoPrivacy =>
  batch.privacy ?? (batch.accessPolicy === 'public' ? 'public' : 'private')

/** PeerTube's batch settings: the channel the videos go to and their privacy. */
export function PeerTubeBatchFields({ account }: { account: AccountName }) {
  const batch = useSpool((s) => s.uploads.batch)
  const edited = useSpool((s) => s.batchSettingsEdited)
  const channels = useSpool((s) => s.accounts.channels[account])
  const requested = useSpool((s) => s.channelsRequested)
  useEffect(() => {
    if (!useSpool.getState().accounts.channels[account]) void requested(account)
  }, [account, requested])
  const list = useMemo(() => channels?.list ?? [], [channels])
  const ready = channels?.phase === 'ready'
  useEffect(() => {
    // A channel of another account (or one since deleted) would fail every upload: fall back to the default.
    const current = useSpool.getState().uploads.batch
    if (ready && current.channel && !list.some((c) => c.name === current.channel)) {
      const { channel: _gone, ...rest } = current
      edited(rest)
    }
  }, [ready, list, edited])
  const chosen = batch.channel ?? list[0]?.name ?? ''
  return (
    <div className="form-grid">
      <div className="field">
        <label>
          Channel
          <select
            value={chosen}
            disabled={list.length === 0}
            aria-busy={channels?.phase === 'loading'}
            onChange={(e) => edited({ ...batch, channel: e.target.value })}
          >
            {list.length === 0 && (
              <option value="">
                {channels?.phase === 'error' ? 'Channels unavailable' : 'Loading channels…'}
              </option>
            )}
            {list.map((c) => (
              <option key={c.name} value={c.name}>
                {c.displayName === c.name ? c.name : `${c.displayName} (${c.name})`}
              </option>
            ))}
          </select>
        </label>
        {channels?.phase === 'error' && channels.error && (
          <span className="field-hint field-problem" role="alert">
            {channels.error.message}{' '}
            <button type="button" className="link-button" onClick={() => void requested(account)}>
              Try again
            </button>
          </span>
        )}
      </div>
      <label>
        Privacy
        <select
          value={privacyOf(batch)}
          onChange={(e) => {
            const privacy = e.target.value as VideoPrivacy
            edited({
              ...batch,
              privacy,
              // Keeps the FastPix-side meaning in step: anyone with the link can watch, or not.
              accessPolicy: privacy === 'public' || privacy === 'unlisted' ? 'public' : 'private',
            })
          }}
        >
          {VIDEO_PRIVACIES.map((p) => (
            <option key={p} value={p}>
              {PRIVACY_LABEL[p]}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}
