import type { Command } from 'commander'
import type { CliContext } from '../context.ts'

/** Registers `spool tracks` (SCAFFOLD: replaced by its owner in this session). */
export function registerTracksCommand(_program: Command, _ctx: CliContext): void {}
