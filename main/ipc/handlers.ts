import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../common/ipc/contract.ts'

/** One async function per invoke channel, taking the already-validated request. */
export type HandlerTable = { [C in InvokeChannel]: (req: InvokeRequest<C>) => Promise<InvokeResponse<C>> }

/** What a handler may answer: its result, sync or async; a channel whose result is null may answer nothing. */
type Answer<T> = T | Promise<T>
type Handler<C extends InvokeChannel> = (
  req: InvokeRequest<C>,
) => Answer<InvokeResponse<C> extends null ? InvokeResponse<C> | void : InvokeResponse<C>>

/** The handler of every channel, written as calls on the services (main/core.ts); missing one is a compile error. */
export type Handlers = { [C in InvokeChannel]: Handler<C> }

/**
 * The handler table: a plain object, so the Electron registrar, the e2e harness and the fuzz test all call
 * the very same functions (ARCHITECTURE.md §4). Each handler becomes async, and nothing becomes null.
 */
export function createHandlers(handlers: Handlers): HandlerTable {
  const table: Record<string, (req: never) => Promise<unknown>> = {}
  for (const [channel, handler] of Object.entries(handlers) as Array<[string, (req: never) => unknown]>) {
    table[channel] = async (req) => (await handler(req)) ?? null
  }
  return table as unknown as HandlerTable
}
