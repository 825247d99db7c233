import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { resolve } from 'node:path'
import { preview, type Plugin } from 'vite'
import { LOCAL_MEDIA_PREFIX, serveLocalMedia, type LocalMediaSource } from '../../main/window/local-media.ts'

/**
 * Answers /local-media/ on the preview server itself with main's own handler, as app:// does in the app, and
 * sends everything else uncompressed.
 */
function localMedia(source: LocalMediaSource): Plugin {
  return {
    name: 'spool-local-media',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith(LOCAL_MEDIA_PREFIX)) {
          // Uncompressed, as the app reads its window's files from app://: the preview server would gzip each
          // response as it sends it (10–80 ms for the window's script, measured), a cost the app does not have.
          delete req.headers['accept-encoding']
          return next()
        }
        const headers = new Headers()
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string') headers.set(name, value)
        const answer = serveLocalMedia(
          new Request(new URL(req.url, 'http://127.0.0.1'), { method: req.method ?? 'GET', headers }),
          source,
        )
        res.writeHead(answer.status, Object.fromEntries(answer.headers))
        if (!answer.body) return void res.end()
        Readable.fromWeb(answer.body as NodeReadableStream)
          .on('error', () => res.destroy())
          .pipe(res)
      })
    },
  }
}

/**
 * Serves the built renderer (out/renderer, or SPOOL_RENDERER_OUT) and the queued files' bytes for poster frames
 * from one server on 127.0.0.1: same origin as the page, so a frame does not taint its canvas, and no
 * Playwright route, which would pause every request the page makes until the test process lets it go (see
 * stub-answers.ts).
 */
export async function serveRendererWithMedia(
  source: LocalMediaSource,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await preview({
    root: resolve(import.meta.dirname, '../../renderer'),
    configFile: false,
    logLevel: 'silent',
    plugins: [localMedia(source)],
    build: { outDir: process.env.SPOOL_RENDERER_OUT ?? resolve(import.meta.dirname, '../../out/renderer') },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('vite preview did not report a URL')
  return { url, close: () => server.close() }
}
