import { createInterface } from 'node:readline'
import { AppFailure, toAppError, type AppError } from '../../common/ipc/result.ts'
import { storageFailure } from '../db/storage-errors.ts'
import { spoolHome } from '../paths.ts'
import { fileSystemFailure } from './fs-failure.ts'
import { CliExit, EXIT, type CliContext } from './context.ts'

/** Writes exactly one JSON value (one line) to stdout. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value) + '\n')
}

/** Writes plain lines to stdout. */
export function printLines(ctx: CliContext, lines: ReadonlyArray<string>): void {
  if (lines.length > 0) ctx.stdout.write(lines.join('\n') + '\n')
}

/** Writes an aligned table (header row first); cells are cut to `maxWidth` characters. */
export function printTable(
  ctx: CliContext,
  headers: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  maxWidth = 48,
): void {
  const cut = (s: string): string => (s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s)
  const all = [headers, ...rows].map((r) => r.map((c) => cut(c.replace(/\s+/g, ' '))))
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  printLines(
    ctx,
    all.map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    ),
  )
}

/** Writes `key: value` pairs, aligned. */
export function printFields(ctx: CliContext, fields: ReadonlyArray<readonly [string, string]>): void {
  const width = Math.max(0, ...fields.map(([k]) => k.length))
  printLines(
    ctx,
    fields.map(([k, v]) => `${(k + ':').padEnd(width + 1)} ${v}`),
  )
}

/** Reads one line from the CLI's stdin (echoing it). */
function readLine(ctx: CliContext, prompt: string): Promise<string> {
  const rl = createInterface({ input: ctx.stdin, output: ctx.stderr, terminal: Boolean(ctx.stdin.isTTY) })
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close()
      resolve(answer)
    })
  })
}

/**
 * Asks before a destructive action: `--yes` skips the question; on a terminal the user types y/yes; with no
 * terminal and no `--yes` the command refuses with exit 2 (a script must say what it wants).
 */
export async function confirm(ctx: CliContext, question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return
  if (!ctx.stdin.isTTY)
    throw new CliExit(EXIT.usage, `spool: ${question} — refusing without --yes (no terminal to confirm on).`)
  const answer = (await readLine(ctx, `${question} [y/N] `)).trim().toLowerCase()
  if (answer !== 'y' && answer !== 'yes')
    throw new CliExit(EXIT.failed, 'spool: cancelled; nothing was changed.')
}

/** Reads a secret from the terminal without echoing it. */
function readHidden(ctx: CliContext, prompt: string): Promise<string> {
  const input = ctx.stdin as NodeJS.ReadStream
  ctx.stderr.write(prompt)
  return new Promise((resolve, reject) => {
    let value = ''
    const done = (result: string | null): void => {
      input.setRawMode?.(false)
      input.pause()
      input.off('data', onData)
      ctx.stderr.write('\n')
      if (result === null) reject(new CliExit(EXIT.interrupted, 'spool: interrupted.'))
      else resolve(result)
    }
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(value)
        if (ch === '\u0003') return done(null)
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else value += ch
      }
    }
    input.setRawMode?.(true)
    input.resume()
    input.on('data', onData)
  })
}

/** Reads all of stdin (for piped secrets). */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Reads the Access Token ID and the Secret Key: from a no-echo prompt on a terminal, otherwise as the
 * first two non-empty lines of stdin. Never from an argument (it would land in the shell history).
 */
export async function readCredentialPair(ctx: CliContext): Promise<{ tokenId: string; secretKey: string }> {
  if (ctx.stdin.isTTY) {
    const tokenId = (await readHidden(ctx, 'Access Token ID: ')).trim()
    const secretKey = (await readHidden(ctx, 'Secret Key: ')).trim()
    return { tokenId, secretKey }
  }
  const lines = (await readAll(ctx.stdin))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  const [tokenId, secretKey] = lines
  if (!tokenId || !secretKey)
    throw new CliExit(
      EXIT.usage,
      'spool: give the Access Token ID and the Secret Key as two lines on stdin (or run on a terminal).',
    )
  return { tokenId, secretKey }
}

/**
 * Reads a PeerTube password (and, when the instance asks for it, the one-time code): a no-echo prompt on a
 * terminal, otherwise the first line of stdin (and the second for the code). Never from an argument.
 */
export async function readPeerTubeSecrets(
  ctx: CliContext,
): Promise<{ password: string; otp: () => Promise<string> }> {
  if (ctx.stdin.isTTY) {
    const password = await readHidden(ctx, 'Password: ')
    return { password, otp: async () => (await readHidden(ctx, 'One-time code: ')).trim() }
  }
  const lines = (await readAll(ctx.stdin)).split(/\r?\n/).filter((l) => l.trim().length > 0)
  const [password, code] = lines
  if (!password)
    throw new CliExit(
      EXIT.usage,
      'spool: give the password as the first line on stdin (or run on a terminal).',
    )
  return {
    password,
    otp: () => {
      if (!code)
        throw new CliExit(
          EXIT.usage,
          'spool: this account has two-factor authentication: give the one-time code as the second line on stdin.',
        )
      return Promise.resolve(code.trim())
    },
  }
}

/**
 * Runs a command body: with --json a failure is also printed as one JSON value `{"error":{…}}` on stdout;
 * 'input/invalid' failures end with exit 2 (usage), others are re-thrown for main() (exit 1, stderr).
 */
export async function runCommand(ctx: CliContext, json: boolean | undefined, body: () => Promise<void>) {
  try {
    await body()
  } catch (caught) {
    if (caught instanceof CliExit) throw caught
    const known = knownFailure(ctx, caught)
    if (json) printJson(ctx, { error: known ?? toAppError(caught) })
    if (known?.code === 'input/invalid') throw new CliExit(EXIT.usage, `spool: ${known.message}`)
    throw known ? new AppFailure(known) : caught
  }
}

/**
 * What a user can act on in a failure: a typed one as it is, a full disk under SPOOL_HOME however deep it
 * was thrown (SQLite or Node report it, not Spool), a file-system error on a path; null for a bug.
 */
export function knownFailure(ctx: CliContext, caught: unknown): AppError | null {
  if (caught instanceof AppFailure) return caught.appError
  return storageFailure(caught, spoolHome(ctx.env)) ?? fileSystemFailure(caught)
}

/** Formats seconds as H:MM:SS (or M:SS). */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** A clip's id for display (clips are free-form objects). */
export function clipId(clip: Readonly<Record<string, unknown>>): string {
  const id = clip.id ?? clip.clipId ?? clip.mediaId
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '-'
}

/** Prints clips (media or live-stream clips) as JSON or as an id + detail table. */
export function printClips(
  ctx: CliContext,
  json: boolean | undefined,
  clips: ReadonlyArray<Readonly<Record<string, unknown>>>,
): void {
  if (json) return printJson(ctx, clips)
  if (clips.length === 0) return printLines(ctx, ['(no clips)'])
  printTable(
    ctx,
    ['ID', 'DETAIL'],
    clips.map((c) => [clipId(c), JSON.stringify(c)]),
    100,
  )
}
