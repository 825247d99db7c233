/**
 * A schema built the first time it is asked for, then the same one every time. The contract's schemas are
 * many (every channel's request, reply and event) and building zod schemas is not free: the job list's
 * takes 10–15 ms in a fresh process here. Built on first use, a process (main, the CLI, a test) pays only for
 * the channels it uses, as it uses them.
 */
export function lazySchema<S>(build: () => S): () => S {
  let built: S | undefined
  return () => (built ??= build())
}
