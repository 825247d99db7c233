import { invalidParams, PtError, type InvalidParam } from './http.ts'
import type { UserRecord, VideoMeta } from './store.ts'
import { VOCABULARY } from './views.ts'

// Validation of video metadata (upload init and PUT /videos/{id}), in PeerTube's field order so that
// `invalid-params` lists the same keys in the same order (captures 075, 079, 040).

const INVALID = 'Invalid value'
const NAME_MSG = 'Should have a video name between 3 and 120 characters long'
const TAGS_MSG = 'Should have an array of up to 5 tags between 2 and 30 characters each'

const toInt = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN
  return Number.isSafeInteger(n) ? n : undefined
}
const toBool = (v: unknown): boolean | undefined =>
  typeof v === 'boolean'
    ? v
    : v === 'true' || v === '1'
      ? true
      : v === 'false' || v === '0'
        ? false
        : undefined
const text = (v: unknown, min: number, max: number): string | undefined =>
  typeof v === 'string' && v.trim().length >= min && v.trim().length <= max ? v : undefined

/** Defaults of a new video (privacy Private when omitted, as captured). */
export function defaultMeta(channelId: number): VideoMeta {
  return {
    name: '',
    channelId,
    privacy: 3,
    category: null,
    licence: null,
    language: null,
    description: null,
    support: null,
    tags: [],
    nsfw: false,
    commentsEnabled: true,
    downloadEnabled: true,
    waitTranscoding: false,
    originallyPublishedAt: null,
  }
}

/**
 * Applies the fields present in `fields` to `meta` (in place), or throws PeerTube's 400. `creating`: `name`
 * and `channelId` are required (upload init).
 */
export function applyMeta(meta: VideoMeta, fields: Record<string, unknown>, creating: boolean): void {
  const bad: Record<string, InvalidParam> = {}
  const has = (k: string) => fields[k] !== undefined && fields[k] !== null && fields[k] !== ''
  const fail = (k: string, msg = INVALID) => (bad[k] = { value: fields[k], msg, location: 'body' })
  const vocab = (k: 'category' | 'licence', table: Record<string, string>) => {
    if (!has(k)) return
    const n = toInt(fields[k])
    if (n === undefined || !(String(n) in table)) fail(k)
    else meta[k] = n
  }
  vocab('category', VOCABULARY.categories)
  vocab('licence', VOCABULARY.licences)
  if (has('language')) {
    if (typeof fields.language !== 'string' || !(fields.language in VOCABULARY.languages)) fail('language')
    else meta.language = fields.language
  }
  for (const k of ['nsfw', 'waitTranscoding', 'commentsEnabled', 'downloadEnabled'] as const) {
    if (!has(k)) continue
    const b = toBool(fields[k])
    if (b === undefined) fail(k)
    else meta[k] = b
  }
  if (has('description')) {
    const d = text(fields.description, 3, 10000)
    if (d === undefined) fail('description', 'Should have a valid description')
    else meta.description = d
  }
  if (has('support')) {
    const s = text(fields.support, 3, 1000)
    if (s === undefined) fail('support', 'Should have a valid support text')
    else meta.support = s
  }
  if (fields.tags !== undefined) {
    const tags = typeof fields.tags === 'string' ? [fields.tags] : fields.tags
    if (
      !Array.isArray(tags) ||
      tags.length > 5 ||
      !tags.every((t) => typeof t === 'string' && t.length >= 2 && t.length <= 30)
    )
      fail('tags', TAGS_MSG)
    else meta.tags = [...new Set(tags as string[])]
  }
  if (has('originallyPublishedAt')) {
    const v = fields.originallyPublishedAt
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) fail('originallyPublishedAt')
    else meta.originallyPublishedAt = new Date(v).toISOString()
  }
  if (has('privacy')) {
    const p = toInt(fields.privacy)
    if (p === undefined || p < 1 || p > 4) fail('privacy', 'Should have correct video privacy')
    else meta.privacy = p
  }
  if (creating || fields.name !== undefined) {
    const name = typeof fields.name === 'string' ? fields.name.trim() : undefined
    if (name === undefined || name.length < 3 || name.length > 120) fail('name', NAME_MSG)
    else meta.name = name
  }
  if (creating || fields.channelId !== undefined) {
    const id = toInt(fields.channelId)
    if (id === undefined || id < 1) fail('channelId')
    else meta.channelId = id
  }
  if (Object.keys(bad).length > 0) throw invalidParams(bad)
}

/** The channel must be the user's own (a missing one is PeerTube 6.3.2's 400, not a 404). */
export function checkChannel(users: UserRecord[], user: UserRecord, channelId: number): void {
  const owner = users.find((u) => u.channelId === channelId)
  if (!owner) throw new PtError(400, 'Unknown video "video channel" for this instance.')
  if (owner.id !== user.id) throw new PtError(403, 'Cannot manage video channel of another user')
}

/** Validates a `:id` video parameter (number, UUID or short UUID), else PeerTube's 400. */
export function checkVideoId(raw: string | undefined): string {
  const id = raw ?? ''
  if (
    /^\d+$/.test(id) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ||
    /^[1-9a-km-zA-HJ-NP-Z]{20,22}$/.test(id)
  )
    return id
  throw invalidParams({
    id: { value: id, msg: 'Should have a valid video id (id, short UUID or UUID)', location: 'params' },
  })
}
