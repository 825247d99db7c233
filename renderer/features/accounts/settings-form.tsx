import { useState, type FormEvent } from 'react'
import type { Settings } from '../../../common/domain/settings.ts'
import type { AccessPolicy } from '../../../common/domain/upload.ts'
import { MIB } from '../../lib/format.ts'
import { useSpool } from '../../store/index.ts'

/** The smallest cap main accepts (common/ipc/schemas.ts): below it uploads would crawl for no reason. */
const MIN_CAP_BYTES = 65_536

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
  const [problem, setProblem] = useState<string | null>(null)
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault()
    const capMiB = cap.trim() === '' ? null : Number(cap)
    if (capMiB !== null && capMiB > 0 && capMiB * MIB < MIN_CAP_BYTES) {
      setProblem(
        `The smallest bandwidth cap is ${MIN_CAP_BYTES / MIB} MiB/s (64 KiB/s); 0 or empty means no cap.`,
      )
      return
    }
    setProblem(null)
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
            placeholder="Automatic (8–512)"
            value={chunk}
            onChange={(e) => setChunk(e.target.value)}
          />
        </label>
        <label>
          Bandwidth cap (MiB/s, empty for none)
          <input
            type="number"
            min={0}
            step="any"
            placeholder="No cap"
            value={cap}
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'cap-problem' : undefined}
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
      {problem && (
        <p className="field-error" id="cap-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="toolbar">
        <button type="submit" className="primary">
          Save settings
        </button>
      </div>
    </form>
  )
}
