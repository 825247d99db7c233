import { cellWidth } from './format.ts'

/** The terminal the block is drawn on (process.stdout when it is a TTY). */
export type Terminal = NodeJS.WritableStream & {
  columns?: number
  rows?: number
  on(event: 'resize', listener: () => void): unknown
  off(event: 'resize', listener: () => void): unknown
}

const ESC = '\u001b['
/** Cursor to the start of the line `n` rows up. */
const up = (n: number): string => (n > 0 ? `${ESC}${n}F` : '\r')
const CLEAR_BELOW = `${ESC}J`
const HIDE_CURSOR = `${ESC}?25l`
const SHOW_CURSOR = `${ESC}?25h`

/** Screens drawn and not yet closed: an error printed while one is open must first close it. */
const openScreens = new Set<{ close(): void }>()

/** Closes every open pinned block (its last state stays on screen), so what is printed next starts on its own line. */
export function closePinnedScreens(): void {
  for (const screen of [...openScreens]) screen.close()
}

/**
 * A block of lines pinned to the bottom of a terminal, with permanent lines printed above it: each redraw
 * moves the cursor back to the block's first row, clears to the end of the screen and writes the block
 * again, in one write (no flicker, no interleaving). The rows the last block took are counted at the
 * terminal's current width, so a narrower window after a resize is still cleared whole.
 */
export function createPinnedScreen(terminal: Terminal, draw: (width: number, height: number) => string[]) {
  let drawn: string[] = []
  let open = true
  const size = (): { width: number; height: number } => ({
    width: terminal.columns && terminal.columns > 0 ? terminal.columns : 80,
    height: terminal.rows && terminal.rows > 0 ? terminal.rows : 24,
  })
  const rowsTaken = (lines: ReadonlyArray<string>, width: number): number =>
    lines.reduce((n, l) => n + Math.max(1, Math.ceil(cellWidth(l) / width)), 0)
  const erase = (width: number): string =>
    drawn.length === 0 ? '' : up(rowsTaken(drawn, width) - 1) + CLEAR_BELOW

  const render = (above: ReadonlyArray<string> = []): void => {
    if (!open) return
    const { width, height } = size()
    const block = draw(width, height)
    const permanent = above.map((l) => `${l}\n`).join('')
    terminal.write(erase(width) + permanent + block.join('\n'))
    drawn = block
  }
  const onResize = (): void => render()
  // A run that ends without closing the screen (a full disk, a crash) still gives the cursor back.
  const onExit = (): void => void terminal.write(`\n${SHOW_CURSOR}`)
  terminal.write(HIDE_CURSOR)
  terminal.on('resize', onResize)
  process.once('exit', onExit)

  const screen = {
    /** Redraws the block with the current state. */
    refresh: (): void => render(),
    /** Prints lines that stay (above the block), then redraws the block under them. */
    print: (lines: ReadonlyArray<string>): void => render(lines),
    /** Draws the block one last time, leaves it on screen and gives the cursor back. */
    close(): void {
      if (!open) return
      render()
      open = false
      terminal.off('resize', onResize)
      process.off('exit', onExit)
      openScreens.delete(screen)
      terminal.write(`\n${SHOW_CURSOR}`)
    },
  }
  openScreens.add(screen)
  return screen
}
