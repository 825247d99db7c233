import { z } from 'zod'
import { DEFAULT_SETTINGS, type Settings } from '../../common/domain/settings.ts'
import { fail } from '../../common/ipc/result.ts'
import type { WritableDb } from '../db/database.ts'
import { readSetting, writeSetting } from './account-repo.ts'

const MetadataSchema = z
  .record(z.string().min(1).max(255), z.string().max(255))
  .refine((m) => Object.keys(m).length <= 10, 'at most 10 metadata keys (FastPix limit)')

const UploadSettingsSchema = z.object({
  title: z.string().max(255).optional(),
  accessPolicy: z.enum(['public', 'private']),
  maxResolution: z.enum(['480p', '720p', '1080p', '1440p', '2160p']).optional(),
  metadata: MetadataSchema,
})

/** Settings as validated at the boundary (concurrency 1–16, chunk 1–512 MiB or automatic, bandwidth null or > 0). */
export const SettingsSchema = z.object({
  concurrency: z.number().int().min(1).max(16),
  chunkSizeMiB: z.number().int().min(1).max(512).nullable(),
  bandwidthCap: z.number().positive().nullable(),
  defaultUpload: UploadSettingsSchema,
})

/** A partial update of Settings. */
export type SettingsPatch = Partial<Settings>

/** App settings persisted in SQLite. */
export type SettingsStore = Readonly<{ get(): Settings; update(patch: SettingsPatch): Settings }>

/** Reads and validates settings from the `settings` table; invalid updates are refused with 'input/invalid'. */
export function createSettingsStore(db: WritableDb): SettingsStore {
  const get = (): Settings => {
    const stored = SettingsSchema.partial().safeParse(readSetting(db, 'settings') ?? {})
    return { ...DEFAULT_SETTINGS, ...(stored.success ? stored.data : {}) }
  }
  return {
    get,
    update(patch) {
      const next = SettingsSchema.safeParse({ ...get(), ...patch })
      if (!next.success) {
        const issue = next.error.issues[0]
        fail(
          'input/invalid',
          `Invalid setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`,
          {
            fields: next.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
          },
        )
      }
      writeSetting(db, 'settings', next.data)
      return next.data
    },
  }
}
