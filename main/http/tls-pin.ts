import { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'
import tls from 'node:tls'
import { HttpsProxyAgent } from 'hpagent'
import { fail } from '../../common/ipc/result.ts'
import type { TlsOptions } from './agents.ts'
import { proxyFor, type ProxyEnv } from './proxy-env.ts'

/**
 * A self-signed (or privately issued) certificate an account trusts: the user saw its SHA-256 fingerprint
 * and confirmed it, and every connection of that account accepts exactly this certificate. Not a secret.
 */
export type PinnedCertificate = Readonly<{
  /** `SHA256:` + 32 colon-separated upper-case hex bytes. */
  fingerprint: string
  /** The certificate itself (PEM), the one trust anchor of the account's connections. */
  pem: string
}>

/** What a server presented, for the user to decide on. */
export type PresentedCertificate = PinnedCertificate &
  Readonly<{ subject: string; issuer: string; validTo: string; selfSigned: boolean }>

/** OpenSSL's and Node's codes for "the certificate could not be verified" (not a network failure). */
const CERTIFICATE_ERRORS: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SPOOL_CERT_NOT_PINNED',
])

/**
 * Whether `caught` (or an error it wraps) is a certificate verification failure; a network failure already
 * mapped to an AppError (http/network-errors.ts) keeps the socket's code as its `detail`.
 */
export function isCertificateError(caught: unknown): boolean {
  let e: unknown = caught
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && CERTIFICATE_ERRORS.has(code)) return true
    const detail = (e as { appError?: { code?: unknown; detail?: unknown } }).appError
    if (detail?.code === 'network/reset' && typeof detail.detail === 'string')
      return CERTIFICATE_ERRORS.has(detail.detail)
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/** `ab:cd…`, `ABCD…` or `SHA256:AB:CD…` → `SHA256:AB:CD:…`; anything else is refused. */
export function normalizeFingerprint(input: string): string {
  const hex = input
    .trim()
    .replace(/^sha-?256[:=]?/i, '')
    .replace(/[:\s]/g, '')
    .toUpperCase()
  if (!/^[0-9A-F]{64}$/.test(hex))
    fail(
      'input/invalid',
      'A certificate fingerprint is SHA256: followed by 32 hexadecimal bytes (as Spool prints it).',
    )
  return `SHA256:${hex.match(/../g)!.join(':')}`
}

const fingerprintOf = (cert: Readonly<{ fingerprint256: string }>): string =>
  normalizeFingerprint(cert.fingerprint256)

/**
 * The TLS options of an account that pinned `pin`: the pinned certificate is the only trust anchor (so
 * verification still runs, against it), and the identity check compares the presented certificate's
 * fingerprint with the pin instead of the host name (a self-signed certificate often names no address).
 */
export function pinnedTlsOptions(pin: PinnedCertificate): TlsOptions {
  return {
    ca: pin.pem,
    checkServerIdentity: (_host, cert) => {
      if (fingerprintOf(cert) === pin.fingerprint) return undefined
      const mismatch = new Error(
        `the server's certificate ${fingerprintOf(cert)} is not the trusted ${pin.fingerprint}`,
      ) as Error & { code: string }
      mismatch.code = 'ERR_SPOOL_CERT_NOT_PINNED'
      return mismatch
    },
  }
}

function describe(raw: tls.PeerCertificate): PresentedCertificate {
  const x509 = new X509Certificate(raw.raw)
  const oneLine = (dn: string): string => dn.split('\n').filter(Boolean).join(', ')
  return {
    fingerprint: fingerprintOf(x509),
    pem: x509.toString(),
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    validTo: x509.validTo,
    selfSigned: x509.checkIssued(x509),
  }
}

/**
 * Reads the certificate `url`'s server presents, through the environment's proxy when there is one, to show
 * it to the user or to name it in an error. Verification is deferred here because the point is to see the
 * certificate that failed it: the socket is closed right after the handshake and no byte of a request is
 * ever written on it.
 */
export function readPresentedCertificate(
  url: URL,
  env: ProxyEnv = process.env,
  timeoutMs = 10_000,
): Promise<PresentedCertificate> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = Number(url.port || 443)
  const servername = isIP(host) ? undefined : host
  const options = { host, port, ...(servername ? { servername } : {}), rejectUnauthorized: false }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out reading the certificate')), timeoutMs)
    const onSocket = (error: Error | null, socket: tls.TLSSocket | null): void => {
      if (error || !socket) {
        clearTimeout(timer)
        reject(error ?? new Error('no connection'))
        return
      }
      socket.once('error', (e: Error) => {
        clearTimeout(timer)
        reject(e)
      })
      socket.once('secureConnect', () => {
        clearTimeout(timer)
        const cert = socket.getPeerCertificate(false)
        socket.destroy()
        if (!cert.raw) reject(new Error('the server presented no certificate'))
        else resolve(describe(cert))
      })
    }
    const proxy = proxyFor(url, env)
    if (!proxy) {
      const socket = tls.connect(options)
      onSocket(null, socket)
      return
    }
    new HttpsProxyAgent({ proxy }).createConnection(options, (e, s) => onSocket(e, s as tls.TLSSocket | null))
  })
}
