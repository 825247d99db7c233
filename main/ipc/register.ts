import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { INVOKE_CHANNELS } from '../../common/ipc/contract.ts'
import { appError, err, type IpcResult } from '../../common/ipc/result.ts'
import { createLogger } from '../logging/log.ts'
import { dispatch } from './dispatch.ts'
import type { HandlerTable } from './handlers.ts'
import { isTrustedSender } from './trusted-sender.ts'

const log = createLogger('ipc')

/** Registers every invoke channel on ipcMain; returns a function that removes them again. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  table: HandlerTable,
  allowedOrigins: () => ReadonlyArray<string>,
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event.senderFrame, allowedOrigins())) {
        log.warn('rejected IPC from an untrusted sender', { channel })
        return Promise.resolve(err(appError('ipc/untrusted-sender', 'That request was not accepted.')))
      }
      return dispatch(table, channel, payload)
    })
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
  }
}
