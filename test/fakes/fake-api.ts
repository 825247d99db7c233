import type { Api } from '../../common/ipc/api.ts'
import type { EventChannel, EventContract, BulkReport } from '../../common/ipc/channels.ts'
import type { AppError, IpcResult } from '../../common/ipc/result.ts'
import type { AccountSummary, ProviderKind } from '../../common/domain/account.ts'
import type { AccountCapabilities, ChannelSummary } from '../../common/ipc/reply-schemas.ts'
import type { Media, Track, UnusedUpload } from '../../common/domain/media.ts'
import type { Settings } from '../../common/domain/settings.ts'
import type { Batch, JobSelection, UploadJob } from '../../common/domain/upload.ts'
import {
  asAccountName,
  asBatchId,
  asJobId,
  asMediaId,
  asTrackId,
  type MediaId,
  type UploadId,
} from '../../common/domain/ids.ts'
import type { ImportedManifest, ManifestPlan, StartPlanReport } from '../../common/domain/manifest.ts'
import { DEFAULT_SETTINGS } from '../../common/domain/settings.ts'
import { readSpoolMetadata } from '../../common/domain/spool-metadata.ts'
import { describeCountFormat } from '../../common/util/count-format.ts'

/** One recorded call: the facade path (`uploads.pause`) and its arguments. */
export type FakeCall = Readonly<{ method: string; args: ReadonlyArray<unknown> }>

/** A typed, in-memory implementation of the contract for renderer tests (ARCHITECTURE.md §8.14: fakes over mocks). */
export type FakeApi = Api & {
  readonly calls: FakeCall[]
  state: {
    jobs: UploadJob[]
    /** Batches by id (each enqueue makes one, as main does). */
    batches: Batch[]
    media: Media[]
    unused: UnusedUpload[]
    accounts: AccountSummary[]
    settings: Settings
    /** Paths the next pickAndEnqueue "chooses" (null = the user cancelled). */
    picked: string[] | null
    /** Channels per account name (PeerTube); absent = none. */
    channels: Record<string, ChannelSummary[]>
    /** When set, a PeerTube sign-in without this one-time code answers `auth/otp-required`. */
    otp: string | null
    /** When main's library cache was last filled (what library.query reports). */
    libraryRefreshedAt: string | null
    /** What the next review plan (a drop) answers. */
    plan: ManifestPlan
    /** What the next "Open CSV…" answers (null: the user cancelled the dialog). */
    imported: ImportedManifest | null
    /** What Start answers; by default every row is queued. */
    startReport: StartPlanReport | null
  }
  /** Makes the next call of `method` (e.g. 'accounts.add') fail with this error. */
  failNext(method: string, error: AppError): void
  /** Pushes a main → renderer event to the current subscribers. */
  emit<E extends EventChannel>(channel: E, payload: EventContract[E]): void
  /** How many times `method` was called. */
  count(method: string): number
}

const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value })
/** How en-US writes counts, as main would describe it (app:info). */
const EN_US = describeCountFormat('en-US')

/** A job in a given state, for seeding. */
export function fakeJob(i: number, patch: Partial<UploadJob> = {}): UploadJob {
  return {
    id: asJobId(`job-${i}`),
    batchId: null,
    account: asAccountName('sandbox'),
    path: `/footage/day1/clip-${i}.mp4`,
    relativeDir: 'day1',
    name: `clip-${i}.mp4`,
    size: 10_000_000,
    state: 'queued',
    bytesAcked: 0,
    uploadId: null,
    mediaId: null,
    error: null,
    attempts: 0,
    settings: { accessPolicy: 'public', metadata: {} },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...patch,
  }
}

/** A media item, for seeding. */
export function fakeMedia(i: number, patch: Partial<Media> = {}): Media {
  return {
    id: asMediaId(`media-${i}`),
    title: `Clip ${i}`,
    status: 'Ready',
    rawStatus: 'Ready',
    durationSeconds: 60 + i,
    createdAt: '2026-01-02T10:00:00.000Z',
    updatedAt: null,
    thumbnailUrl: null,
    playbackIds: [{ id: `play-${i}`, accessPolicy: 'public' }],
    metadata: {},
    creatorId: null,
    isAudioOnly: false,
    maxResolution: '1080p',
    sourceResolution: '1080p',
    aspectRatio: '16:9',
    mediaQuality: 'standard',
    sourceAccess: false,
    mp4Support: { option: 'none', renditions: [] },
    tracks: [
      {
        id: asTrackId(`v-${i}`),
        type: 'video',
        rawType: 'video',
        status: 'ready',
        rawStatus: 'available',
        width: 1920,
        height: 1080,
      },
    ],
    generatedSubtitles: [],
    ...patch,
  }
}

const SANDBOX: AccountSummary = {
  name: asAccountName('sandbox'),
  kind: 'fastpix',
  apiUrl: 'http://127.0.0.1:9/v1',
  streamUrl: 'http://127.0.0.1:9/stream',
  builtIn: true,
  selected: true,
  tokenIdHint: null,
}

/** What each provider kind can do, as main's providers declare it. */
export const FAKE_CAPABILITIES: Readonly<Record<ProviderKind, AccountCapabilities>> = {
  fastpix: {
    summaries: true,
    generatedSubtitles: true,
    tracksByUrlOnly: true,
    mp4Support: true,
    sourceAccess: true,
    unusedUploads: true,
    clips: true,
    metadataLimits: { maxKeys: 10, maxValueLength: 255 },
  },
  peertube: {
    summaries: false,
    generatedSubtitles: false,
    tracksByUrlOnly: false,
    mp4Support: false,
    sourceAccess: false,
    unusedUploads: false,
    clips: false,
    privacyChoices: ['public', 'unlisted', 'private', 'internal'],
    metadataLimits: { maxKeys: 0, maxValueLength: 0 },
  },
}

/** A PeerTube account, for seeding. */
export function fakePeerTubeAccount(name: string, patch: Partial<AccountSummary> = {}): AccountSummary {
  return {
    name: asAccountName(name),
    kind: 'peertube',
    apiUrl: 'https://video.example.org',
    streamUrl: 'https://video.example.org',
    builtIn: false,
    selected: false,
    tokenIdHint: null,
    username: 'ana',
    ...patch,
  }
}

/** Creates a FakeApi with a sandbox account, default settings and empty queue and library. */
export function createFakeApi(): FakeApi {
  const calls: FakeCall[] = []
  const failures = new Map<string, AppError>()
  const listeners = new Map<EventChannel, Set<(p: unknown) => void>>()
  const state: FakeApi['state'] = {
    jobs: [],
    batches: [],
    media: [],
    unused: [],
    accounts: [SANDBOX],
    settings: DEFAULT_SETTINGS,
    picked: ['/footage/day1'],
    channels: {},
    otp: null,
    libraryRefreshedAt: '2026-11-30T09:41:00.000Z',
    plan: { rows: [], skipped: [], unpairedSidecars: [], quota: [] },
    imported: null,
    startReport: null,
  }
  const call = <T>(
    method: string,
    args: unknown[],
    run: () => T,
    check: () => AppError | null = () => null,
  ): Promise<IpcResult<T>> => {
    calls.push({ method, args })
    const failure = failures.get(method) ?? check()
    if (failure) {
      failures.delete(method)
      return Promise.resolve({ ok: false, error: failure })
    }
    return Promise.resolve(ok(run()))
  }
  const sub =
    <E extends EventChannel>(channel: E) =>
    (listener: (payload: EventContract[E]) => void): (() => void) => {
      const set = listeners.get(channel) ?? new Set()
      listeners.set(channel, set)
      const l = listener as (p: unknown) => void
      set.add(l)
      return () => set.delete(l)
    }
  const selected = (sel: JobSelection): UploadJob[] =>
    'all' in sel ? state.jobs : state.jobs.filter((j) => sel.ids.includes(j.id))
  const setState = (jobs: UploadJob[], next: UploadJob['state']): null => {
    const ids = new Set(jobs.map((j) => j.id))
    state.jobs = state.jobs.map((j) => (ids.has(j.id) ? { ...j, state: next } : j))
    return null
  }
  const sel = (jobs: ReadonlyArray<string> | 'all'): JobSelection =>
    jobs === 'all' ? { all: true } : { ids: jobs.map(asJobId) }
  const media = (id: MediaId): Media => {
    const m = state.media.find((x) => x.id === id)
    if (!m) throw new Error(`fake: no media ${id}`)
    return m
  }
  const replaceMedia = (m: Media): Media => {
    state.media = state.media.map((x) => (x.id === m.id ? m : x))
    return m
  }
  const enqueue = (paths: ReadonlyArray<string>, origin: Batch['origin']) => {
    const batch: Batch = {
      id: asBatchId(`batch-${state.batches.length + 1}`),
      label: paths[0]?.split('/').pop() ?? 'batch',
      origin,
      manifestPath: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    }
    const added = paths.map((p, i) =>
      fakeJob(state.jobs.length + i, {
        batchId: batch.id,
        path: p,
        name: p.split('/').pop() ?? p,
        relativeDir: '',
      }),
    )
    state.jobs = [...state.jobs, ...added]
    state.batches = [...state.batches, batch]
    return { batch, added, skipped: [], duplicates: [] }
  }
  const account = (name: string): AccountSummary => {
    const a = state.accounts.find((x) => x.name === name)
    if (!a) throw new Error(`fake: no account ${name}`)
    return a
  }
  /** Fails like main when the fake's user has two-factor on and no (or a wrong) code came. */
  const otpFailure = (otp: string | undefined): AppError | null =>
    state.otp === null || otp === state.otp
      ? null
      : otp === undefined
        ? { code: 'auth/otp-required', message: 'Enter the one-time code from your authenticator app.' }
        : { code: 'auth/invalid-credentials', message: 'The one-time code is wrong or expired.' }
  const bulk = <Id extends string>(ids: ReadonlyArray<Id>): BulkReport<Id> => ({ done: [...ids], failed: [] })

  const api: Api = {
    review: {
      planDropped: (files, settings) => call('review.planDropped', [files, settings], () => state.plan),
      pickAndPlan: (kind, accounts, defaults) =>
        call('review.pickAndPlan', [kind, accounts, defaults], () => state.plan),
      start: (rows, accounts, manifest, force) =>
        call(
          'review.start',
          [rows, accounts, manifest, force],
          () => state.startReport ?? { problems: [], queued: rows.length, duplicates: 0, skipped: [] },
        ),
      importManifest: (accounts) => call('review.importManifest', [accounts], () => state.imported),
      exportManifest: (rows) => call('review.exportManifest', [rows], () => ({ name: 'batch.csv' })),
    },
    uploads: {
      list: (last) =>
        call('uploads.list', last === undefined ? [] : [last], () =>
          last === undefined ? state.jobs : state.jobs.slice(-last),
        ),
      batches: () =>
        call('uploads.batches', [], () =>
          state.batches.filter((b) => state.jobs.some((j) => j.batchId === b.id)),
        ),
      enqueueFiles: (files, settings) =>
        call('uploads.enqueueFiles', [files, settings], () =>
          enqueue(
            files.map((f) => `/dropped/${(f as { name?: string }).name ?? 'file'}`),
            'drop',
          ),
        ),
      pickAndEnqueue: (kind, settings, force) =>
        call('uploads.pickAndEnqueue', [kind, settings, ...(force ? [force] : [])], () =>
          state.picked ? enqueue(state.picked, 'dialog') : null,
        ),
      pickAndRelocate: () =>
        call('uploads.pickAndRelocate', [], () => (state.picked ? { moved: [], notFound: [] } : null)),
      pause: (jobs) => call('uploads.pause', [jobs], () => setState(selected(sel(jobs)), 'paused')),
      resume: (jobs) => call('uploads.resume', [jobs], () => setState(selected(sel(jobs)), 'queued')),
      cancel: (jobs) => call('uploads.cancel', [jobs], () => setState(selected(sel(jobs)), 'cancelled')),
      retry: (jobs) => call('uploads.retry', [jobs], () => setState(selected(sel(jobs)), 'queued')),
      clearDone: () =>
        call('uploads.clearDone', [], () => {
          state.jobs = state.jobs.filter((j) => j.state !== 'done')
          return null
        }),
      onChanged: sub('uploads:changed'),
      onProgress: sub('uploads:progress'),
    },
    library: {
      refresh: () => call('library.refresh', [], () => null),
      query: (q) =>
        call('library.query', [q], () => {
          const hits = state.media.filter(
            (m) =>
              (!q.search || (m.title ?? '').toLowerCase().includes(q.search.toLowerCase())) &&
              (!q.status || m.status === q.status) &&
              (!q.folder || readSpoolMetadata(m.metadata).folder === q.folder),
          )
          return {
            items: hits.slice(q.offset, q.offset + q.limit),
            total: hits.length,
            offset: q.offset,
            limit: q.limit,
            refreshedAt: state.libraryRefreshedAt,
          }
        }),
      folders: () =>
        call('library.folders', [], () =>
          [...new Set(state.media.flatMap((m) => readSpoolMetadata(m.metadata).folder ?? []))].sort(),
        ),
      get: (id) => call('library.get', [id], () => media(id)),
      update: (id, patch) =>
        call('library.update', [id, patch], () => replaceMedia({ ...media(id), ...patch })),
      delete: (ids) =>
        call('library.delete', [ids], () => {
          state.media = state.media.filter((m) => !ids.includes(m.id))
          return bulk(ids)
        }),
      summary: (id) => call('library.summary', [id], () => ({ state: 'not-generated' as const })),
      generateSummary: (id) => call('library.generateSummary', [id], () => null),
      setMp4Support: (id, option) =>
        call('library.setMp4Support', [id, option], () =>
          replaceMedia({ ...media(id), mp4Support: { option, renditions: [] } }),
        ),
      exportManifest: (ids) =>
        call('library.exportManifest', [ids], () =>
          state.picked ? { name: 'library.csv', rows: ids.length, withoutFile: 0 } : null,
        ),
      setPrivacy: (id, privacy) =>
        call('library.setPrivacy', [id, privacy], () => {
          const access = privacy === 'public' || privacy === 'unlisted' ? 'public' : 'private'
          const playbackIds = media(id).playbackIds.map((p) => ({ ...p, accessPolicy: access }) as const)
          return replaceMedia({ ...media(id), playbackIds })
        }),
      setSourceAccess: (id, on) =>
        call('library.setSourceAccess', [id, on], () => replaceMedia({ ...media(id), sourceAccess: on })),
      inputInfo: (id) =>
        call('library.inputInfo', [id], () => ({ containerFormat: 'mp4', url: null, tracks: [], raw: {} })),
      clips: (id) => call('library.clips', [id], () => []),
      onChanged: sub('library:changed'),
    },
    tracks: {
      add: (mediaId, track) =>
        call('tracks.add', [mediaId, track], () => {
          const t: Track = {
            id: asTrackId(`t-${Date.now()}`),
            rawType: track.type,
            status: 'preparing',
            rawStatus: 'Preparing',
            ...track,
          }
          replaceMedia({ ...media(mediaId), tracks: [...media(mediaId).tracks, t] })
          return t
        }),
      update: (mediaId, trackId, patch) =>
        call('tracks.update', [mediaId, trackId, patch], () => {
          const m = media(mediaId)
          const tracks = m.tracks.map((t) => (t.id === trackId ? { ...t, ...patch } : t))
          replaceMedia({ ...m, tracks })
          return tracks.find((t) => t.id === trackId)!
        }),
      delete: (mediaId, trackId) =>
        call('tracks.delete', [mediaId, trackId], () => {
          const m = media(mediaId)
          replaceMedia({ ...m, tracks: m.tracks.filter((t) => t.id !== trackId) })
          return null
        }),
      generateSubtitles: (mediaId, trackId, languageCode, languageName) =>
        call('tracks.generateSubtitles', [mediaId, trackId, languageCode, languageName], () => ({
          id: asTrackId('generated'),
          type: 'subtitle' as const,
          rawType: 'subtitle',
          status: 'preparing' as const,
          rawStatus: 'Preparing',
          languageCode,
          languageName,
        })),
    },
    unused: {
      list: () => call('unused.list', [], () => state.unused),
      cancel: (ids: ReadonlyArray<UploadId>) =>
        call('unused.cancel', [ids], () => {
          state.unused = state.unused.filter((u) => !ids.includes(u.uploadId))
          return bulk(ids)
        }),
    },
    accounts: {
      list: () => call('accounts.list', [], () => state.accounts),
      add: (account) =>
        call('accounts.add', [account], () => {
          const added: AccountSummary = {
            name: asAccountName(account.name),
            kind: 'fastpix',
            apiUrl: account.apiUrl,
            streamUrl: account.streamUrl ?? 'https://stream.fastpix.com',
            builtIn: false,
            selected: false,
            tokenIdHint: account.tokenId.slice(-4),
          }
          state.accounts = [...state.accounts, added]
          return added
        }),
      addPeerTube: (input) =>
        call(
          'accounts.addPeerTube',
          [input],
          () => {
            const added = fakePeerTubeAccount(input.name, {
              apiUrl: input.instanceUrl,
              streamUrl: input.instanceUrl,
              username: input.username,
            })
            state.accounts = [...state.accounts, added]
            return added
          },
          () => otpFailure(input.otp),
        ),
      update: (name, patch) =>
        call(
          'accounts.update',
          [name, patch],
          () => {
            const before = account(name)
            const next: AccountSummary = {
              ...before,
              ...(patch.apiUrl ? { apiUrl: patch.apiUrl } : {}),
              ...(patch.streamUrl ? { streamUrl: patch.streamUrl } : {}),
              ...(patch.tokenId ? { tokenIdHint: patch.tokenId.slice(-4) } : {}),
              ...(patch.username ? { username: patch.username } : {}),
            }
            state.accounts = state.accounts.map((a) => (a.name === name ? next : a))
            return next
          },
          () => (account(name).kind === 'peertube' ? otpFailure(patch.otp) : null),
        ),
      capabilities: (name) =>
        call('accounts.capabilities', [name], () => FAKE_CAPABILITIES[account(name).kind]),
      channels: (name) => call('accounts.channels', [name], () => state.channels[name] ?? []),
      remove: (name) =>
        call('accounts.remove', [name], () => {
          state.accounts = state.accounts.filter((a) => a.name !== name)
          return null
        }),
      select: (name) =>
        call('accounts.select', [name], () => {
          state.accounts = state.accounts.map((a) => ({ ...a, selected: a.name === name }))
          return state.accounts.find((a) => a.name === name)!
        }),
      test: (name) => call('accounts.test', [name], () => null),
      onChanged: sub('accounts:changed'),
    },
    settings: {
      get: () => call('settings.get', [], () => state.settings),
      update: (patch) =>
        call('settings.update', [patch], () => {
          state.settings = { ...state.settings, ...patch }
          return state.settings
        }),
      onChanged: sub('settings:changed'),
    },
    app: {
      info: () =>
        call('app.info', [], () => ({
          version: '0.1.0',
          platform: 'test',
          online: true,
          countFormat: EN_US,
        })),
      openLink: (link) => call('app.openLink', [link], () => null),
      onNetwork: sub('app:network'),
      onCommand: sub('app:command'),
    },
  }
  return Object.assign(api, {
    calls,
    state,
    failNext: (method: string, error: AppError) => void failures.set(method, error),
    emit: <E extends EventChannel>(channel: E, payload: EventContract[E]) => {
      for (const l of listeners.get(channel) ?? []) l(payload)
    },
    count: (method: string) => calls.filter((c) => c.method === method).length,
  })
}
