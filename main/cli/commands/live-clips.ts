import type { Command } from 'commander'
import type { CliContext } from '../context.ts'

/** Registers `spool live-clips` (SCAFFOLD: replaced by its owner in this session). */
export function registerLiveClipsCommand(_program: Command, _ctx: CliContext): void {}
