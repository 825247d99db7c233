import { useState, type FormEvent } from 'react'
import type { Settings } from '../../../common/domain/settings.ts'
import type { AccessPolicy } from '../../../common/domain/upload.ts'
import { MIB } from '../../lib/format.ts'
import { useSpool } from '../../store/index.ts'

/** The cap as the field shows it: MiB/s with at most two decimals, empty for none. */
export function capField(bandwidthCap: number | null): string {
  return bandwidthCap === null ? '' : String(Math.round((bandwidthCap / MIB) * 100) / 100)
}

/** Queue settings: parallel files, chunk size, bandwidth cap and the default upload settings. */
export function SettingsForm({ settings }: { settings: Settings }) {
  const edited = useSpool((s) => s.settingsEdited)
  const [concurrency, setConcurrency] = useState(String(settings.concurrency))
  const [chunk, setChunk] = useState(settings.chunkSizeMiB === null ? '' : String(settings.chunkSizeMiB))
  const [cap, setCap] = useState(capField(settings.bandwidthCap))
  const [policy, setPolicy] = useState<AccessPolicy>(settings.defaultUpload.accessPolicy)
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault()
    const capMiB = cap.trim() === '' ? null : Number(cap)
    void edited({
      concurrency: Number(concurrency),
      chunkSizeMiB: chunk.trim() === '' ? null : Number(chunk),
      // 0 means no cap, as empty does: the field shows it empty after saving.
      bandwidthCap: capMiB === null || capMiB <= 0 ? null : Math.round(capMiB * MIB),
      defaultUpload: { ...settings.defaultUpload, accessPolicy: policy },
    })
  }
  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby="settings-h">
      <h2 id="settings-h">Upload settings</h2>
      <div className="form-grid">
        <label>
          Files in parallel
          <input
            type="number"
            min={1}
            max={16}
            value={concurrency}
            onChange={(e) => setConcurrency(e.target.value)}
            required
          />
        </label>
        <label>
          Chunk size (MiB, empty for automatic)
          <input
            type="number"
            min={1}
            max={512}
            placeholder="Automatic (8–256)"
            value={chunk}
            onChange={(e) => setChunk(e.target.value)}
          />
        </label>
        <label>
          Bandwidth cap (MiB/s, empty for none)
          <input
            type="number"
            min={0}
            step="0.01"
            placeholder="No cap"
            value={cap}
            onChange={(e) => setCap(e.target.value)}
          />
        </label>
        <label>
          Default access policy
          <select value={policy} onChange={(e) => setPolicy(e.target.value as AccessPolicy)}>
            <option value="public">Public</option>
            <option value="private">Private</option>
          </select>
        </label>
      </div>
      <div className="toolbar">
        <button type="submit" className="primary">
          Save settings
        </button>
      </div>
    </form>
  )
}
