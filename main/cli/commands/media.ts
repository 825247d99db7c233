import type { Command } from 'commander'
import type { CliContext } from '../context.ts'

/** Registers `spool media` (SCAFFOLD: replaced by its owner in this session). */
export function registerMediaCommand(_program: Command, _ctx: CliContext): void {}
