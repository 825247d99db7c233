import type { AccountName, JobId } from '../common/domain/ids.ts'
import type { AccountSummary } from '../common/domain/account.ts'
import type { UploadJob } from '../common/domain/upload.ts'
import type { AppInfo } from '../common/ipc/channels.ts'
import { fail, toAppError, type AppError } from '../common/ipc/result.ts'
import type { MediaId, UploadId } from '../common/domain/ids.ts'
import type { SecretStore } from './accounts/secret-store.ts'
import type { Destination } from './accounts/destination.ts'
import type { Provider } from './providers/provider.ts'
import { createAccountService } from './accounts/account-service.ts'
import { createSettingsStore } from './accounts/settings-store.ts'
import { openDatabase } from './db/database.ts'
import { createEventEmitter, type EventEmitter, type EventSink } from './ipc/emitter.ts'
import { createHandlers, type HandlerTable } from './ipc/handlers.ts'
import type { DialogPort, ExternalPort, HandlerPorts } from './ipc/ports.ts'
import { createLibraryService } from './library/library-service.ts'
import { createLogger } from './logging/log.ts'
import { homeLayout } from './paths.ts'
import { createPathGrants, type PathGrants } from './uploads/path-grants.ts'
import { createUploadService, type UploadService } from './uploads/service.ts'

const log = createLogger('core')

/** What the composition needs from its host (Electron main, the e2e harness, the CLI). */
export type CoreOptions = Readonly<{
  home: string
  env: NodeJS.ProcessEnv
  secrets: SecretStore
  dialogs: DialogPort
  external: ExternalPort
  version: string
  platform: string
  /** Progress/changes coalescing window for the UI (default 100 ms: ≤ 10 events a second). */
  eventIntervalMs?: number
  /** Debounce before refreshing the library after uploads finish (default 1500 ms). */
  libraryRefreshDelayMs?: number
}>

/** The Electron-free app: services, the IPC handler table, and the event stream for one UI. */
export type Core = Readonly<{
  handlers: HandlerTable
  uploads: UploadService
  /** The paths the user chose this session (dialogs, trusted drops); the only paths enqueue takes. */
  grants: PathGrants
  /** Sends events to this sink (one UI at a time); returns a function that detaches it. */
  attach(sink: EventSink): () => void
  /** Starts the queue. */
  start(): void
  setOnline(online: boolean): void
  /** The account's destination (opened once, kept until dispose). */
  destination(name: AccountName): Promise<Destination>
  dispose(): Promise<void>
}>

/**
 * Builds every service from one Spool home (DESIGN.md §2, STYLE.md §6): database, accounts and settings,
 * upload queue, library, and adapts them to the IPC ports. Nothing here imports Electron.
 */
export function createCore(o: CoreOptions): Core {
  const db = openDatabase(homeLayout(o.home).database)
  const accounts = createAccountService({
    db,
    secrets: o.secrets,
    env: o.env,
    home: o.home,
    userAgent: `Spool/${o.version}`,
  })
  const settings = createSettingsStore(db)
  const destinations = new Map<string, Promise<Destination>>()
  const destination = (name: AccountName): Promise<Destination> => {
    let d = destinations.get(name)
    if (!d) {
      d = accounts.destination(name)
      d.catch(() => destinations.delete(name))
      destinations.set(name, d)
    }
    return d
  }
  const providerFor = async (name: AccountName): Promise<Provider> => (await destination(name)).provider
  const uploads = createUploadService({
    db,
    secrets: o.secrets,
    uploadPortFor: async (name) => (await providerFor(name as AccountName)).uploads,
    settings: () => settings.get(),
  })
  const library = createLibraryService({
    db,
    providerFor,
    lookupJobByUploadId: (id) => uploads.lookupJobByUploadId(id),
  })

  const grants = createPathGrants()
  const dialogs: DialogPort = {
    pick: async (kind) => {
      const paths = await o.dialogs.pick(kind)
      if (paths) grants.grant(paths)
      return paths
    },
    confirm: (question) => o.dialogs.confirm(question),
  }

  let online = true
  let emitter: EventEmitter | null = null
  const emit: EventSink = (channel, payload) => emitter?.emit(channel, payload)

  const current = (): AccountName => {
    const selected = accounts.list().find((a) => a.selected)
    return (selected?.name ?? 'sandbox') as AccountName
  }
  /** The built-in sandbox's URLs are known once it runs; fill them in so the UI can preview streams. */
  const listAccounts = async (): Promise<ReadonlyArray<AccountSummary>> => {
    const list = accounts.list()
    const sandbox = list.find((a) => a.builtIn)
    if (!sandbox) return list
    try {
      const d = await destination(sandbox.name)
      return list.map((a) =>
        a.builtIn ? { ...a, apiUrl: d.account.apiUrl, streamUrl: d.account.streamUrl } : a,
      )
    } catch (caught) {
      log.warn('the built-in sandbox did not start', { error: caught })
      return list
    }
  }
  const accountsChanged = async (): Promise<void> => emit('accounts:changed', await listAccounts())

  // After uploads finish, refresh the library once things settle, so new media show up without a click.
  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  const scheduleLibraryRefresh = (): void => {
    if (refreshTimer) clearTimeout(refreshTimer)
    refreshTimer = setTimeout(() => {
      refreshTimer = null
      library
        .refresh(current())
        .then(() => emit('library:changed', null))
        .catch((caught: unknown) => log.warn('library refresh after upload failed', { error: caught }))
    }, o.libraryRefreshDelayMs ?? 1500)
  }
  const offChanged = uploads.onChanged((job: UploadJob) => {
    emit('uploads:changed', { upserted: [job], removed: [] })
    if (job.state === 'done' || job.state === 'processing') scheduleLibraryRefresh()
  })
  const offProgress = uploads.onProgress((batch) => emit('uploads:progress', batch))

  const ports: HandlerPorts = {
    uploads: {
      list: () => Promise.resolve(uploads.list()),
      enqueue: (paths, s) => {
        grants.assertCovered(paths)
        return uploads.enqueue(paths, { account: current(), settings: s })
      },
      grantDropped: (paths) => Promise.resolve(grants.grant(paths)),
      pause: (sel) => Promise.resolve(void uploads.pause(sel)),
      resume: (sel) => Promise.resolve(void uploads.resume(sel)),
      cancel: (sel) => Promise.resolve(void uploads.cancel(sel)),
      retry: (sel) => Promise.resolve(void uploads.retry(sel)),
      clearDone: () => {
        const before = uploads.list().map((j) => j.id)
        uploads.clearDone()
        const after = new Set<string>(uploads.list().map((j) => j.id))
        const removed: JobId[] = before.filter((id) => !after.has(id))
        if (removed.length > 0) emit('uploads:changed', { upserted: [], removed })
        return Promise.resolve()
      },
    },
    library: {
      refresh: async () => void (await library.refresh(current())),
      query: (q) => Promise.resolve(library.query(current(), q)),
      get: (id) => library.get(current(), id),
      update: (id, patch) => library.update(current(), id, patch),
      delete: async (ids) => {
        const account = current()
        const done: MediaId[] = []
        const failed: { id: MediaId; error: AppError }[] = []
        for (const id of ids) {
          try {
            await library.delete(account, id)
            done.push(id)
          } catch (caught) {
            failed.push({ id, error: toAppError(caught) })
          }
        }
        return { done, failed }
      },
      summary: (id) => library.summary(current(), id),
      generateSummary: async (id) => void (await library.generateSummary(current(), id)),
      setMp4Support: (id, option) => library.setMp4Support(current(), id, option),
      setSourceAccess: (id, on) => library.setSourceAccess(current(), id, on),
      inputInfo: (id) => library.inputInfo(current(), id),
      clips: (id) => library.mediaClips(current(), id),
      addTrack: (m, t) => library.addTrack(current(), m, t),
      updateTrack: (m, t, p) => library.updateTrack(current(), m, t, p),
      deleteTrack: (m, t) => library.deleteTrack(current(), m, t),
      generateSubtitles: (m, t, code, name) => library.generateSubtitles(current(), m, t, code, name),
      unused: () => library.unusedUploads(current()),
      cancelUploads: async (ids) => {
        const results = await library.cancelUploads(current(), ids)
        const done: UploadId[] = []
        const failed: { id: UploadId; error: AppError }[] = []
        for (const r of results) {
          const id = r.uploadId as UploadId
          if (r.ok) done.push(id)
          else failed.push({ id, error: r.error ?? toAppError(null) })
        }
        return { done, failed }
      },
    },
    accounts: {
      list: listAccounts,
      add: async (input) => {
        // A compromised renderer must not add a server of its own: main asks the user itself.
        const confirmed = await o.dialogs.confirm({
          title: 'Add account',
          message: `Add the account "${input.name}"?`,
          detail: `Spool will upload the files you queue for it to ${input.apiUrl}. Add it only if you entered this address yourself.`,
          confirmLabel: 'Add account',
        })
        if (!confirmed) fail('input/not-confirmed', 'The account was not added: it was not confirmed.')
        const added = await accounts.add(input)
        await accountsChanged()
        return added
      },
      remove: async (name) => {
        await accounts.remove(name)
        const d = destinations.get(name)
        destinations.delete(name)
        await d?.then((x) => x.close()).catch(() => undefined)
        await accountsChanged()
      },
      select: async (name) => {
        const selected = accounts.select(name)
        await accountsChanged()
        return (await listAccounts()).find((a) => a.name === selected.name) ?? selected
      },
      test: async (name) => void (await accounts.test(name)),
    },
    settings: {
      get: () => Promise.resolve(settings.get()),
      update: (patch) => {
        const next = settings.update(patch)
        emit('settings:changed', next)
        return Promise.resolve(next)
      },
    },
    dialogs,
    external: o.external,
    info: (): AppInfo => ({ version: o.version, platform: o.platform, online }),
  }

  return {
    handlers: createHandlers(ports),
    uploads,
    grants,
    attach(sink) {
      emitter?.dispose()
      const mine = createEventEmitter(sink, o.eventIntervalMs ?? 100)
      emitter = mine
      return () => {
        mine.dispose()
        if (emitter === mine) emitter = null
      }
    },
    start: () => uploads.start(),
    setOnline(next) {
      online = next
      uploads.setOnline(next)
      emit('app:network', { online: next })
    },
    destination,
    async dispose() {
      offChanged()
      offProgress()
      if (refreshTimer) clearTimeout(refreshTimer)
      emitter?.dispose()
      await uploads.stop()
      for (const d of destinations.values()) await d.then((x) => x.close()).catch(() => undefined)
      destinations.clear()
      db.close()
    },
  }
}
