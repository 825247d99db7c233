import { createCore, type Core } from '../../main/core.ts'
import { dispatch } from '../../main/ipc/dispatch.ts'
import type { DialogPort } from '../../main/ipc/ports.ts'
import { InMemorySecretStore } from '../fakes/in-memory-secret-store.ts'

/**
 * The app's core over a Spool home, as Electron composes it, with an in-memory keychain and the dialogs a
 * test answers (by default: nothing picked, every confirmation accepted).
 */
export function createTestCore(home: string, dialogs: Partial<DialogPort> = {}): Core {
  return createCore({
    home,
    env: { SPOOL_HOME: home },
    secrets: new InMemorySecretStore(),
    version: '0.0.0-test',
    platform: process.platform,
    dialogs: { pick: () => Promise.resolve(null), confirm: () => Promise.resolve(true), ...dialogs },
    external: { open: () => Promise.resolve() },
  })
}

/** Calls a channel through main's dispatcher as the renderer would; a refusal throws its code and message. */
export async function callChannel<T>(core: Core, channel: string, payload: unknown): Promise<T> {
  const result = await dispatch(core.handlers, channel, payload)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as T
}
