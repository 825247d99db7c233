import { homedir, platform } from 'node:os'
import { join } from 'node:path'

/**
 * Where Spool keeps its state: `SPOOL_HOME`, else the OS's app-data folder for "Spool". The desktop app and
 * the CLI share it (the app passes Electron's userData, which is the same folder).
 */
export function spoolHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SPOOL_HOME) return env.SPOOL_HOME
  switch (platform()) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Spool')
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Spool')
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Spool')
  }
}

/** The files and folders under a Spool home. */
export function homeLayout(home: string) {
  return {
    home,
    database: join(home, 'spool.db'),
    lock: join(home, 'queue.lock'),
    logs: join(home, 'logs'),
    logFile: join(home, 'logs', 'spool.log'),
    sandboxData: join(home, 'sandbox'),
  } as const
}
