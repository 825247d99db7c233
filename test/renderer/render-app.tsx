import { act, render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { App } from '../../renderer/app.tsx'
import { startMainEvents } from '../../renderer/bridge/main-events.ts'
import type { FakeApi } from '../fakes/fake-api.ts'

/** Renders the whole app against the FakeApi installed by the setup file, with the bridge running. */
export async function renderApp() {
  const api = window.spool as FakeApi
  const user = userEvent.setup()
  let stop = (): void => {}
  await act(async () => {
    stop = startMainEvents()
    await Promise.resolve()
  })
  const view = render(<App />)
  return { api, user, stop, ...view }
}

/** Pushes an event from "main" inside act(). */
export async function emit(api: FakeApi, ...args: Parameters<FakeApi['emit']>): Promise<void> {
  await act(async () => {
    api.emit(...args)
    await Promise.resolve()
  })
}
