import { statSync } from 'node:fs'
import type { Ctx, PtApp } from './app.ts'
import { uploadxError } from './http.ts'
import type { UploadRecord } from './store.ts'

// Shared pieces of uploadx's resumable protocol as PeerTube 6.3.2 runs it (captures 018–088).

/** FNV-1a 64-bit, unpadded lowercase hex: uploadx's id segments. */
export function fnv64(text: string): string {
  let h = 0xcbf29ce484222325n
  for (const byte of Buffer.from(text)) h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n)
  return h.toString(16)
}

/** `upload_id` = user, video name, declared size, lastModified (each FNV-1a-hashed), as captured. */
export function uploadIdOf(userId: number, name: string, size: number, lastModified: string): string {
  return [String(userId), name, String(size), lastModified].map(fnv64).join('-')
}

export const FORBIDDEN = () => uploadxError(403, 'Forbidden', 'Authenticated user is not allowed access')
export const NOT_FOUND = () => uploadxError(404, 'FileNotFound', 'Not found')
export const NO_STORE = { 'cache-control': 'no-store' }
export const fileSize = (path: string) => {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/** The upload, unless unknown or idle past the timeout (then purged, as uploadx's expiry does). */
export function findUpload(app: PtApp, id: string): UploadRecord | undefined {
  const upload = app.store.state.uploads[id]
  if (!upload) return undefined
  if (!app.locks.has(id) && Date.now() - upload.lastActivityMs > app.settings.uploadIdleTimeoutMs) {
    app.store.dropUpload(id)
    app.log(`upload ${id} purged after being idle`)
    return undefined
  }
  return upload
}

/** Purges every idle upload (periodic sweep). */
export function purgeIdleUploads(app: PtApp): void {
  for (const id of Object.keys(app.store.state.uploads)) findUpload(app, id)
}

/** The upload named by `upload_id` if it belongs to the caller's user segment, else uploadx's 403. */
export function ownId(ctx: Ctx): string {
  const id = ctx.query.get('upload_id')
  if (!id || !id.startsWith(`${fnv64(String(ctx.user!.id))}-`)) throw FORBIDDEN()
  return id
}
