import type { WindowBounds } from '../window/main-window.ts'
import { readJsonFile, writeJsonFile } from './json-file.ts'

/** A display's usable area, as Electron's screen module reports it. */
export type WorkArea = Readonly<{ x: number; y: number; width: number; height: number }>

/** The default size of a first window. */
export const DEFAULT_BOUNDS: WindowBounds = { width: 1200, height: 800 }

/** Reads remembered bounds; falls back to the default when missing, damaged or off every screen. */
export function loadBounds(file: string, screens: ReadonlyArray<WorkArea>): WindowBounds {
  const raw = readJsonFile(file)
  if (typeof raw !== 'object' || raw === null) return DEFAULT_BOUNDS
  const b = raw as Partial<Record<keyof WindowBounds, unknown>>
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
  if (!num(b.width) || !num(b.height) || b.width < 400 || b.height < 300) return DEFAULT_BOUNDS
  const bounds: WindowBounds = {
    width: Math.round(b.width),
    height: Math.round(b.height),
    maximized: b.maximized === true,
    ...(num(b.x) && num(b.y) ? { x: Math.round(b.x), y: Math.round(b.y) } : {}),
  }
  if (bounds.x === undefined || bounds.y === undefined) return bounds
  const { x, y } = bounds
  const visible = screens.some(
    (s) => x + 100 > s.x && x < s.x + s.width - 100 && y >= s.y && y < s.y + s.height - 50,
  )
  return visible
    ? bounds
    : { width: bounds.width, height: bounds.height, maximized: bounds.maximized === true }
}

/** Writes bounds atomically (a crash mid-write leaves the old file). */
export function saveBounds(file: string, bounds: WindowBounds): void {
  writeJsonFile(file, bounds)
}
