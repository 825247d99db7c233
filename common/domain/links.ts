/**
 * The places outside Spool a user can be sent to. The renderer names a destination; it never supplies a URL,
 * so a compromised page cannot make main open anything else (security-reliability.md SEC-05). Main opens each
 * with a literal URL (main/desktop/external-links.ts); the URLs here are for display and for matching links.
 */
export const EXTERNAL_LINKS = ['fastpix-website', 'fastpix-docs', 'fastpix-dashboard'] as const

/** A named external destination. */
export type ExternalLink = (typeof EXTERNAL_LINKS)[number]

/** Where each destination goes (kept in step with the literals in main/desktop/external-links.ts by a test). */
export const EXTERNAL_LINK_URLS: Readonly<Record<ExternalLink, string>> = {
  'fastpix-website': 'https://www.fastpix.com/',
  'fastpix-docs': 'https://www.fastpix.com/docs',
  'fastpix-dashboard': 'https://dashboard.fastpix.com/',
}

/**
 * The destination a link (e.g. a `target=_blank` anchor, which Chromium normalises before window.open)
 * points at, or null. Only the exact URL of a known destination matches: any other path, host, port,
 * query, credentials or scheme does not.
 */
export function linkForUrl(url: string): ExternalLink | null {
  return EXTERNAL_LINKS.find((link) => EXTERNAL_LINK_URLS[link] === url) ?? null
}
