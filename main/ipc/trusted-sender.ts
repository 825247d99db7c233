/** The parts of Electron's WebFrameMain the sender check reads (kept structural so tests need no Electron). */
export type SenderFrame = Readonly<{ url: string; parent: unknown }> | null | undefined

/**
 * Whether an IPC message comes from our window's top frame (security-reliability.md SEC-06): a frame must
 * exist (it is null after navigation or destroy), be the top frame, and have one of our origins, compared
 * with the URL parser, never with startsWith.
 */
export function isTrustedSender(frame: SenderFrame, allowedOrigins: ReadonlyArray<string>): boolean {
  if (!frame || frame.parent !== null) return false
  let url: URL
  try {
    url = new URL(frame.url)
  } catch {
    return false
  }
  // Opaque origins (file:, about:blank, data:) are never trusted. The origin is built by hand: Node's URL
  // says 'null' for non-special schemes such as app://, which Chromium treats as a standard origin.
  if (url.host === '' || url.protocol === 'file:') return false
  return allowedOrigins.includes(`${url.protocol}//${url.host}`)
}
