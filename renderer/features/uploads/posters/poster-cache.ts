/**
 * Poster frames kept between runs in the renderer's IndexedDB (one small image per job), so a queue of
 * thousands opens with its pictures and a file is decoded once. Where IndexedDB is missing (jsdom) or fails,
 * nothing is cached and posters are simply made again.
 */
const DB_NAME = 'spool-posters'
const STORE = 'posters'

let opening: Promise<IDBDatabase | null> | null = null

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve(null)
    const request = indexedDB.open(DB_NAME, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => resolve(null)
    request.onblocked = () => resolve(null)
  })
  return opening
}

function run<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  return open().then(
    (db) =>
      new Promise<T | null>((resolve) => {
        if (!db) return resolve(null)
        try {
          const request = op(db.transaction(STORE, mode).objectStore(STORE))
          request.onsuccess = () => resolve(request.result)
          request.onerror = () => resolve(null)
        } catch {
          resolve(null)
        }
      }),
  )
}

/** What is cached for a key: a picture, or the fact that the file has none to show. */
export type CachedPoster = Blob | 'audio' | 'undecodable'

/** The cached poster for `key`, or null. */
export function readPoster(key: string): Promise<CachedPoster | null> {
  return run<CachedPoster | undefined>(
    'readonly',
    (s) => s.get(key) as IDBRequest<CachedPoster | undefined>,
  ).then((v) => v ?? null)
}

/** Keeps a poster (best effort: a full disk only costs a decode next time). */
export function writePoster(key: string, value: CachedPoster): Promise<void> {
  return run('readwrite', (s) => s.put(value, key)).then(() => undefined)
}
