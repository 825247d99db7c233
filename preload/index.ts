import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { EventChannel, InvokeChannel } from '../common/ipc/channels.ts'
import type { IpcResult } from '../common/ipc/result.ts'
import { createSpoolApi, type SpoolTransport } from './api.ts'

// The ipcRenderer transport. It stays inside this closure: the page only ever sees the named functions of
// createSpoolApi, and listeners never receive the IpcRendererEvent (Electron security checklist #20).
const transport: SpoolTransport = {
  invoke: (channel: InvokeChannel, payload: unknown) =>
    ipcRenderer.invoke(channel, payload) as Promise<IpcResult<unknown>>,
  on: (channel: EventChannel, listener: (payload: unknown) => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  },
}

contextBridge.exposeInMainWorld(
  'spool',
  createSpoolApi(transport, { pathForFile: (file) => webUtils.getPathForFile(file as File) }),
)
