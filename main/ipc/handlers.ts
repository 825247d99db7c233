import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../common/ipc/channels.ts'
import type { HandlerPorts } from './ports.ts'

/** One async function per invoke channel, taking the already-validated request. */
export type HandlerTable = { [C in InvokeChannel]: (req: InvokeRequest<C>) => Promise<InvokeResponse<C>> }

/**
 * The handler table: a plain object built from the ports, so the Electron registrar, the e2e harness and
 * the fuzz test all call the very same functions (DESIGN.md §4).
 */
export function createHandlers(p: HandlerPorts): HandlerTable {
  const done = async (work: Promise<void>): Promise<null> => {
    await work
    return null
  }
  return {
    'uploads:list': () => p.uploads.list(),
    'uploads:enqueue': (r) => p.uploads.enqueue(r.paths, r.settings),
    'uploads:grant-dropped': (r) => done(p.uploads.grantDropped(r.paths)),
    'uploads:pick-and-enqueue': async (r) => {
      const paths = await p.dialogs.pick(r.kind)
      if (!paths || paths.length === 0) return null
      return p.uploads.enqueue(paths, r.settings)
    },
    'uploads:pause': (r) => done(p.uploads.pause(r)),
    'uploads:resume': (r) => done(p.uploads.resume(r)),
    'uploads:cancel': (r) => done(p.uploads.cancel(r)),
    'uploads:retry': (r) => done(p.uploads.retry(r)),
    'uploads:clear-done': () => done(p.uploads.clearDone()),

    'library:refresh': () => done(p.library.refresh()),
    'library:query': (r) => p.library.query(r),
    'library:get': (r) => p.library.get(r.id),
    'library:update': (r) => p.library.update(r.id, r.patch),
    'library:delete': (r) => p.library.delete(r.ids),
    'library:summary': (r) => p.library.summary(r.id),
    'library:generate-summary': (r) => done(p.library.generateSummary(r.id)),
    'library:set-mp4': (r) => p.library.setMp4Support(r.id, r.option),
    'library:set-source-access': (r) => p.library.setSourceAccess(r.id, r.on),
    'library:input-info': (r) => p.library.inputInfo(r.id),
    'library:clips': (r) => p.library.clips(r.id),

    'tracks:add': (r) => p.library.addTrack(r.mediaId, r.track),
    'tracks:update': (r) => p.library.updateTrack(r.mediaId, r.trackId, r.patch),
    'tracks:delete': (r) => done(p.library.deleteTrack(r.mediaId, r.trackId)),
    'tracks:generate-subtitles': (r) =>
      p.library.generateSubtitles(r.mediaId, r.trackId, r.languageCode, r.languageName),

    'unused:list': () => p.library.unused(),
    'unused:cancel': (r) => p.library.cancelUploads(r.uploadIds),

    'accounts:list': () => p.accounts.list(),
    'accounts:add': (r) => p.accounts.add(r),
    'accounts:remove': (r) => done(p.accounts.remove(r.name)),
    'accounts:select': (r) => p.accounts.select(r.name),
    'accounts:test': (r) => done(p.accounts.test(r.name)),

    'settings:get': () => p.settings.get(),
    'settings:update': (r) => p.settings.update(r),

    'app:info': () => Promise.resolve(p.info()),
    'app:open-link': (r) => done(p.external.open(r.link)),
  }
}
