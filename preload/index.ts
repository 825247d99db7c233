import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { EventChannel, InvokeChannel } from '../common/ipc/contract.ts'
import { createSpoolApi, type SpoolTransport } from './api.ts'
import { watchTrustedDrops, type DropTarget } from './drop-grants.ts'

// The ipcRenderer transport. It stays inside this closure: the page only ever sees the named functions of
// createSpoolApi, and listeners never receive the IpcRendererEvent (Electron security checklist #20).
const transport: SpoolTransport = {
  invoke: (channel: InvokeChannel, payload: unknown): Promise<unknown> =>
    ipcRenderer.invoke(channel, payload),
  on: (channel: EventChannel, listener: (payload: unknown) => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  },
}

// Drops are seen here, in the isolated world, before the page's own handlers: only a trusted (user-made)
// drop grants main its paths (issue 14 §2).
const drops = watchTrustedDrops(globalThis as unknown as DropTarget, transport, (file) =>
  webUtils.getPathForFile(file as File),
)

contextBridge.exposeInMainWorld(
  'spool',
  createSpoolApi(transport, { pathForFile: drops.pathFor, dropsSettled: drops.settled }),
)
