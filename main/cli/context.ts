/** What a CLI command may touch, passed in so tests can drive commands in-process. */
export type CliContext = Readonly<{
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  /** Resolves once the user asked to stop (SIGINT/SIGTERM); commands that run long race against it. */
  interrupted: Promise<void>
}>

/** Exit statuses shared by every command (issue 3): 0 done, 1 failed, 2 usage, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const

/** Thrown by commands to end with a status after printing their own output. */
export class CliExit extends Error {
  readonly status: number
  constructor(status: number, message = '') {
    super(message)
    this.status = status
  }
}
