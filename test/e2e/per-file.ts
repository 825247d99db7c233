import { afterAll, beforeAll } from 'vitest'
import { startHarness, type Harness } from './harness.ts'

/**
 * One running app for a test file: started before its tests and shown on the empty Uploads page, handed to
 * `started`, closed after the file's tests.
 */
export function appPerFile(started: (h: Harness) => void): void {
  let h: Harness | undefined
  beforeAll(async () => {
    h = await startHarness()
    await h.page.getByRole('heading', { name: 'Drop a folder of footage here' }).waitFor()
    started(h)
  })
  afterAll(async () => {
    await h?.close()
  })
}
