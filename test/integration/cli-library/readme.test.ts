import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import type { Command } from 'commander'
import { describe, expect, test } from 'vitest'
import { buildProgram } from '../../../main/cli/main.ts'
import type { CliContext } from '../../../main/cli/context.ts'

// Issue 14 §8: the README tells the truth. Every `spool …` line it shows names real commands and options,
// every `npm …` script exists, and the CLI's own words about Node are what the README says.

const ROOT = join(import.meta.dirname, '../../..')
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The `spool …` lines of the README's indented code blocks, without comments and asides. */
function spoolLines(): string[] {
  return README.split('\n')
    .filter((l) => /^ {4}(npx )?spool /.test(l))
    .map((l) =>
      l
        .replace(/#.*$/, '')
        .replace(/\([^)]*\)/g, (aside) => (aside.includes('--') ? aside.replace(/[(),;]/g, ' ') : ''))
        .replace(/^ {4}(npx )?/, '')
        .replace(/[[\]]/g, ' ')
        .trim(),
    )
}

async function program(): Promise<Command> {
  const ctx: CliContext = {
    env: {},
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: Readable.from([]) as CliContext['stdin'],
    interrupted: new Promise(() => {}),
  }
  return buildProgram(ctx)
}

/** Walks the words of a line down the command tree; returns the command reached and the rest. */
function resolve(root: Command, words: string[]): { command: Command; path: string[] } {
  let command = root
  const path: string[] = []
  for (const word of words) {
    const next = command.commands.find((c) => c.name() === word || c.aliases().includes(word))
    if (!next) break
    command = next
    path.push(word)
  }
  return { command, path }
}

describe('the README', () => {
  test('every spool command line names a real command with real options', async () => {
    const root = await program()
    const lines = spoolLines()
    expect(lines.length).toBeGreaterThan(30)
    const problems: string[] = []
    for (const line of lines) {
      const words = line.split(/\s+/).slice(1)
      const { command, path } = resolve(root, words.filter((w) => !w.startsWith('-')).slice(0, 2))
      if (path.length === 0 && words.some((w) => !w.startsWith('-')))
        problems.push(`${line}: no such command`)
      // A group (queue, account, media, …) must be followed by one of its subcommands.
      if (command.commands.length > 0 && line.split(/\s+/).length > 2)
        problems.push(`${line}: "${path.join(' ')}" needs a subcommand the README names`)
      const known = new Set(command.options.flatMap((o) => [o.long, o.short].filter(Boolean)))
      for (const flag of words.filter((w) => w.startsWith('-')).map((w) => w.replace(/=.*$/, ''))) {
        if (flag === '--help' || flag === '-h' || known.has(flag)) continue
        // `--no-X` is how commander names a negated boolean.
        if (!known.has(flag) && !known.has(flag.replace(/^--no-/, '--')))
          problems.push(`${line}: unknown option ${flag}`)
      }
    }
    expect(problems).toEqual([])
  })

  test('every command and option the help lists runs its --help (no command is missing from the program)', async () => {
    const root = await program()
    const all: Command[] = []
    const visit = (c: Command): void => {
      for (const sub of c.commands) {
        all.push(sub)
        visit(sub)
      }
    }
    visit(root)
    const names = all.map((c) => c.name())
    for (const group of ['upload', 'queue', 'account', 'media', 'tracks', 'uploads', 'live-clips', 'sandbox'])
      expect(names).toContain(group)
    // Each of them is named in the README, so nothing the CLI can do goes unmentioned.
    const mentioned = spoolLines().join('\n')
    for (const c of all.filter((c) => c.name() !== 'help')) {
      const parent = c.parent && c.parent !== root ? `${c.parent.name()} ` : ''
      expect(mentioned, `spool ${parent}${c.name()}`).toContain(`spool ${parent}${c.name()}`)
    }
  })

  test('every npm command it shows is a script of package.json', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    const named = [...README.matchAll(/npm (?:run ([a-z:-]+)|(start|test))\b/g)].map((m) => m[1] ?? m[2]!)
    expect(named.length).toBeGreaterThan(5)
    for (const name of new Set(named)) expect(Object.keys(scripts), name).toContain(name)
  })

  test('the files and folders it points at exist', () => {
    for (const path of [
      'docs/ARCHITECTURE.md',
      'electron-builder.yml',
      'assets/after-pack.cjs',
      'assets/make-icon.mjs',
      '.ci/run',
      'node_modules/electron/install.js',
    ])
      expect(existsSync(join(ROOT, path)), path).toBe(true)
  })

  // The machine's own Node (Debian's) is older than 22 on these machines; where it is, the CLI must name
  // the Node it needs rather than print Node's "bad option".
  const systemNode = '/usr/bin/node'
  const oldNode =
    existsSync(systemNode) &&
    Number(execFileSync(systemNode, ['-p', 'process.versions.node.split(".")[0]']).toString()) < 22
  test.runIf(oldNode)('on Node 20 the CLI says which Node it needs', () => {
    const run = spawnSync(systemNode, [join(ROOT, 'bin/spool.mjs'), '--help'], { encoding: 'utf8' })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/Spool needs Node 22\.12 or newer \(found 20\./)
    expect(run.stderr).not.toMatch(/bad option/)
  })
})
