import type { Destination } from '../accounts/destination.ts'
import type { ReadableDb } from '../db/database.ts'
import type { PeerTubeProvider } from '../providers/peertube/peertube-provider.ts'
import type { Provider } from '../providers/provider.ts'
import { createLogger } from '../logging/log.ts'
import type { DestinationFacts } from './resolve.ts'
import { readSidecarUrlBases } from './sidecar-url-base.ts'

const log = createLogger('manifest')

export const isPeerTube = (p: Provider): p is PeerTubeProvider => p.kind === 'peertube' && 'peertube' in p

/**
 * Opens every destination a manifest names and learns what the checks need: its kind, its channels
 * (PeerTube; left unchecked when the instance cannot be asked now) and its sidecar URL base. A name that is
 * no account is absent from the map (the row is then reported).
 */
export async function destinationFacts(
  db: ReadableDb,
  names: ReadonlyArray<string>,
  open: (name: string) => Promise<Destination>,
): Promise<Map<string, DestinationFacts>> {
  const bases = readSidecarUrlBases(db)
  const facts = new Map<string, DestinationFacts>()
  for (const name of new Set(names)) {
    let destination: Destination
    try {
      destination = await open(name)
    } catch {
      continue
    }
    let channels: ReadonlyArray<string> | null = null
    let languages: ReadonlyArray<string> | null = null
    if (isPeerTube(destination.provider)) {
      const pt = destination.provider.peertube
      try {
        channels = (await pt.channels(AbortSignal.timeout(30_000))).map((c) => c.name)
        languages = Object.keys(await pt.videoConstants('languages', AbortSignal.timeout(30_000)))
      } catch (caught) {
        log.warn('channels or languages could not be listed; not checked', { error: caught })
      }
    }
    facts.set(name, {
      name,
      kind: destination.provider.kind,
      channels,
      sidecarUrlBase: bases[name] ?? bases[destination.account.name] ?? null,
      languages,
    })
  }
  return facts
}
