import { join } from 'node:path'
import type { AccountName, JobId } from '../common/domain/ids.ts'
import type { AccountSummary } from '../common/domain/account.ts'
import type { ChannelSummary } from '../common/ipc/reply-schemas.ts'
import type { UploadJob } from '../common/domain/upload.ts'
import type { AppInfo, PickKind } from '../common/ipc/contract.ts'
import { fail, type AppErrorCode } from '../common/ipc/result.ts'
import type { SecretStore } from './accounts/secret-store.ts'
import type { Destination } from './accounts/destination.ts'
import type { Provider } from './providers/provider.ts'
import { hasReason } from './providers/peertube/errors.ts'
import type { PeerTubeProvider } from './providers/peertube/peertube-provider.ts'
import { createEventEmitter, type EventEmitter, type EventSink } from './ipc/emitter.ts'
import { createHandlers, type HandlerTable } from './ipc/handlers.ts'
import type { DialogPort, ExternalPort } from './ipc/ports.ts'
import { refreshAfterUploads } from './library/refresh-after-uploads.ts'
import { openSpoolHome } from './home.ts'
import { createLibraryService } from './library/library-service.ts'
import { getCached } from './library/library-cache.ts'
import { libraryManifest, saveLibraryManifest } from './library/library-manifest.ts'
import { createRemoteThumbnails, type RemoteThumbnails } from './library/remote-thumbnails.ts'
import { needsRefresh } from '../common/domain/freshness.ts'
import { lastDeliveredAt } from './uploads/repository.ts'
import { createLogger } from './logging/log.ts'
import { createPathGrants, type PathGrants } from './uploads/path-grants.ts'
import { createUploadService, type UploadService } from './uploads/service.ts'
import { createReviewService } from './manifest/review-service.ts'
import type { ManifestWriteBack } from './manifest/watch.ts'
import { userAgent } from './version.ts'
import { describeCountFormat, type CountFormat } from '../common/util/count-format.ts'

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
  /**
   * How the user's locale writes counts, described as the host starts (Electron main: app.getLocale()); absent,
   * the runtime's own locale is described on the first app:info (common/util/count-format.ts).
   */
  countFormat?: CountFormat
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
  /** A self-hosted instance's thumbnails, fetched by main for the page (main/library/remote-thumbnails.ts). */
  remoteThumbnails: RemoteThumbnails
  dispose(): Promise<void>
}>

/**
 * Builds every service from one Spool home (ARCHITECTURE.md §2, §8.6): database, accounts and settings,
 * upload queue, library, and the IPC handler table over them. Nothing here imports Electron.
 */
export function createCore(o: CoreOptions): Core {
  const home = openSpoolHome({
    home: o.home,
    env: o.env,
    secrets: o.secrets,
    userAgent: userAgent('app', o.version),
  })
  const { db, accounts, settings } = home
  const destination = (name: AccountName): Promise<Destination> => home.destination(name)
  const uploads = createUploadService({
    db,
    secrets: o.secrets,
    uploadPortFor: async (name) => (await home.providerFor(name as AccountName)).uploads,
    providerFor: (name) => home.providerFor(name as AccountName),
    settings: () => settings.get(),
  })
  const library = createLibraryService({
    db,
    providerFor: (name) => home.providerFor(name),
    lookupJobByUploadId: (id) => uploads.lookupJobByUploadId(id),
  })

  /** One background refresh per account at a time. */
  const refreshing = new Set<string>()
  const refreshInBackground = (account: AccountName): void => {
    if (refreshing.has(account)) return
    refreshing.add(account)
    library
      .refresh(account)
      .then(() => emit('library:changed', null))
      .catch((caught: unknown) => log.warn('background library refresh failed', { error: caught }))
      .finally(() => refreshing.delete(account))
  }

  const grants = createPathGrants()
  /** Shows main's own Add files… / Add folder… dialog; what the user picks there is theirs to upload. */
  const pick = async (kind: PickKind): Promise<ReadonlyArray<string> | null> => {
    const paths = await o.dialogs.pick(kind)
    if (paths) grants.grant(paths)
    return paths
  }

  const review = createReviewService({
    db,
    grants,
    open: (name) => home.destination(name),
    dialogs: {
      openManifest: async () => {
        const path = (await o.dialogs.openManifest?.()) ?? null
        if (path) grants.grant([path])
        return path
      },
      saveManifest: async (name) => (await o.dialogs.saveManifest?.(name)) ?? null,
    },
    requeue: (ids) => void uploads.retry({ ids: ids as ReadonlyArray<JobId> }),
    privacyDefault: () => settings.get().defaultUpload.accessPolicy,
  })
  /** Manifest results written back as the app's queue runs them (issue 15); attached by `start`. */
  let manifests: ManifestWriteBack | null = null

  let online = true
  let countFormat = o.countFormat
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
  /** Drops the account's opened destination (after a removal or a new key/sign-in); reopened on next use. */
  const forgetDestination = (name: AccountName): Promise<void> => home.forget(name)
  const isPeerTube = (p: Provider): p is PeerTubeProvider => p.kind === 'peertube' && 'peertube' in p

  /**
   * A confirmed PeerTube sign-in that answered "one-time code needed": sending the same request again with
   * the code (within a few minutes) is not asked about twice. Keyed by what the user confirmed.
   */
  let confirmedAwaitingOtp: { key: string; until: number } | null = null
  const OTP_WINDOW_MS = 5 * 60_000
  const confirmOnce = async (
    key: string,
    ask: () => Promise<boolean>,
    refused: [AppErrorCode, string],
  ): Promise<void> => {
    const pending = confirmedAwaitingOtp
    confirmedAwaitingOtp = null
    if (pending && pending.key === key && pending.until > Date.now()) return
    if (!(await ask())) fail(...refused)
  }
  /** Runs a PeerTube sign-in; "two-factor code needed" becomes `auth/otp-required` for the UI. */
  const signingIn = async <T>(key: string | null, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (caught) {
      if (!hasReason(caught, 'otp-required')) throw caught
      if (key) confirmedAwaitingOtp = { key, until: Date.now() + OTP_WINDOW_MS }
      return fail('auth/otp-required', caught.appError.message, {
        ...(caught.appError.status ? { status: caught.appError.status } : {}),
      })
    }
  }
  const sameUrl = (a: string, b: string): boolean => a.replace(/\/+$/, '') === b.replace(/\/+$/, '')

  const refresher = refreshAfterUploads({
    refresh: () => library.refresh(current()),
    refreshed: () => emit('library:changed', null),
    failed: (caught) => log.warn('library refresh after upload failed', { error: caught }),
    delayMs: o.libraryRefreshDelayMs ?? 1500,
  })
  const offChanged = uploads.onChanged((job: UploadJob) => {
    emit('uploads:changed', { upserted: [job], removed: [] })
    refresher.jobChanged(job)
  })
  const offProgress = uploads.onProgress((batch) => emit('uploads:progress', batch))

  const clearDone = (): void => {
    const before = uploads.list()
    const cleared: unknown = uploads.clearDone()
    // The queue may answer with the ids it removed; when it answers with a count, they are the jobs now gone.
    const after = new Set<string>(uploads.list().map((j) => j.id))
    const removed: ReadonlyArray<JobId> = Array.isArray(cleared)
      ? (cleared as JobId[])
      : before.map((j) => j.id).filter((id) => !after.has(id))
    if (removed.length > 0) emit('uploads:changed', { upserted: [], removed })
  }

  // One line per channel of common/ipc/contract.ts: each calls a service for the selected account.
  const handlers = createHandlers({
    'uploads:list': (r) => (r ? uploads.list().slice(-r.last) : uploads.list()),
    'uploads:batches': () => uploads.batches(),
    'uploads:enqueue': (r) => {
      grants.assertCovered(r.paths)
      return uploads.enqueue(r.paths, {
        account: current(),
        settings: r.settings,
        force: r.force === true,
        batch: { origin: 'drop' },
      })
    },
    'uploads:grant-dropped': (r) => grants.grant(r.paths),
    'uploads:pick-and-enqueue': async (r) => {
      const paths = await pick(r.kind)
      if (!paths || paths.length === 0) return null
      return uploads.enqueue(paths, {
        account: current(),
        settings: r.settings,
        force: r.force === true,
        batch: { origin: 'dialog' },
      })
    },
    'uploads:pick-and-relocate': async () => {
      const paths = await pick('folder')
      if (!paths || paths.length === 0) return null
      return uploads.relocate(null, paths[0]!)
    },
    'uploads:pause': (r) => void uploads.pause(r),
    'uploads:resume': (r) => void uploads.resume(r),
    'uploads:cancel': (r) => void uploads.cancel(r),
    'uploads:retry': (r) => void uploads.retry(r),
    'uploads:clear-done': clearDone,
    'uploads:plan': (r) => review.plan(r.paths, r.settings.accounts, r.settings.defaults),
    'uploads:pick-and-plan': async (r) => {
      const paths = await pick(r.kind)
      if (!paths || paths.length === 0) return null
      return review.plan(paths, r.settings.accounts, r.settings.defaults)
    },
    'uploads:start-plan': (r) => review.start(r.rows, r.accounts, r.manifest, r.force ?? false),
    'manifest:import': (r) => review.importManifest(r.accounts),
    'manifest:export': (r) => review.exportManifest(r.rows),

    'library:refresh': async () => void (await library.refresh(current())),
    'library:query': (r) => {
      const account = current()
      const refreshedAt = library.cacheInfo(account).refreshedAt
      // Never stale: an old cache, or one older than the last finished upload, refreshes in the background
      // and the UI hears `library:changed` when it is done.
      if (needsRefresh(refreshedAt, lastDeliveredAt(db, account), Date.now())) refreshInBackground(account)
      return { ...library.query(account, r), refreshedAt }
    },
    'library:folders': () => library.folders(current()),
    'library:get': (r) => library.get(current(), r.id),
    'library:update': (r) => library.update(current(), r.id, r.patch),
    'library:delete': (r) => library.deleteMany(current(), r.ids),
    'library:summary': (r) => library.summary(current(), r.id),
    'library:generate-summary': async (r) => void (await library.generateSummary(current(), r.id)),
    'library:set-mp4': (r) => library.setMp4Support(current(), r.id, r.option),
    'library:export-manifest': async (r) => {
      const account = current()
      const kind = (await home.providerFor(account)).kind
      return saveLibraryManifest(
        libraryManifest(db, account, kind, r.ids),
        async (name) => (await o.dialogs.saveManifest?.(name)) ?? null,
      )
    },
    'library:set-privacy': (r) => library.setPrivacy(current(), r.id, r.privacy),
    'library:set-source-access': (r) => library.setSourceAccess(current(), r.id, r.on),
    'library:input-info': (r) => library.inputInfo(current(), r.id),
    'library:clips': (r) => library.mediaClips(current(), r.id),

    'tracks:add': (r) => library.addTrack(current(), r.mediaId, r.track),
    'tracks:update': (r) => library.updateTrack(current(), r.mediaId, r.trackId, r.patch),
    'tracks:delete': (r) => library.deleteTrack(current(), r.mediaId, r.trackId),
    'tracks:generate-subtitles': (r) =>
      library.generateSubtitles(current(), r.mediaId, r.trackId, r.languageCode, r.languageName),

    'unused:list': () => library.unusedUploads(current()),
    'unused:cancel': (r) => library.cancelMany(current(), r.uploadIds),

    'accounts:list': listAccounts,
    'accounts:add': async (r) => {
      // A compromised renderer must not add a server of its own: main asks the user itself.
      const confirmed = await o.dialogs.confirm({
        title: 'Add account',
        message: `Add the account "${r.name}"?`,
        detail: `Spool will upload the files you queue for it to ${r.apiUrl}. Add it only if you entered this address yourself.`,
        confirmLabel: 'Add account',
      })
      if (!confirmed) fail('input/not-confirmed', 'The account was not added: it was not confirmed.')
      const added = await accounts.add(r)
      await accountsChanged()
      return added
    },
    'accounts:add-peertube': async (r) => {
      // As for FastPix: the sign-in goes to a server the user confirmed in main's own dialog.
      // Trusting an instance's own certificate is confirmed here too, with its fingerprint (ARCHITECTURE.md §7).
      const trust = r.trustFingerprint ?? null
      const key = JSON.stringify(['add', r.name, r.instanceUrl, r.username, trust])
      await confirmOnce(
        key,
        () =>
          o.dialogs.confirm({
            title: 'Add account',
            message: trust
              ? `Add the PeerTube account "${r.name}" and trust its certificate?`
              : `Add the PeerTube account "${r.name}"?`,
            detail: trust
              ? `${r.instanceUrl} has a certificate no authority vouches for. Spool will accept exactly the certificate with the SHA-256 fingerprint ${trust} for this account, and refuse any other. Trust it only if the instance's admin confirms this fingerprint.`
              : `Spool will sign in to ${r.instanceUrl} as ${r.username} and upload the files you queue for it there. Add it only if you entered this address yourself.`,
            confirmLabel: trust ? 'Trust and add' : 'Add account',
          }),
        ['input/not-confirmed', 'The account was not added: it was not confirmed.'],
      )
      const added = await signingIn(r.otp ? null : key, () => accounts.addPeerTube(r))
      await accountsChanged()
      return added
    },
    'accounts:update': async (r) => {
      const before = accounts.list().find((a) => a.name === r.name)
      if (!before) fail('auth/no-account', `There is no account named "${r.name}".`)
      const { apiUrl, streamUrl } = r.patch
      // The built-in sandbox has nothing to change: the service refuses it without asking the user.
      const moved =
        !before.builtIn &&
        ((apiUrl !== undefined && !sameUrl(apiUrl, before.apiUrl)) ||
          (streamUrl !== undefined && !sameUrl(streamUrl, before.streamUrl)))
      const trust = r.patch.trustFingerprint ?? null
      const key = JSON.stringify([
        'update',
        r.name,
        apiUrl ?? null,
        streamUrl ?? null,
        r.patch.username ?? null,
        trust,
      ])
      const address = `${apiUrl ?? before.apiUrl}${streamUrl && !sameUrl(streamUrl, before.streamUrl) ? ` (streams from ${streamUrl})` : ''}`
      if (moved || trust)
        await confirmOnce(
          key,
          () =>
            o.dialogs.confirm(
              trust
                ? {
                    title: 'Trust certificate',
                    message: `Trust a new certificate for the account "${r.name}"?`,
                    detail: `${address} presents a certificate no authority vouches for. Spool will accept exactly the certificate with the SHA-256 fingerprint ${trust} for this account, and refuse any other. Trust it only if the instance's admin confirms this fingerprint.`,
                    confirmLabel: 'Trust and sign in',
                  }
                : {
                    title: 'Change account',
                    message: `Point the account "${r.name}" at a new address?`,
                    detail: `Spool will use ${address} for this account from now on. Change it only if you entered this address yourself.`,
                    confirmLabel: 'Change account',
                  },
            ),
          ['input/not-confirmed', 'The account was not changed: it was not confirmed.'],
        )
      const updated = await signingIn((moved || trust) && !r.patch.otp ? key : null, () =>
        accounts.update(r.name, r.patch),
      )
      await forgetDestination(r.name)
      // Files that waited for this sign-in continue by themselves (the queue picks them up).
      uploads.accountSignedIn(r.name)
      await accountsChanged()
      return (await listAccounts()).find((a) => a.name === updated.name) ?? updated
    },
    'accounts:capabilities': async (r) => (await destination(r.name)).provider.capabilities,
    'accounts:channels': async (r): Promise<ReadonlyArray<ChannelSummary>> => {
      const { provider } = await destination(r.name)
      if (!isPeerTube(provider)) return []
      const channels = await provider.peertube.channels()
      return channels.map((c) => ({ name: c.name, displayName: c.displayName }))
    },
    'accounts:remove': async (r) => {
      await accounts.remove(r.name)
      await forgetDestination(r.name)
      await accountsChanged()
    },
    'accounts:select': async (r) => {
      const selected = accounts.select(r.name)
      await accountsChanged()
      return (await listAccounts()).find((a) => a.name === selected.name) ?? selected
    },
    'accounts:test': async (r) => void (await accounts.test(r.name)),

    'settings:get': () => settings.get(),
    'settings:update': (r) => {
      const next = settings.update(r)
      emit('settings:changed', next)
      return next
    },

    'app:info': (): AppInfo => ({
      version: o.version,
      platform: o.platform,
      online,
      countFormat: (countFormat ??= describeCountFormat()),
    }),
    'app:open-link': (r) => o.external.open(r.link),
  })

  const remoteThumbnails = createRemoteThumbnails(join(o.home, 'thumbnails'), {
    cached: (account, id) => getCached(db, account, id),
    async fetcher(account) {
      const provider = await home.providerFor(account)
      if (!isPeerTube(provider)) return null
      const { client } = provider
      return { origin: new URL(client.instanceUrl).origin, fetch: (url, signal) => client.image(url, signal) }
    },
  })

  return {
    handlers,
    uploads,
    grants,
    remoteThumbnails,
    attach(sink) {
      emitter?.dispose()
      const mine = createEventEmitter(sink, o.eventIntervalMs ?? 100)
      emitter = mine
      return () => {
        mine.dispose()
        if (emitter === mine) emitter = null
      }
    },
    start() {
      manifests ??= home.watchManifests(uploads)
      uploads.start()
    },
    setOnline(next) {
      online = next
      uploads.setOnline(next)
      emit('app:network', { online: next })
    },
    destination,
    async dispose() {
      offChanged()
      offProgress()
      refresher.dispose()
      emitter?.dispose()
      await uploads.stop()
      manifests?.detach()
      await manifests?.settle()
      await home.close()
    },
  }
}
