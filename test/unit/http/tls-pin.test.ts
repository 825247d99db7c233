import type { PeerCertificate } from 'node:tls'
import { describe, expect, test } from 'vitest'
import { isCertificateError, normalizeFingerprint, pinnedTlsOptions } from '../../../main/http/tls-pin.ts'
import { AppFailure, appError } from '../../../common/ipc/result.ts'

const HEX = 'AB'.repeat(32)
const PRINTED = `SHA256:${HEX.match(/../g)!.join(':')}`

describe('pinned certificates', () => {
  test('a fingerprint is read in the spellings people paste, and anything else is refused', () => {
    expect(normalizeFingerprint(PRINTED)).toBe(PRINTED)
    expect(normalizeFingerprint(HEX.toLowerCase())).toBe(PRINTED)
    expect(normalizeFingerprint(` sha256=${PRINTED.slice(7).toLowerCase()} `)).toBe(PRINTED)
    expect(() => normalizeFingerprint('SHA256:AB:CD')).toThrow(/32 hexadecimal bytes/)
    expect(() => normalizeFingerprint(`SHA1:${HEX}`)).toThrow()
  })

  test('the identity check accepts exactly the pinned certificate and names both otherwise', () => {
    const { checkServerIdentity, ca } = pinnedTlsOptions({ fingerprint: PRINTED, pem: 'PEM' })
    expect(ca).toBe('PEM')
    const cert = (fp: string) => ({ fingerprint256: fp }) as PeerCertificate
    expect(checkServerIdentity!('any.host', cert(PRINTED.slice(7)))).toBeUndefined()
    const other = `SHA256:${'CD'.repeat(32).match(/../g)!.join(':')}`
    const refused = checkServerIdentity!('any.host', cert(other.slice(7)))
    expect(refused?.message).toContain(other)
    expect(refused?.message).toContain(PRINTED)
    expect(isCertificateError(refused)).toBe(true)
  })

  test('certificate failures are told from network failures, also once mapped to an AppError', () => {
    expect(isCertificateError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).toBe(true)
    expect(isCertificateError({ code: 'ERR_X', cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } })).toBe(true)
    expect(isCertificateError({ code: 'ECONNRESET' })).toBe(false)
    const mapped = (detail: string) => new AppFailure(appError('network/reset', 'x', { detail }))
    expect(isCertificateError(mapped('CERT_HAS_EXPIRED'))).toBe(true)
    expect(isCertificateError(mapped('ECONNRESET'))).toBe(false)
  })
})
