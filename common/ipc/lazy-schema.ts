/**
 * A schema built the first time it is asked for, then the same one every time. The contract's schemas are
 * many (every channel's request, reply and event) and building zod schemas is not free: built when their
 * modules load, they held up the window's first paint behind the preload (B6). Built on first use, a window
 * pays only for the channels it calls, as it calls them.
 */
export function lazySchema<S>(build: () => S): () => S {
  let built: S | undefined
  return () => (built ??= build())
}
