import * as compat from 'preact/compat'
import { options } from 'preact'
import * as react from 'react'
import * as reactDom from 'react-dom'

// The window is built on Preact behind React's API (preact-compat.config.mts): these tests must run the same.
describe('the framework the renderer tests run', () => {
  test("is the window's: React's imports are Preact's compat layer", () => {
    expect(react).toBe(compat)
    expect(reactDom).toBe(compat)
  })

  test("JSX is made by Preact (its options hooks see every element, React's never would)", () => {
    const seen: unknown[] = []
    const previous = options.vnode
    options.vnode = (vnode) => {
      seen.push(vnode.type)
      previous?.(vnode)
    }
    try {
      void (<section />)
    } finally {
      options.vnode = previous
    }
    expect(seen).toEqual(['section'])
  })
})
