import { describe, expect, test } from 'vitest'
import { peaks } from '../../renderer/features/uploads/posters/capture-waveform.ts'

describe('waveform peaks', () => {
  test('the loudest sample of each slice, as a magnitude', () => {
    const samples = new Float32Array([0.1, -0.5, 0.2, 0.9, -1.2, 0, 0, 0.05])
    expect(peaks(samples, 4)).toEqual([expect.closeTo(0.5), expect.closeTo(0.9), 1, expect.closeTo(0.05)])
  })

  test('fewer samples than bars still gives one value per bar', () => {
    expect(peaks(new Float32Array([0.3]), 3)).toEqual([expect.closeTo(0.3), 0, 0])
  })
})
