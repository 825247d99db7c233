import type { Command } from 'commander'
import type { CliContext } from '../context.ts'

/** Registers `spool account` (SCAFFOLD: replaced by its owner in this session). */
export function registerAccountCommand(_program: Command, _ctx: CliContext): void {}
