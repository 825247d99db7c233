import type { Command } from 'commander'
import type { CliContext } from '../context.ts'

/** Registers `spool uploads` (SCAFFOLD: replaced by its owner in this session). */
export function registerUploadsCommand(_program: Command, _ctx: CliContext): void {}
