import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { redact } from './redact.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type Logger = Readonly<{
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}>

/** Where log lines go. The default writes JSON lines to a file (never stdout: the CLI owns stdout). */
export type LogSink = (line: string) => void

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }
let sink: LogSink = () => {}
let threshold = LEVELS.info

/** Sends every log line to a file (created with its folder); call once from a composition root. */
export function logToFile(path: string, level: LogLevel = 'info'): void {
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch {
    // No log folder (SPOOL_HOME is a file, read-only, or on a full disk): the command still says what is
    // wrong in its own words (the database cannot be opened there either); it must not die here first.
    return
  }
  threshold = LEVELS[level]
  sink = (line) => {
    try {
      appendFileSync(path, line + '\n', { mode: 0o600 })
    } catch {
      // A full disk or a vanished folder must not take the app down with it; the line is lost.
    }
  }
}

/** Replaces the sink (tests, or stderr for the sandbox). */
export function setLogSink(next: LogSink, level: LogLevel = 'info'): void {
  sink = next
  threshold = LEVELS[level]
}

/** Told of every error value logged at warn or error, before the line is written (see `watchLoggedErrors`). */
export type LoggedErrorWatcher = (error: unknown) => void
const watchers = new Set<LoggedErrorWatcher>()

/**
 * Lets a composition root react to failures that code deep inside logged and carried on from: the CLI ends
 * a run when the disk under SPOOL_HOME is full (a queue that cannot save cannot make progress). Returns the
 * unsubscribe function.
 */
export function watchLoggedErrors(watcher: LoggedErrorWatcher): () => void {
  watchers.add(watcher)
  return () => void watchers.delete(watcher)
}

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack }
  return value
}

/** Creates a scoped logger. Every line is redacted as a whole string just before it is written. */
export function createLogger(scope: string): Logger {
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (fields && LEVELS[level] >= LEVELS.warn)
      for (const v of Object.values(fields)) if (v instanceof Error) for (const w of watchers) w(v)
    if (LEVELS[level] < threshold) return
    const entry: Record<string, unknown> = { t: new Date().toISOString(), level, scope, message }
    if (fields) for (const [k, v] of Object.entries(fields)) entry[k] = describe(v)
    let line: string
    try {
      line = JSON.stringify(entry)
    } catch {
      line = JSON.stringify({ t: entry.t, level, scope, message })
    }
    sink(redact(line))
  }
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  }
}
