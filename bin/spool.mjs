#!/usr/bin/env node
// The `spool` command. It runs the bundle `npm run build` makes (out/cli/, see bin/fresh-bundle.mjs) while it
// matches the sources, else the TypeScript sources straight: Node 22.18+ strips types natively; on
// 22.12–22.17 we re-run ourselves once with the flag that enables it.
import { spawnSync } from 'node:child_process'
import module from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freshBundle } from './fresh-bundle.mjs'

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `spool: Spool needs Node 22.12 or newer (found ${process.versions.node}). ` +
      'Install Node 24 (https://nodejs.org or your package manager) and run it again.\n',
  )
  process.exit(1)
}

const bundle = freshBundle(dirname(dirname(fileURLToPath(import.meta.url))))

if (bundle === null && !process.features.typescript) {
  const result = spawnSync(
    process.execPath,
    ['--experimental-strip-types', '--no-warnings', ...process.argv.slice(1)],
    {
      stdio: 'inherit',
    },
  )
  process.exit(result.status ?? 1)
}

// A reader that stops reading (`spool media list | head -1`) closes the pipe: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

// V8's on-disk code cache (in the OS temp folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off) takes the
// type-stripping and compiling of the CLI's modules off every start after the first.
module.enableCompileCache?.()

const { main } = await import(bundle ?? '../main/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
// A run that did not end well (interrupted, refused, failed) must not be kept alive by what it left running:
// a scan of a huge folder, a queue whose disk is full. What was printed is flushed first.
if (process.exitCode !== 0) {
  const flushed = (stream) => new Promise((resolve) => stream.write('', () => resolve()))
  await Promise.race([
    Promise.all([flushed(process.stdout), flushed(process.stderr)]),
    new Promise((resolve) => setTimeout(resolve, 1000)),
  ])
  process.exit(process.exitCode)
}
