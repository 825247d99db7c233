import '@testing-library/jest-dom/vitest'
import { afterAll, afterEach, beforeEach } from 'vitest'
import { cleanup } from '@testing-library/react'
import { resetStore } from '../../renderer/store/index.ts'
import { createFakeApi } from '../fakes/fake-api.ts'

// jsdom has no ResizeObserver; TanStack Virtual only needs it to exist (sizes come from initialRect).
class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver

// jsdom does no layout: give the virtualised lists' scroll boxes a viewport so they render a window of rows.
for (const [prop, size] of [
  ['clientHeight', 640],
  ['clientWidth', 960],
] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('queue-scroll') ? size : 0
    },
  })
}

// Every test starts with a fresh FakeApi and a fresh store (ARCHITECTURE.md §8.14).
beforeEach(() => {
  window.spool = createFakeApi()
  resetStore()
})

afterEach(() => {
  cleanup()
})

// Preact runs effects after the next frame (its hooks' afterNextFrame: a requestAnimationFrame, or a 35 ms timer
// without one). The last test's may still be waiting when the file ends; their timer would then fire after
// jsdom's window is gone ("cancelAnimationFrame is not defined", uncaught). Waiting out that timer once per file
// lets them run first.
afterAll(() => new Promise<void>((resolve) => setTimeout(resolve, 100)))
