import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { spawnSandbox, type SandboxProcess } from '../../helpers/sandbox-process.ts'
import { tempDir } from './harness.ts'

/**
 * One `spool sandbox` child and a temp folder for a whole test file: started before its tests, stopped and
 * removed after them. Read `dir` and `sb` inside tests (they are set once the file starts).
 */
export function sandboxForFile(prefix: string): { readonly dir: string; readonly sb: SandboxProcess } {
  const state: { dir?: string; sb?: SandboxProcess } = {}
  beforeAll(async () => {
    state.dir = tempDir(prefix)
    state.sb = await spawnSandbox(['--data', join(state.dir, 'sandbox'), '--ready-after', '50'])
  })
  afterAll(async () => {
    await state.sb?.stop()
    if (state.dir) rmSync(state.dir, { recursive: true, force: true })
  })
  return {
    get dir() {
      return state.dir!
    },
    get sb() {
      return state.sb!
    },
  }
}

/** Replaces a running sandbox child's faults (`POST /_sandbox/faults`). */
export async function setFaults(sb: SandboxProcess, spec: string): Promise<void> {
  const res = await fetch(new URL('/_sandbox/faults', sb.info.apiUrl), {
    method: 'POST',
    headers: { authorization: sb.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ faults: spec }),
  })
  if (res.status !== 200) throw new Error(`the sandbox refused faults "${spec}": ${res.status}`)
}

/** Upload ids the sandbox lists as unused (created, neither completed nor cancelled). */
export async function unusedUploadIds(sb: SandboxProcess): Promise<string[]> {
  const ids: string[] = []
  for (let page = 1; page < 50; page++) {
    const res = await fetch(`${sb.info.apiUrl}/on-demand/uploads?limit=50&offset=${page}`, {
      headers: { authorization: sb.authorization },
    })
    const data = ((await res.json()) as { data: Array<{ uploadId: string }> }).data
    if (data.length === 0) break
    ids.push(...data.map((u) => u.uploadId))
  }
  return ids
}
