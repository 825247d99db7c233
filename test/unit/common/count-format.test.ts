import { describe, expect, test } from 'vitest'
import { INVOKES } from '../../../common/ipc/contract.ts'
import { describeCountFormat, formatCountWith } from '../../../common/util/count-format.ts'

// Latin, Arabic-Indic, Persian, Bengali, Devanagari, Thai and Burmese digits; comma, dot, apostrophe, (narrow)
// no-break space and Arabic separators; Indian grouping (1,00,000); no grouping of four digits (es, pl, pt-PT).
const LOCALES = [
  'en-US',
  'en-GB',
  'de-DE',
  'de-CH',
  'fr-FR',
  'es-ES',
  'pl-PL',
  'pt-PT',
  'pt-BR',
  'it-IT',
  'nl-NL',
  'sv-SE',
  'ru-RU',
  'ja-JP',
  'zh-CN',
  'ko-KR',
  'he-IL',
  'en-IN',
  'hi-IN',
  'mr-IN',
  'ne-NP',
  'bn-BD',
  'ar-EG',
  'fa-IR',
  'th-TH-u-nu-thai',
  'my-MM',
]
const COUNTS = [
  0,
  7,
  42,
  999,
  1000,
  1234,
  9999,
  10_000,
  12_345,
  99_999,
  100_000,
  123_456,
  1_234_567,
  10_000_000,
  123_456_789,
  2 ** 53 - 1,
]

describe('counts written from main’s description of the locale', () => {
  test.each(LOCALES)('%s: exactly as Intl.NumberFormat writes them', (locale) => {
    const format = describeCountFormat(locale)
    const intl = new Intl.NumberFormat(locale)
    for (const count of COUNTS) expect(formatCountWith(format, count), `${count}`).toBe(intl.format(count))
  })

  test('what the description says for a few locales', () => {
    expect(describeCountFormat('en-US')).toEqual({
      digits: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      group: ',',
      primary: 3,
      secondary: 3,
      minimumGrouping: 1,
    })
    expect(describeCountFormat('en-IN')).toMatchObject({ primary: 3, secondary: 2 })
    expect(describeCountFormat('es-ES')).toMatchObject({ group: '.', minimumGrouping: 2 })
    expect(describeCountFormat('ar-EG').digits[5]).toBe('٥')
  })

  test('anything but a whole count from 0 to 2^53 is left to Intl (null)', () => {
    const format = describeCountFormat('en-US')
    for (const odd of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])
      expect(formatCountWith(format, odd)).toBeNull()
  })

  test("app:info's reply carries a well-formed description, and the window refuses a malformed one", () => {
    const reply = INVOKES['app:info'].result
    const info = { version: '1', platform: 'linux', online: true }
    expect(reply.safeParse({ ...info, countFormat: describeCountFormat('de-DE') }).success).toBe(true)
    for (const countFormat of [
      { ...describeCountFormat('de-DE'), digits: ['0', '1'] },
      { ...describeCountFormat('de-DE'), primary: 0 },
      { ...describeCountFormat('de-DE'), group: '<img src=x onerror=alert(1)>' },
      undefined,
    ])
      expect(reply.safeParse({ ...info, countFormat }).success).toBe(false)
  })
})
