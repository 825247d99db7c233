import { realpathSync } from 'node:fs'
import { isAbsolute, resolve, sep } from 'node:path'
import { fail } from '../../common/ipc/result.ts'

/**
 * The files and folders the user chose for this app session (issue 14 §2): the open dialog's result, a drop
 * the preload saw as a trusted (user-made) event, or the rows of a manifest the user opened. Main remembers
 * them and takes paths from the renderer only inside them, so a compromised page can neither list nor send
 * a folder the user never picked.
 */
export type PathGrants = Readonly<{
  /** Remembers paths the user chose (absolute; relative ones are ignored). */
  grant(paths: ReadonlyArray<string>): void
  /** Whether `path` is a chosen path or lies inside a chosen folder, by its real location too. */
  covers(path: string): boolean
  /** Fails with `input/not-chosen`, naming no path, unless every path is covered. */
  assertCovered(paths: ReadonlyArray<string>): void
}>

const within = (path: string, root: string): boolean =>
  path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)

function real(path: string): string | null {
  try {
    return realpathSync(path)
  } catch {
    return null
  }
}

/** An empty set of grants; the desktop host and the e2e harness add to it. */
export function createPathGrants(): PathGrants {
  const roots = new Map<string, string | null>() // lexical root → its real path when it existed

  const covers = (path: string): boolean => {
    if (!isAbsolute(path)) return false
    const lexical = resolve(path)
    const actual = real(lexical)
    for (const [root, rootReal] of roots) {
      if (!within(lexical, root)) continue
      // A symbolic link inside a chosen folder that leads elsewhere does not extend the grant.
      if (actual === null || (rootReal !== null && within(actual, rootReal))) return true
      if (rootReal === null) return true
    }
    return false
  }

  return {
    grant(paths) {
      for (const p of paths) if (isAbsolute(p)) roots.set(resolve(p), real(resolve(p)))
    },
    covers,
    assertCovered(paths) {
      const outside = paths.filter((p) => !covers(p)).length
      if (outside > 0)
        fail(
          'input/not-chosen',
          outside === 1
            ? 'Spool only uploads files you chose: add them with Add files…, Add folder… or a drop.'
            : `Spool only uploads files you chose: ${outside} of these were not. Add them with Add files…, Add folder… or a drop.`,
        )
    },
  }
}
