import './jitless.ts'
import { z } from 'zod'
import {
  CONTRACT_GROUPS,
  type Api,
  type ChannelDeclaration,
  type DroppedFile,
  type DropOptions,
  type EventChannel,
  type InvokeChannel,
} from '../common/ipc/contract.ts'
import { appErrorReply } from '../common/ipc/reply-schemas.ts'
import type { AppError, IpcResult } from '../common/ipc/result.ts'
import { describeIssues } from '../common/ipc/schemas.ts'

/**
 * How the facade reaches main: ipcRenderer in the preload, a Playwright bridge in the e2e harness. The
 * facade is the same code in both (ARCHITECTURE.md §4). Replies and event payloads arrive unchecked; the facade
 * checks them against the contract.
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
  /** Where a malformed reply or event is reported (default: console.error, i.e. the devtools console). */
  warn?: (message: string, detail: Readonly<Record<string, unknown>>) => void
}>

type Invocable = Extract<ChannelDeclaration, { result: z.ZodType }>

const failure = (error: AppError): IpcResult<never> => ({ ok: false, error })

const LOST_CONTACT = failure({
  code: 'internal/unexpected',
  message: 'Spool lost contact with its main process.',
})

/** The reply envelope of a channel: its result on success, an AppError otherwise. */
function envelopeOf(result: z.ZodType): z.ZodType<IpcResult<unknown>> {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: result }),
    z.object({ ok: z.literal(false), error: appErrorReply() }),
  ])
}

/**
 * Builds `window.spool` from a transport, one named function per declaration of the contract
 * (common/ipc/contract.ts), never a generic invoke (ARCHITECTURE.md §8.2). Every reply is checked against its
 * channel's result schema (a malformed one becomes an `ipc/invalid-reply` error); every event payload
 * against its schema (a malformed one is dropped and reported).
 */
export function createSpoolApi(transport: SpoolTransport, options: SpoolApiOptions = {}): Api {
  const warn =
    options.warn ??
    ((message: string, detail: Readonly<Record<string, unknown>>) => console.error(message, detail))
  const envelopes = new Map<string, z.ZodType<IpcResult<unknown>>>()

  const call = async (decl: Invocable, payload: unknown): Promise<IpcResult<unknown>> => {
    let reply: unknown
    try {
      reply = await transport.invoke(decl.channel as InvokeChannel, payload)
    } catch {
      // A transport failure (window closing, main gone) is a value, never an exception in the UI.
      return LOST_CONTACT
    }
    let envelope = envelopes.get(decl.channel)
    if (!envelope) {
      envelope = envelopeOf(decl.result)
      envelopes.set(decl.channel, envelope)
    }
    const parsed = envelope.safeParse(reply)
    if (parsed.success) return parsed.data
    const detail = describeIssues(parsed.error)
    warn('Spool: a malformed reply was refused', { channel: decl.channel, detail })
    return failure({
      code: 'ipc/invalid-reply',
      message: 'Spool could not read the answer to that request.',
      detail,
    })
  }

  const enqueueDropped = async (
    decl: Invocable,
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
    return call(decl, { paths, settings, ...(drop?.force ? { force: true } : {}) })
  }

  // The payload schema is read when an event arrives, not on subscribing: the window subscribes as it
  // starts, and building every event's schema then would delay its first paint (lazy-schema.ts).
  const subscribe =
    (decl: Extract<ChannelDeclaration, { kind: 'event' }>) =>
    (listener: (value: unknown) => void): (() => void) =>
      transport.on(decl.channel as EventChannel, (raw) => {
        const parsed = decl.payload.safeParse(raw)
        if (parsed.success) listener(parsed.data)
        else
          warn('Spool: a malformed event was dropped', {
            channel: decl.channel,
            detail: describeIssues(parsed.error),
          })
      })

  const member = (decl: ChannelDeclaration): unknown => {
    switch (decl.kind) {
      case 'invoke':
        return (...args: never[]) => call(decl, decl.toRequest(...args))
      case 'dropped-files':
        return (files: ReadonlyArray<DroppedFile>, settings: unknown, drop?: DropOptions) =>
          enqueueDropped(decl, files, settings, drop)
      case 'event':
        return subscribe(decl)
      case 'preload-only':
        return undefined
    }
  }

  const api = Object.fromEntries(
    Object.entries(CONTRACT_GROUPS).map(([group, decls]) => [
      group,
      Object.fromEntries(
        Object.entries(decls).flatMap(([name, decl]) => {
          const fn = member(decl)
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
