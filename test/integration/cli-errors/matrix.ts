import type { Command, Option } from 'commander'
import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildProgram } from '../../../main/cli/main.ts'
import type { CliContext } from '../../../main/cli/context.ts'

/** One runnable (leaf) command of the `spool` program, read from commander itself. */
export type LeafCommand = Readonly<{
  path: ReadonlyArray<string>
  args: ReadonlyArray<Readonly<{ name: string; required: boolean; variadic: boolean }>>
  /** Options that take a value, by long flag. */
  valued: ReadonlyArray<string>
  /** Options commander insists on (given with a valid value in every case that is not about them). */
  mandatory: ReadonlyArray<Option>
}>

/** One broken invocation: argv, and the environment it runs in on top of the base. */
export type BrokenCase = Readonly<{ label: string; argv: ReadonlyArray<string>; env?: NodeJS.ProcessEnv }>

/** Every leaf command of the real program (all command modules loaded), so a new command is covered. */
export async function leafCommands(): Promise<ReadonlyArray<LeafCommand>> {
  const quiet = { write: () => true } as unknown as CliContext['stdout']
  const ctx = {
    env: {},
    stdout: quiet,
    stderr: quiet,
    stdin: process.stdin,
    interrupted: new Promise<void>(() => {}),
  } satisfies CliContext
  const program = await buildProgram(ctx, [])
  const leaves: LeafCommand[] = []
  const walk = (c: Command, path: ReadonlyArray<string>): void => {
    if (c.commands.length === 0 && path.length > 0)
      leaves.push({
        path,
        args: c.registeredArguments.map((a) => ({
          name: a.name(),
          required: a.required,
          variadic: a.variadic,
        })),
        valued: c.options.filter((o) => (o.required || o.optional) && o.long).map((o) => o.long!),
        mandatory: c.options.filter((o) => o.mandatory),
      })
    for (const sub of c.commands) walk(sub, [...path, sub.name()])
  }
  walk(program, [])
  return leaves
}

/** The files and folders the broken inputs point at, made once per run under `root`. */
export type Fixtures = Readonly<{
  root: string
  emptyFile: string
  textFile: string
  folder: string
  fifo: string
  dangling: string
  underAFile: string
  missing: string
}>

export function makeFixtures(root: string): Fixtures {
  mkdirSync(join(root, 'folder'), { recursive: true })
  writeFileSync(join(root, 'empty.mp4'), '')
  writeFileSync(join(root, 'notes.mp4'), 'a text file named like a video\n')
  execFileSync('mkfifo', [join(root, 'pipe.mp4')])
  symlinkSync(join(root, 'gone.mp4'), join(root, 'dangling.mp4'))
  return {
    root,
    emptyFile: join(root, 'empty.mp4'),
    textFile: join(root, 'notes.mp4'),
    folder: join(root, 'folder'),
    fifo: join(root, 'pipe.mp4'),
    dangling: join(root, 'dangling.mp4'),
    underAFile: join(root, 'notes.mp4', 'inside.mp4'),
    missing: join(root, 'no-such-thing.mp4'),
  }
}

const UUID = '00000000-0000-4000-8000-000000000000'

/** A value each argument accepts by its shape, so that a case breaks only the one thing it is about. */
function validArg(name: string, f: Fixtures): string {
  const byName: Record<string, string> = {
    paths: f.emptyFile,
    streamId: '0'.repeat(32),
    url: 'http://127.0.0.1:9/none.mp4',
    option: 'none',
    onOff: 'on',
    ids: 'abcd1234',
    name: 'nosuch',
  }
  return byName[name] ?? UUID
}

/** A valid value of a mandatory option. */
function validOption(long: string): ReadonlyArray<string> {
  const byFlag: Record<string, string | null> = {
    '--type': 'subtitle',
    '--language-code': 'en',
    '--language-name': 'English',
    '--done': null,
  }
  const value = byFlag[long]
  return value === null || value === undefined ? [long] : [long, value]
}

/** Values that try to break an argument: paths that are not there or not readable, and ids that steer URLs. */
function brokenArgs(f: Fixtures): ReadonlyArray<string> {
  return [
    '',
    ' ',
    '../x',
    '%2e%2e',
    '..%2F..%2Fetc%2Fpasswd',
    '/dev/null',
    'a/b',
    '?x=1#y',
    '-1',
    'x'.repeat(5000),
    f.missing,
    f.underAFile,
    f.dangling,
    f.fifo,
    f.emptyFile,
    f.textFile,
    f.folder,
  ]
}

/** Values that try to break an option; some options get the values that hurt them in particular. */
function brokenOptionValues(long: string, f: Fixtures, takenPort: number): ReadonlyArray<string> {
  const common = ['', '-1', 'abc', '1e999', '../x', 'x'.repeat(5000)]
  const special: Record<string, ReadonlyArray<string>> = {
    '--port': [String(takenPort), '65536', '0x10'],
    '--data': [f.emptyFile, f.underAFile, f.fifo, f.dangling],
    '--file': [f.missing, f.folder, f.fifo, f.dangling, f.textFile, f.emptyFile, f.underAFile],
    '--account': ['nosuch', '%2e%2e'],
    '--api-url': ['notaurl', 'file:///etc/passwd', 'http://'],
    '--stream-url': ['notaurl'],
    '--metadata': ['=x', 'k', 'spool=x'],
    '--faults': ['error=2', 'nosuch=1', 'throttle=-5'],
    '--provider': ['nosuch'],
  }
  return [...common, ...(special[long] ?? [])]
}

/** Every broken invocation of one command. */
export function brokenCases(leaf: LeafCommand, f: Fixtures, takenPort: number): ReadonlyArray<BrokenCase> {
  const name = leaf.path.join(' ')
  const mandatory = leaf.mandatory.flatMap((o) => validOption(o.long!))
  const args = leaf.args.map((a) => validArg(a.name, f))
  const cases: BrokenCase[] = [
    { label: `${name} (nothing given)`, argv: [...leaf.path] },
    { label: `${name} --no-such-flag`, argv: [...leaf.path, ...args, ...mandatory, '--no-such-flag'] },
    { label: `${name} (one argument too many)`, argv: [...leaf.path, ...args, 'extra', ...mandatory] },
  ]
  leaf.args.forEach((arg, i) => {
    for (const bad of brokenArgs(f)) {
      const argv = [...args]
      argv[i] = bad
      cases.push({
        label: `${name} <${arg.name}>=${JSON.stringify(bad.slice(0, 40))}`,
        argv: [...leaf.path, ...argv, ...mandatory],
      })
    }
  })
  for (const long of leaf.valued) {
    const others = leaf.mandatory.filter((o) => o.long !== long).flatMap((o) => validOption(o.long!))
    for (const bad of brokenOptionValues(long, f, takenPort))
      cases.push({
        label: `${name} ${long}=${JSON.stringify(bad.slice(0, 40))}`,
        argv: [...leaf.path, ...args, ...others, `${long}=${bad}`],
      })
  }
  // A malformed environment: Spool's home where no folder can be, and API variables that are not URLs.
  const argv = [...leaf.path, ...args, ...mandatory]
  cases.push(
    { label: `${name} with SPOOL_HOME a file`, argv, env: { SPOOL_HOME: f.emptyFile } },
    { label: `${name} with SPOOL_HOME under a file`, argv, env: { SPOOL_HOME: f.underAFile } },
    { label: `${name} with SPOOL_HOME a FIFO`, argv, env: { SPOOL_HOME: f.fifo } },
    {
      label: `${name} with FASTPIX_API_URL=notaurl`,
      argv,
      env: { FASTPIX_API_URL: 'notaurl', FASTPIX_USERNAME: 'id', FASTPIX_PASSWORD: 'secret' },
    },
    {
      label: `${name} with PEERTUBE_URL=notaurl`,
      argv,
      env: { PEERTUBE_URL: 'notaurl', PEERTUBE_USERNAME: 'root', PEERTUBE_PASSWORD: 'x' },
    },
  )
  return cases
}

/** What no output of Spool may ever contain: a stack frame, a bug's catch-all, an unrendered object. */
export const FORBIDDEN: ReadonlyArray<Readonly<{ what: string; pattern: RegExp }>> = [
  { what: 'a stack frame', pattern: /^\s*at .*(:\d+:\d+\)?|\(native\)|<anonymous>)\s*$/m },
  { what: '"unexpected error"', pattern: /unexpected error/i },
  { what: "the catch-all for Spool's own bugs", pattern: /something went wrong inside Spool/ },
  { what: '[object Object]', pattern: /\[object Object\]/ },
  {
    what: 'a raw JavaScript error name',
    pattern: /\b(TypeError|RangeError|ReferenceError|SyntaxError|SqliteError)\b/,
  },
  { what: 'undefined or NaN shown to the user', pattern: /\b(undefined|NaN)\b/ },
]

/** The documented exit statuses (README): 0 done, 1 some failed or refused, 2 usage, 130 interrupted. */
export const DOCUMENTED_EXITS: ReadonlyArray<number> = [0, 1, 2, 130]

/** What is wrong with one run's output, or null. */
export function whatIsWrong(status: number, output: string): string | null {
  if (!DOCUMENTED_EXITS.includes(status))
    return `exit status ${status} is not one of ${DOCUMENTED_EXITS.join(', ')}`
  for (const f of FORBIDDEN) if (f.pattern.test(output)) return `output shows ${f.what}`
  return null
}
