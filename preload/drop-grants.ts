import { FACADE, type DroppedFile } from '../common/ipc/facade.ts'
import type { SpoolTransport } from './api.ts'

const GRANT_DROPPED = FACADE.uploads.grantDropped.channel

/** The parts of a DOM drop event the preload reads (the preload has no DOM types). */
type DropEventLike = Readonly<{
  isTrusted: boolean
  dataTransfer: Readonly<{ files: ArrayLike<DroppedFile> }> | null
}>

/** Where drop events come from: the page's window, seen from the preload's isolated world. */
export type DropTarget = Readonly<{
  addEventListener(type: 'drop', listener: (event: DropEventLike) => void, capture: boolean): void
}>

/** What the facade needs: a dropped file's path if the user dropped it, and a wait for main to know it. */
export type DropGrants = Readonly<{
  /** The file's path when it came from a trusted drop; '' otherwise. */
  pathFor(file: DroppedFile): string
  /** Resolves once main has remembered every drop seen so far. */
  settled(): Promise<void>
}>

/**
 * Watches drops from the preload's isolated world (issue 14 §2). Only events the browser marks trusted,
 * i.e. made by the user and not dispatched by page script, grant their files: their paths are remembered
 * here and sent to main, which then accepts them in `uploads:enqueue`. Page script cannot reach the
 * transport, so it cannot grant a path of its own choosing.
 */
export function watchTrustedDrops(
  target: DropTarget,
  transport: SpoolTransport,
  getPath: (file: DroppedFile) => string,
): DropGrants {
  const paths = new WeakMap<DroppedFile, string>()
  let pending: Promise<unknown> = Promise.resolve()
  target.addEventListener(
    'drop',
    (event) => {
      if (!event.isTrusted || !event.dataTransfer) return
      const granted: string[] = []
      for (const file of Array.from(event.dataTransfer.files)) {
        const path = getPath(file)
        if (path.length === 0) continue
        paths.set(file, path)
        granted.push(path)
      }
      if (granted.length === 0) return
      pending = pending.then(() => transport.invoke(GRANT_DROPPED, { paths: granted }))
    },
    true,
  )
  return {
    pathFor: (file) => paths.get(file) ?? '',
    settled: async () => {
      await pending.catch(() => undefined)
    },
  }
}
