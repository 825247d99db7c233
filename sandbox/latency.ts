import type { IncomingMessage, ServerResponse } from 'node:http'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * The `latency=MS` fault: every exchange takes MS longer, as over a link whose round trip is MS. Half of it
 * passes before the request reaches its handler (the request travelling), half between the handler's first
 * write and the response's first byte leaving (the answer travelling), so a handler that reads a whole body
 * first still answers MS/2 after it is done. Request bodies wait in the socket meanwhile, and a response
 * body held back pushes back on its writer (the response is corked, not copied). The latency is read per
 * request, so a changed fault applies to the next exchange.
 */
export function withLatency(latencyMs: () => number, listener: Listener): Listener {
  return (req, res) => {
    const ms = latencyMs()
    if (ms <= 0) return listener(req, res)
    holdResponse(res, ms / 2)
    setTimeout(() => listener(req, res), ms / 2)
  }
}

/** Delays everything `res` sends by `ms`, counted from the handler's first write (or end). */
function holdResponse(res: ServerResponse, ms: number): void {
  let opensAt: number | null = null
  const gate = (): number => {
    if (opensAt === null) {
      opensAt = Date.now() + ms
      res.cork()
      setTimeout(() => res.uncork(), ms)
    }
    return opensAt - Date.now()
  }
  const write = res.write.bind(res) as (...args: unknown[]) => boolean
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
  res.write = ((...args: unknown[]) => {
    gate()
    return write(...args)
  }) as ServerResponse['write']
  // end() uncorks at once, so it is what waits for the gate.
  res.end = ((...args: unknown[]) => {
    const wait = gate()
    if (wait <= 0) return end(...args)
    setTimeout(() => {
      if (!res.destroyed) end(...args)
    }, wait)
    return res
  }) as ServerResponse['end']
}
