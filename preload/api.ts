import type { EventChannel, InvokeChannel } from '../common/ipc/contract.ts'
import {
  FACADE_GROUPS,
  type Api,
  type CallEntry,
  type DroppedFile,
  type DropOptions,
  type EventEntry,
  type FacadeEntry,
} from '../common/ipc/facade.ts'
import type { AppError, IpcResult } from '../common/ipc/result.ts'

/**
 * How the facade reaches main: ipcRenderer in the preload, a Playwright bridge in the e2e harness. The
 * facade is the same code in both (ARCHITECTURE.md §4). Main has checked every reply and event payload against
 * the contract before sending it (main/ipc/dispatch.ts, main/ipc/emitter.ts); the facade checks only that a
 * reply is an envelope.
 */
export type SpoolTransport = Readonly<{
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>
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
  /** Where a reply that is not an envelope is reported (default: console.error, i.e. the devtools console). */
  warn?: (message: string, detail: Readonly<Record<string, unknown>>) => void
}>

type Invocable = CallEntry | Extract<FacadeEntry, { kind: 'dropped-files' }>

const failure = (error: AppError): IpcResult<never> => ({ ok: false, error })

const LOST_CONTACT = failure({
  code: 'internal/unexpected',
  message: 'Spool lost contact with its main process.',
})

/**
 * Whether a reply is an IpcResult: a value, or an error with a code and a message. Its content was checked
 * by main against the channel's result schema; this only keeps a reply that is not an answer at all (a main
 * process of another version, a transport gone wrong) from reaching the UI as one.
 */
function isEnvelope(reply: unknown): reply is IpcResult<unknown> {
  if (typeof reply !== 'object' || reply === null) return false
  const envelope = reply as Readonly<{ ok?: unknown; value?: unknown; error?: unknown }>
  if (envelope.ok === true) return 'value' in envelope
  if (envelope.ok !== false || typeof envelope.error !== 'object' || envelope.error === null) return false
  const error = envelope.error as Readonly<{ code?: unknown; message?: unknown }>
  return typeof error.code === 'string' && typeof error.message === 'string'
}

/**
 * Builds `window.spool` from a transport, one named function per entry
 * of the facade table (common/ipc/facade.ts), never a generic invoke (ARCHITECTURE.md §8.2). A reply that is
 * not an envelope becomes an `ipc/invalid-reply` error, and is reported.
 */
export function createSpoolApi(transport: SpoolTransport, options: SpoolApiOptions = {}): Api {
  const warn =
    options.warn ??
    ((message: string, detail: Readonly<Record<string, unknown>>) => console.error(message, detail))
  const call = async (entry: Invocable, payload: unknown): Promise<IpcResult<unknown>> => {
    let reply: unknown
    try {
      reply = await transport.invoke(entry.channel, payload)
    } catch {
      // A transport failure (window closing, main gone) is a value, never an exception in the UI.
      return LOST_CONTACT
    }
    if (isEnvelope(reply)) return reply
    warn('Spool: a reply that is not an answer was refused', { channel: entry.channel })
    return failure({
      code: 'ipc/invalid-reply',
      message: 'Spool could not read the answer to that request.',
    })
  }

  const enqueueDropped = async (
    entry: Invocable,
    files: ReadonlyArray<DroppedFile>,
    settings: unknown,
    drop: DropOptions | undefined,
  ): Promise<IpcResult<unknown>> => {
    const pathForFile = options.pathForFile
    const paths = pathForFile ? files.map((f) => pathForFile(f)).filter((p) => p.length > 0) : []
    if (paths.length === 0) {
      return failure({ code: 'input/invalid', message: 'Spool could not read where the dropped items are.' })
    }
    await options.dropsSettled?.()
    return call(entry, { paths, settings, ...(drop?.force ? { force: true } : {}) })
  }

  const subscribe =
    (entry: EventEntry) =>
    (listener: (value: unknown) => void): (() => void) =>
      transport.on(entry.channel, listener)

  const member = (entry: FacadeEntry): unknown => {
    switch (entry.kind) {
      case 'invoke':
        return (...args: never[]) => call(entry, entry.toRequest(...args))
      case 'dropped-files':
        return (files: ReadonlyArray<DroppedFile>, settings: unknown, drop?: DropOptions) =>
          enqueueDropped(entry, files, settings, drop)
      case 'event':
        return subscribe(entry)
      case 'preload-only':
        return undefined
    }
  }

  const api = Object.fromEntries(
    Object.entries(FACADE_GROUPS).map(([group, members]) => [
      group,
      Object.fromEntries(
        Object.entries(members).flatMap(([name, entry]) => {
          const fn = member(entry)
          return fn === undefined ? [] : [[name, fn]]
        }),
      ),
    ]),
  )
  return deepFreeze(api) as Api
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) deepFreeze(v as object)
  return Object.freeze(value)
}
