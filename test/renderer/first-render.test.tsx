import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { FIRST_SCREEN_WAIT_MS } from '../../renderer/bridge/first-screen.ts'
import { fakeJob, type FakeApi } from '../fakes/fake-api.ts'
import { describeCountFormat } from '../../common/util/count-format.ts'

// The page's own entry (renderer/main.tsx) against the FakeApi, each test with a fresh module graph: the entry
// sends the first screen's calls and renders as it is evaluated, once per page.

/** The text of #root when React first puts something in it. */
function firstContent(root: HTMLElement): Promise<{ text: string; at: number }> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (root.childElementCount === 0) return
      observer.disconnect()
      resolve({ text: root.textContent ?? '', at: performance.now() })
    })
    observer.observe(root, { childList: true })
  })
}

let root: HTMLElement
beforeEach(() => {
  vi.resetModules()
  root = document.createElement('div')
  root.id = 'root'
  document.body.append(root)
})

afterEach(() => {
  root.remove()
})

/** When the page, as it starts, asks for the app's facts: the last call before its first render is decided. */
function pageStarted(api: FakeApi): Promise<number> {
  const { info } = api.app
  return new Promise((resolve) =>
    Object.assign(api.app, {
      info: () => {
        resolve(performance.now())
        return info()
      },
    }),
  )
}

test("the window's first render already holds the first rows when main answers a moment later", async () => {
  const api = window.spool as FakeApi
  api.state.jobs = Array.from({ length: 30 }, (_, i) => fakeJob(i))
  // A busy main answers the first screen's calls only after the page's script has run (and could have
  // rendered), well within FIRST_SCREEN_WAIT_MS.
  let answer = (): void => {}
  const answered = new Promise<void>((resolve) => (answer = resolve))
  const { list, batches } = api.uploads
  Object.assign(api.uploads, {
    list: (last?: number) => answered.then(() => list(last)),
    batches: () => answered.then(() => batches()),
  })
  const first = firstContent(root)
  await import('../../renderer/main.tsx')
  setTimeout(answer, FIRST_SCREEN_WAIT_MS / 5)
  const { text } = await first
  // The frame the user first sees is the queue with its rows, not an empty queue that a second render fills.
  expect(text).toContain('clip-0.mp4')
  expect(text).toContain('Uploads')
})

test('the first render does not wait longer than FIRST_SCREEN_WAIT_MS for a main that does not answer', async () => {
  const api = window.spool as FakeApi
  Object.assign(api.uploads, { list: () => new Promise(() => {}) })
  const started = pageStarted(api)
  const first = firstContent(root)
  await import('../../renderer/main.tsx')
  const { text, at } = await first
  expect(at - (await started)).toBeGreaterThanOrEqual(FIRST_SCREEN_WAIT_MS * 0.9)
  expect(at - (await started)).toBeLessThan(FIRST_SCREEN_WAIT_MS * 4)
  // The window, without rows yet.
  expect(text).toContain('Uploads')
  expect(text).not.toContain('.mp4')
})

test('a first screen that failed renders at once, without waiting out FIRST_SCREEN_WAIT_MS', async () => {
  const api = window.spool as FakeApi
  api.state.jobs = [fakeJob(0)]
  api.failNext('uploads.list', { code: 'db/error', message: 'The queue cannot be read.' })
  const started = pageStarted(api)
  const first = firstContent(root)
  await import('../../renderer/main.tsx')
  const { at } = await first
  expect(at - (await started)).toBeLessThan(FIRST_SCREEN_WAIT_MS * 0.9)
})

test("counts are written as main describes the user's locale, and the window never starts Intl's number formatter", async () => {
  const api = window.spool as FakeApi
  api.state.jobs = Array.from({ length: 1500 }, (_, i) => fakeJob(i))
  const german = describeCountFormat('de-DE')
  // Main describes the locale a moment after the first screen's jobs are in.
  let described = 0
  const { info } = api.app
  Object.assign(api.app, {
    info: () =>
      info().then(
        (r) =>
          new Promise((resolve) =>
            setTimeout(() => {
              described = performance.now()
              resolve(r.ok ? { ...r, value: { ...r.value, countFormat: german } } : r)
            }, FIRST_SCREEN_WAIT_MS / 5),
          ),
      ),
  })
  const numberFormat = vi.spyOn(Intl, 'NumberFormat')
  try {
    const first = firstContent(root)
    await import('../../renderer/main.tsx')
    // The first render waited for the description, so its counts are already written the German way.
    const { at } = await first
    expect(described).toBeGreaterThan(0)
    expect(at).toBeGreaterThanOrEqual(described)
    await vi.waitFor(() => expect(root.textContent).toContain('1.500'))
    expect(numberFormat).not.toHaveBeenCalled()
  } finally {
    numberFormat.mockRestore()
  }
})

test('without main’s description (app:info failed) counts are written by Intl, in the same way', async () => {
  const api = window.spool as FakeApi
  api.state.jobs = Array.from({ length: 1500 }, (_, i) => fakeJob(i))
  api.failNext('app.info', { code: 'internal/unexpected', message: 'Main is busy.' })
  const numberFormat = vi.spyOn(Intl, 'NumberFormat')
  try {
    await import('../../renderer/main.tsx')
    await vi.waitFor(() => expect(root.textContent).toContain(new Intl.NumberFormat().format(1500)))
    expect(numberFormat).toHaveBeenCalled()
  } finally {
    numberFormat.mockRestore()
  }
})
