import type { Command } from 'commander'
import type { CliContext } from '../context.ts'

/** Registers `spool queue` (SCAFFOLD: replaced by its owner in this session). */
export function registerQueueCommand(_program: Command, _ctx: CliContext): void {}
