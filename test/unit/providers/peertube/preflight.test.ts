import { describe, expect, test } from 'vitest'
import { preflightVerdict, type PreflightFacts } from '../../../../main/providers/peertube/preflight.ts'

const MiB = 1_048_576

/** An instance without transcoding (only what browsers play) and an account with `quota` bytes. */
function facts(quota: number, used = 0, daily = -1, usedDaily = 0): PreflightFacts {
  return {
    config: { video: { image: { extensions: ['.png'], size: { max: 1 } }, file: { extensions: ['.webm', '.ogv', '.mp4'] } } },
    me: { videoQuota: quota, videoQuotaDaily: daily },
    used: { videoQuotaUsed: used, videoQuotaUsedDaily: usedDaily },
  } // prettier-ignore
}

const file = (name: string, size: number) => ({ name, size, mtimeMs: 0 })

describe('PeerTube pre-flight', () => {
  test('files with an extension the instance does not list are refused with its list; the rest pass', () => {
    const report = preflightVerdict([file('a.mp4', 10), file('b.MOV', 10), file('c.wav', 10)], facts(-1))
    expect(report.batchError).toBeNull()
    expect(report.refused.map((r) => r.name)).toEqual(['b.MOV', 'c.wav'])
    expect(report.refused[0]?.reason).toMatchObject({
      code: 'upload/not-media',
      message: 'This PeerTube instance does not accept .mov files.',
      detail: 'It accepts: .webm, .ogv, .mp4.',
    })
  })

  test('an unlimited quota (-1) never refuses; a batch that fits exactly passes', () => {
    expect(preflightVerdict([file('a.mp4', 100 * MiB)], facts(-1)).batchError).toBeNull()
    expect(preflightVerdict([file('a.mp4', 2 * MiB)], facts(3 * MiB, MiB)).batchError).toBeNull()
  })

  test('a batch over the quota is refused whole, with the figures in MiB', () => {
    const report = preflightVerdict([file('a.mp4', 2 * MiB), file('b.mp4', MiB)], facts(4 * MiB, 1.5 * MiB))
    expect(report.refused).toEqual([])
    expect(report.batchError?.code).toBe('upload/quota-exceeded')
    expect(report.batchError?.message).toBe(
      'These 2 files need 3.0 MiB, but this PeerTube account has 2.5 MiB left of its quota: 1.5 MiB used of 4.0 MiB. Nothing was queued.',
    )
  })

  test('the daily quota counts too; refused files do not count against either', () => {
    const daily = preflightVerdict([file('a.mp4', 2 * MiB)], facts(-1, 0, 2 * MiB, MiB))
    expect(daily.batchError?.message).toMatch(/left of its daily quota: 1\.0 MiB used of 2\.0 MiB/)
    const onlyRefused = preflightVerdict([file('big.mkv', 50 * MiB)], facts(MiB))
    expect(onlyRefused.batchError).toBeNull()
    expect(onlyRefused.refused).toHaveLength(1)
  })
})
