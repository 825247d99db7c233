import type { Page } from 'playwright-core'
import { LOCAL_MEDIA_PREFIX, serveLocalMedia, type LocalMediaSource } from '../../main/window/local-media.ts'

/**
 * Answers the page's /local-media/ requests with main's own handler (main/window/local-media.ts), as the
 * Electron app's app:// handler does, so poster frames are decoded by Chromium from the user's real files.
 */
export async function routeLocalMedia(page: Page, source: LocalMediaSource): Promise<void> {
  // A glob, not a predicate: a predicate has Playwright hand every request the page makes (its own scripts
  // too) to the test code to be matched, a cost the app:// handler does not have. B6, which times the first
  // rows, uses no route at all (media-preview.ts).
  await page.route(`**${LOCAL_MEDIA_PREFIX}**`, async (route) => {
    const request = route.request()
    try {
      const res = serveLocalMedia(
        new Request(request.url(), { method: request.method(), headers: await request.allHeaders() }),
        source,
      )
      const body = res.body ? Buffer.from(await res.arrayBuffer()) : undefined
      await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body })
    } catch {
      // The page closed while a poster was being read: nobody is waiting for the answer.
    }
  })
}
