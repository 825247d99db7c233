import { writeFileSync } from 'node:fs'
import { extname } from 'node:path'
import type { Ctx, PtRoute } from './app.ts'
import { invalidParams, PtError, readFields, send, uploadxError } from './http.ts'
import { put } from './upload-put.ts'
import { acceptedTypes, quotaUsed } from './routes-users.ts'
import type { UploadRecord } from './store.ts'
import { fileSize, findUpload, NO_STORE, ownId, uploadIdOf } from './uploads-common.ts'
import { applyMeta, checkChannel, defaultMeta } from './validate.ts'

// The resumable routes: init (POST), chunks and probes (PUT, upload-put.ts), cancel (DELETE).

async function init(ctx: Ctx) {
  const { app, req, user } = ctx
  const parsed = await readFields(req)
  const rawLength = req.headers['x-upload-content-length']
  const size = typeof rawLength === 'string' && /^\d+$/.test(rawLength) ? Number(rawLength) : NaN
  if (!Number.isSafeInteger(size))
    throw invalidParams({
      'x-upload-content-length': {
        ...(rawLength === undefined ? {} : { value: rawLength }),
        msg: 'Invalid value',
        location: 'headers',
      },
    })
  const meta = defaultMeta(user!.channelId)
  applyMeta(meta, parsed.fields, true)
  checkChannel(app.store.state.users, user!, meta.channelId)
  const types = acceptedTypes(app)
  const mimeType = String(req.headers['x-upload-content-type'] ?? '')
  const filename = typeof parsed.fields.filename === 'string' ? parsed.fields.filename : ''
  const ext =
    types[mimeType] ??
    (mimeType === '' ? Object.values(types).find((e) => e === extname(filename)) : undefined)
  if (!ext) {
    const list = [...new Set(Object.values(types))].join(', ')
    throw new PtError(
      415,
      `This file is not supported. Please, make sure it is of the following type: ${list}`,
    )
  }
  const used = quotaUsed(app, user!.id)
  if (
    (user!.videoQuota >= 0 && used.total + size > user!.videoQuota) ||
    (user!.videoQuotaDaily >= 0 && used.daily + size > user!.videoQuotaDaily)
  )
    throw new PtError(413, 'The user video quota is exceeded with this video.', { code: 'quota_reached' })
  const raw = parsed.fields.lastModified
  const lastModified = typeof raw === 'string' || typeof raw === 'number' ? raw : Date.now()
  const id = uploadIdOf(user!.id, meta.name, size, String(lastModified))
  const location = `//${app.host}/api/v1/videos/upload-resumable?upload_id=${id}`
  const existing = findUpload(app, id)
  if (existing) {
    existing.lastActivityMs = Date.now()
    app.store.save()
    const held = fileSize(app.store.uploadPath(id))
    return {
      status: 200,
      headers: {
        'access-control-expose-headers': 'Retry-After,Location,Range',
        location,
        range: `bytes=0-${held - 1}`,
        ...NO_STORE,
      },
    }
  }
  const now = Date.now()
  const upload: UploadRecord = {
    ...{ id, seq: app.store.state.next.seq++, userId: user!.id, size, mimeType, ext, filename, meta },
    createdAtMs: now,
    lastActivityMs: now,
  }
  writeFileSync(app.store.uploadPath(id), '')
  app.store.state.uploads[id] = upload
  app.store.save()
  app.log(`upload ${id} initialised (${size} bytes)`)
  return {
    status: 201,
    headers: { 'access-control-expose-headers': 'Retry-After,Location', location, ...NO_STORE },
  }
}

function cancel(ctx: Ctx) {
  const id = ownId(ctx)
  if (ctx.app.locks.has(id)) throw uploadxError(423, 'FileLocked', 'File locked')
  if (ctx.app.store.state.uploads[id]) {
    ctx.app.store.dropUpload(id)
    ctx.app.log(`upload ${id} cancelled`)
  }
  send(ctx.res, 204, undefined, NO_STORE)
  return undefined
}

export const uploadRoutes: PtRoute[] = [
  {
    method: 'POST',
    path: '/videos/upload-resumable',
    auth: 'required',
    docs: 'uploadResumableInit',
    handler: init,
  },
  {
    method: 'PUT',
    path: '/videos/upload-resumable',
    auth: 'required',
    docs: 'uploadResumable',
    handler: put,
  },
  {
    method: 'DELETE',
    path: '/videos/upload-resumable',
    auth: 'required',
    docs: 'uploadResumableCancel',
    handler: cancel,
  },
]
