// Bundles the `spool` CLI into out/cli/ (ARCHITECTURE.md §1): a handful of files instead of some 340 modules
// type-stripped and linked at every start, which halves its start-up CPU and takes 14 MiB off its resident
// memory (B3). Native packages stay in node_modules. bin/spool.mjs runs the bundle only while every source
// file it was built from is unchanged (out/cli/inputs.json), and the TypeScript sources otherwise.
// Run: node scripts/build-cli.ts (part of `npm run build` and `npm test`).
import { rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { rolldown } from 'rolldown'

const root = resolve(import.meta.dirname, '..')
const outDir = join(root, 'out', 'cli')

/** Packages with a native binary (or one found beside their own files): loaded from node_modules at run time. */
const NATIVE = ['better-sqlite3', 'keytar', '@node-rs/crc32', '@ffprobe-installer/ffprobe']
const isNative = (id: string): boolean => NATIVE.some((p) => id === p || id.startsWith(`${p}/`))

/**
 * `import … from 'node:http'` makes Node build an ES module facade of http, which reads every export,
 * WebSocket, CloseEvent and MessageEvent included, and those load undici: about 20 ms of every start for
 * classes the CLI never uses. The bundle takes http from `process.getBuiltinModule` instead (the same
 * object `require` gives), re-exporting everything else by name.
 */
const HTTP_FACADE = '\0spool:node-http'
const LAZY_UNDICI = new Set(['WebSocket', 'CloseEvent', 'MessageEvent'])
const httpNames = Object.keys(process.getBuiltinModule('node:http')).filter((n) => !LAZY_UNDICI.has(n))
const httpWithoutUndici = {
  name: 'http-without-undici',
  resolveId: (id: string) => (id === 'node:http' || id === 'http' ? HTTP_FACADE : null),
  load: (id: string) =>
    id === HTTP_FACADE
      ? `const http = process.getBuiltinModule('node:http')\nexport default http\nexport const { ${httpNames.join(', ')} } = http\n`
      : null,
}

rmSync(outDir, { recursive: true, force: true })
const bundle = await rolldown({
  input: { spool: join(root, 'main', 'cli', 'main.ts') },
  platform: 'node',
  external: (id) => (id.startsWith('node:') && id !== 'node:http') || isNative(id),
  plugins: [httpWithoutUndici],
  logLevel: 'warn',
})
const { output } = await bundle.write({
  dir: outDir,
  format: 'esm',
  entryFileNames: '[name].mjs',
  chunkFileNames: '[name]-[hash].mjs',
})
await bundle.close()

// What the bundle was built from: Spool's own sources and the lockfile (a dependency update changes it).
const sources = new Set<string>([join(root, 'package-lock.json')])
for (const item of output)
  if (item.type === 'chunk')
    for (const id of item.moduleIds)
      if (id.startsWith(root) && !id.includes('/node_modules/') && !id.includes('\0')) sources.add(id)
const inputs = [...sources].sort().map((path) => {
  const s = statSync(path)
  return [relative(root, path), s.mtimeMs, s.size] as const
})
writeFileSync(join(outDir, 'inputs.json'), JSON.stringify(inputs))
console.log(
  `spool CLI bundled into ${relative(root, outDir)}/ (${output.length} files, ${inputs.length} sources)`,
)
