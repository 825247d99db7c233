import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { toNetworkFailure } from '../../../main/http/network-errors.ts'
import type { UploadPort } from '../../../main/providers/provider.ts'
import { remoteMedia, remoteSha256, sandboxPort, startRig, writeMp4, type Rig } from './harness.ts'

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

/** A socket error no list in http/network-errors.ts names, raised after the server has read the request. */
const unlistedSocketError = (): Error =>
  Object.assign(new Error('the socket said something new'), { code: 'ESPOOLUNLISTED', syscall: 'read' })

// Issue 13 point 4 (and issue 11): one classifier of network errors. An unknown socket error during a create
// is ambiguous, never "nothing was sent": the create is not sent a second time, the upload the server made is
// found by the job's client id and used.
test('an unlisted socket error after the server created the upload: the create is not sent twice', async () => {
  let posts = 0
  let real: UploadPort | undefined
  rig = await startRig({
    concurrency: 1,
    service: {
      uploadPortFor: () => {
        real ??= sandboxPort(rig!.sb)
        const port = real
        return Promise.resolve({
          ...port,
          async createUpload(request) {
            posts++
            const target = await port.createUpload(request)
            if (posts === 1) throw toNetworkFailure(unlistedSocketError())
            return target
          },
        })
      },
    },
  })
  const folder = join(rig.dir, 'f')
  mkdirSync(folder)
  const hash = writeMp4(join(folder, 'lost.mp4'), 600 * 1024)
  await rig.service.enqueue([folder], {
    account: 'sandbox',
    settings: { accessPolicy: 'public', metadata: {} },
  })
  rig.service.start()
  await rig.service.waitForIdle()
  const [job] = rig.service.list()
  expect(job!.state, JSON.stringify(job!.error)).toBe('done')
  expect(posts).toBe(1)
  expect(await remoteSha256(rig.sb, job!.mediaId!)).toBe(hash)
  expect(await remoteMedia(rig.sb)).toHaveLength(1)
  const res = await fetch(`${rig.sb.apiUrl}/on-demand/uploads?limit=50&offset=1`, {
    headers: {
      authorization: 'Basic ' + Buffer.from(`${rig.sb.username}:${rig.sb.password}`).toString('base64'),
    },
  })
  expect(((await res.json()) as { data: unknown[] }).data).toEqual([])
})
