/** The URL of the bundled CLI's entry under `root`, or null when the TypeScript sources must run. */
export function freshBundle(root: string, env?: NodeJS.ProcessEnv): string | null
