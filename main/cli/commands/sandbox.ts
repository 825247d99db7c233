import type { Command } from 'commander'
import type { CliContext } from '../context.ts'

/** Registers `spool sandbox` (SCAFFOLD: replaced by its owner in this session). */
export function registerSandboxCommand(_program: Command, _ctx: CliContext): void {}
