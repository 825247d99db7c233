import type { Command } from 'commander'
import type { CliContext } from '../context.ts'

/** Registers `spool upload` (SCAFFOLD: replaced by its owner in this session). */
export function registerUploadCommand(_program: Command, _ctx: CliContext): void {}
