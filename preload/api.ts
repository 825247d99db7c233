import type { Api, DroppedFile, Jobs } from '../common/ipc/api.ts'
import type {
  EventChannel,
  EventContract,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from '../common/ipc/channels.ts'
import type { IpcResult } from '../common/ipc/result.ts'
import type { JobSelection } from '../common/domain/upload.ts'

/**
 * How the facade reaches main: ipcRenderer in the preload, a Playwright bridge in the e2e harness. The
 * facade is the same code in both (DESIGN.md §4).
 */
export type SpoolTransport = Readonly<{
  invoke(channel: InvokeChannel, payload: unknown): Promise<IpcResult<unknown>>
  /** Subscribes to an event channel; the listener gets the payload only. Returns the unsubscribe. */
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void
}>

/** Options only the Electron preload has. */
export type SpoolApiOptions = Readonly<{
  /**
   * The path of a file the user dropped ('' for anything else): Electron's webUtils.getPathForFile behind
   * the preload's trusted-drop check (drop-grants.ts); absent outside Electron.
   */
  pathForFile?: (file: DroppedFile) => string
  /** Resolves once main has been told of every drop so far (so enqueue finds the paths granted). */
  dropsSettled?: () => Promise<void>
}>

function selection(jobs: Jobs): JobSelection {
  return jobs === 'all' ? { all: true } : { ids: jobs }
}

/** Builds `window.spool` from a transport: named functions only, never a generic invoke (STYLE.md §2). */
export function createSpoolApi(transport: SpoolTransport, options: SpoolApiOptions = {}): Api {
  const call = async <C extends InvokeChannel>(
    channel: C,
    payload: InvokeRequest<C>,
  ): Promise<IpcResult<InvokeResponse<C>>> => {
    try {
      return (await transport.invoke(channel, payload)) as IpcResult<InvokeResponse<C>>
    } catch {
      // A transport failure (window closing, main gone) is a value, never an exception in the UI.
      return {
        ok: false,
        error: { code: 'internal/unexpected', message: 'Spool lost contact with its main process.' },
      }
    }
  }
  const on =
    <E extends EventChannel>(channel: E) =>
    (listener: (payload: EventContract[E]) => void): (() => void) =>
      transport.on(channel, (payload) => listener(payload as EventContract[E]))

  const api: Api = {
    uploads: {
      list: () => call('uploads:list', null),
      enqueueFiles: async (files, settings) => {
        const pathForFile = options.pathForFile
        const paths = pathForFile ? files.map((f) => pathForFile(f)).filter((p) => p.length > 0) : []
        if (paths.length === 0) {
          return {
            ok: false,
            error: { code: 'input/invalid', message: 'Spool could not read where the dropped items are.' },
          }
        }
        await options.dropsSettled?.()
        return call('uploads:enqueue', { paths, settings })
      },
      pickAndEnqueue: (kind, settings) => call('uploads:pick-and-enqueue', { kind, settings }),
      pause: (jobs) => call('uploads:pause', selection(jobs)),
      resume: (jobs) => call('uploads:resume', selection(jobs)),
      cancel: (jobs) => call('uploads:cancel', selection(jobs)),
      retry: (jobs) => call('uploads:retry', selection(jobs)),
      clearDone: () => call('uploads:clear-done', null),
      onChanged: on('uploads:changed'),
      onProgress: on('uploads:progress'),
    },
    library: {
      refresh: () => call('library:refresh', null),
      query: (query) => call('library:query', query),
      get: (id) => call('library:get', { id }),
      update: (id, patch) => call('library:update', { id, patch }),
      delete: (ids) => call('library:delete', { ids }),
      summary: (id) => call('library:summary', { id }),
      generateSummary: (id) => call('library:generate-summary', { id }),
      setMp4Support: (id, option) => call('library:set-mp4', { id, option }),
      setSourceAccess: (id, on) => call('library:set-source-access', { id, on }),
      inputInfo: (id) => call('library:input-info', { id }),
      clips: (id) => call('library:clips', { id }),
      onChanged: on('library:changed'),
    },
    tracks: {
      add: (mediaId, track) => call('tracks:add', { mediaId, track }),
      update: (mediaId, trackId, patch) => call('tracks:update', { mediaId, trackId, patch }),
      delete: (mediaId, trackId) => call('tracks:delete', { mediaId, trackId }),
      generateSubtitles: (mediaId, trackId, languageCode, languageName) =>
        call('tracks:generate-subtitles', { mediaId, trackId, languageCode, languageName }),
    },
    unused: {
      list: () => call('unused:list', null),
      cancel: (uploadIds) => call('unused:cancel', { uploadIds }),
    },
    accounts: {
      list: () => call('accounts:list', null),
      add: (account) => call('accounts:add', account),
      remove: (name) => call('accounts:remove', { name }),
      select: (name) => call('accounts:select', { name }),
      test: (name) => call('accounts:test', { name }),
      onChanged: on('accounts:changed'),
    },
    settings: {
      get: () => call('settings:get', null),
      update: (patch) => call('settings:update', patch),
      onChanged: on('settings:changed'),
    },
    app: {
      info: () => call('app:info', null),
      openLink: (link) => call('app:open-link', { link }),
      onNetwork: on('app:network'),
      onCommand: on('app:command'),
    },
  }
  return deepFreeze(api)
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) deepFreeze(v as object)
  return Object.freeze(value)
}
