import { z } from 'zod'
import {
  RESULT_COLUMNS,
  SETTING_COLUMNS,
  type ImportedManifest,
  type ManifestPlan,
  type ManifestRow,
  type StartPlanReport,
} from '../domain/manifest.ts'
import { lazySchema } from './lazy-schema.ts'
import { listOf } from './reply-schemas.ts'
import { accountName, MAX_PATHS } from './schemas.ts'

/**
 * Requests and replies of the review table's channels (issue 15 §4): a plan of dropped or picked files, the
 * edited rows started as one batch, a manifest opened or saved through main's own dialogs.
 */

const cell = lazySchema(() => z.string().max(10_000))
const cellMap = lazySchema(() =>
  z.record(z.string().min(1).max(255), cell()).refine((m) => Object.keys(m).length <= 64, {
    message: 'at most 64 columns',
  }),
)

/** A manifest row as the renderer sends it back (every cell a bounded string). */
export const manifestRowSchema = lazySchema(
  (): z.ZodType<ManifestRow> =>
    z.strictObject({
      ...Object.fromEntries([...SETTING_COLUMNS, ...RESULT_COLUMNS].map((c) => [c, cell()])),
      path: z.string().max(4096),
      metadata: cellMap(),
      extra: cellMap(),
    }) as unknown as z.ZodType<ManifestRow>,
)

export const batchDefaultsSchema = lazySchema(() =>
  z.strictObject({
    title: z.string().max(255).optional(),
    description: z.string().max(10_000).optional(),
    tags: z.array(z.string().max(30)).max(5).optional(),
    privacy: z.string().max(32).optional(),
    channel: z.string().max(50).optional(),
    language: z.string().max(35).optional(),
    publishAt: z.string().max(64).optional(),
    metadata: cellMap().optional(),
  }),
)

/** The destinations of a plan: at least one account name. */
export const destinations = lazySchema(() => z.array(accountName()).min(1).max(8))

/** `uploads:plan`'s settings (the dropped paths come from the preload). */
export const planSettings = lazySchema(() =>
  z.strictObject({ accounts: destinations(), defaults: batchDefaultsSchema() }),
)

export const startPlanRequest = lazySchema(() =>
  z.strictObject({
    rows: z.array(manifestRowSchema()).min(1).max(MAX_PATHS),
    accounts: destinations(),
    /** The imported manifest the rows came from (results are written back to it), or null. */
    manifest: z.string().uuid().nullable(),
    /** Upload files whose content is already at the destination anyway. */
    force: z.boolean().optional(),
  }),
)

export const exportRequest = lazySchema(() =>
  z.strictObject({ rows: z.array(manifestRowSchema()).max(MAX_PATHS) }),
)

const text = lazySchema(() => z.string())
const pathReason = lazySchema(() => z.object({ path: text(), reason: text() }))

export const manifestRowReply = lazySchema(
  (): z.ZodType<ManifestRow> =>
    z.object({
      ...Object.fromEntries([...SETTING_COLUMNS, ...RESULT_COLUMNS].map((c) => [c, text()])),
      metadata: z.record(text(), text()),
      extra: z.record(text(), text()),
    }) as unknown as z.ZodType<ManifestRow>,
)

export const planReply = lazySchema((): z.ZodType<ManifestPlan> =>
  z.object({
    rows: listOf(
      z.object({
        row: manifestRowReply(),
        line: z.number(),
        size: z.number().nullable(),
        problems: listOf(text()),
        notes: listOf(text()),
        duplicates: listOf(z.object({ destination: text(), existing: text() })),
      }),
    ),
    skipped: listOf(pathReason()),
    unpairedSidecars: listOf(text()),
    quota: listOf(z.object({ destination: text(), ok: z.boolean(), message: text() })),
  }),
)

export const startPlanReply = lazySchema((): z.ZodType<StartPlanReport> =>
  z.object({
    problems: listOf(z.object({ row: z.number(), line: z.number(), message: text() })),
    queued: z.number(),
    duplicates: z.number(),
    skipped: listOf(pathReason()),
  }),
)

export const importedManifestReply = lazySchema((): z.ZodType<ImportedManifest> =>
  z.object({
    handle: text(),
    name: text(),
    plan: planReply(),
  }),
)

export const exportedManifestReply = lazySchema(() => z.object({ name: text() }))

/** `manifest:import`: the accounts rows without a destination go to. */
export const importRequest = lazySchema(() => z.strictObject({ accounts: destinations() }))
