import { INVOKE_CHANNELS, INVOKES, type InvokeChannel } from '../../common/ipc/contract.ts'
import { appError, err, ok, toAppError, type IpcResult } from '../../common/ipc/result.ts'
import { describeIssues } from '../../common/ipc/schemas.ts'
import { createLogger } from '../logging/log.ts'
import type { HandlerTable } from './handlers.ts'

const log = createLogger('ipc')
const KNOWN = new Set<string>(INVOKE_CHANNELS)

/** Whether a string names an invoke channel of the contract. */
export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && KNOWN.has(channel)
}

/**
 * Runs one request through the contract: known channel, its declared request schema, handler, its declared
 * result schema, IpcResult. Never throws: an AppFailure becomes its AppError, anything else is logged and
 * becomes `internal/unexpected`.
 *
 * The answer leaves as its result schema parsed it: what the schema does not name is stripped here, in main,
 * so a field the window has no business seeing never crosses to it. An answer the schema refuses is a defect of
 * main's own; it is logged (where, not what: the log gets the issues' paths) and the window gets
 * `ipc/invalid-reply`.
 */
export async function dispatch(
  table: HandlerTable,
  channel: unknown,
  payload: unknown,
): Promise<IpcResult<unknown>> {
  try {
    if (!isInvokeChannel(channel)) {
      return err(appError('ipc/unknown-channel', 'Spool does not know that request.'))
    }
    const parsed = INVOKES[channel].request.safeParse(payload)
    if (!parsed.success) {
      return err(
        appError('ipc/invalid-payload', 'Spool could not accept that request.', {
          detail: describeIssues(parsed.error),
        }),
      )
    }
    const handler = table[channel] as (req: unknown) => Promise<unknown>
    const value = await handler(parsed.data)
    const answer = INVOKES[channel].result.safeParse(value === undefined ? null : value)
    if (answer.success) return ok(answer.data)
    const detail = describeIssues(answer.error)
    log.error('an answer broke the contract and was not sent', { channel, detail })
    return err(appError('ipc/invalid-reply', 'Spool could not read the answer to that request.', { detail }))
  } catch (caught) {
    const error = toAppError(caught)
    if (error.code === 'internal/unexpected') log.error('handler failed', { channel, error: caught })
    return err(error)
  }
}
