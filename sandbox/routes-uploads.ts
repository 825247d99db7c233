import { randomBytes, randomUUID } from 'node:crypto'
import { unlink, writeFile } from 'node:fs/promises'
import { ApiError, notFound } from './http-util.ts'
import type { UploadRecord } from './model.ts'
import { paginate, parsePageQuery } from './pagination.ts'
import { body, ok, type RouteDef } from './route-kit.ts'
import { settingsFrom } from './routes-media.ts'
import { directUploadBody, parseBody, requireUuid } from './schemas.ts'
import { renderCancelledUpload, renderUpload } from './views.ts'

/** Direct-upload routes: create, cancel, list waiting uploads. */
export const uploadRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/v1/on-demand/upload',
    handler: async (ctx) => {
      const input = parseBody(directUploadBody, await body(ctx))
      const { app } = ctx
      const upload: UploadRecord = {
        uploadId: randomUUID(),
        seq: app.store.nextSeq(),
        sessionToken: randomBytes(32).toString('base64url'),
        status: 'waiting',
        corsOrigin: input.corsOrigin,
        settings: settingsFrom(input.pushMediaSettings),
        createdAtMs: Date.now(),
        ...(app.faults.sessionTtl > 0 ? { ttlSeconds: app.faults.sessionTtl } : {}),
      }
      // The session is "already initiated" like FastPix's: its (empty) object file exists from now on.
      await writeFile(app.store.objectPath(upload.uploadId), '')
      app.store.putUpload(upload)
      app.log(`upload ${upload.uploadId} created`)
      // The create-hang fault: the upload exists from now on, the answer comes later (or never reaches a
      // client killed meanwhile), which is how an orphan upload is made.
      if (app.faults.createHang > 0) await new Promise((r) => setTimeout(r, app.faults.createHang))
      return ok(renderUpload(app, upload), 201)
    },
  },
  {
    method: 'PUT',
    path: '/v1/on-demand/upload/:uploadId/cancel',
    handler: async (ctx) => {
      const { app } = ctx
      const id = requireUuid('uploadId', ctx.params.uploadId)
      const upload = app.store.upload(id)
      if (!upload) throw notFound('Upload')
      if (upload.status === 'completed')
        throw new ApiError(
          400,
          'upload cannot be cancelled',
          'The upload has already completed and became a media',
        )
      if (upload.status !== 'cancelled') {
        upload.status = 'cancelled'
        app.store.putUpload(upload)
        // Abort a PUT in flight and drop the partial bytes: the session is dead from now on.
        app.activePuts.get(id)?.req.socket?.destroy()
        await unlink(app.store.objectPath(id)).catch(() => {})
        app.log(`upload ${id} cancelled`)
      }
      return ok(renderCancelledUpload(app, upload))
    },
  },
  {
    method: 'GET',
    path: '/v1/on-demand/uploads',
    handler: ({ app, query }) => {
      const waiting = app.store.uploads().filter((u) => u.status === 'waiting')
      const page = paginate(waiting, (u) => u.createdAtMs, parsePageQuery(query))
      return {
        status: 200,
        body: {
          success: true,
          data: page.data.map((u) => renderUpload(app, u)),
          pagination: page.pagination,
        },
      }
    },
  },
]
