/**
 * The one redaction function every log line, error message and CLI error passes through
 * (security-reliability.md SEC-11). Upload session URIs and signed URLs are bearer credentials: any URL loses
 * its query string; Authorization values, Basic/Bearer tokens, X-Goog-* signatures, upload ids in query form
 * and every registered secret are masked.
 */
const registeredSecrets = new Set<string>()

/** Tells the redactor about a secret value (a Secret Key, a token) so it is masked wherever it shows up. */
export function registerSecret(value: string): void {
  if (value.length >= 6) registeredSecrets.add(value)
}

const URL_WITH_QUERY = /\b(https?:\/\/[^\s"'<>?#]+)\?[^\s"'<>]*/gi
const AUTH_HEADER = /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)([^"'\r\n,}]+)/gi
const SCHEME_TOKEN = /\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/g
const GOOG_PARAM = /\b(X-Goog-(?:Signature|Credential)|upload_id)=([^&\s"'<>]+)/gi

/** Returns `text` with credentials and query strings removed. Pure and cheap; safe to call on every line. */
export function redact(text: string): string {
  let out = text
    .replace(URL_WITH_QUERY, '$1?[redacted]')
    .replace(GOOG_PARAM, '$1=[redacted]')
    .replace(AUTH_HEADER, '$1$2[redacted]')
    .replace(SCHEME_TOKEN, '$1 [redacted]')
  for (const secret of registeredSecrets) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]')
  }
  return out
}
