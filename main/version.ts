/** Spool's version, as the CLI reports it and every request's user agent names it. */
export const SPOOL_VERSION = '0.1.0'

/** The one user agent of every HTTP client: which Spool, where it runs, on what. */
export function userAgent(surface: 'app' | 'cli', version: string = SPOOL_VERSION): string {
  return `Spool/${version} (${surface}; ${process.platform})`
}
