import type { AppCommand } from '../../common/ipc/channels.ts'
import { assertNever } from '../../common/util/assert-never.ts'
import { spool } from '../api.ts'
import { takeAppInfoCall } from './first-screen.ts'
import { useSpool } from '../store/index.ts'

/** Runs a menu command (main's native menu sends these; shortcuts live there). */
export function runCommand(command: AppCommand): void {
  const s = useSpool.getState()
  switch (command) {
    case 'add-files':
    case 'add-folder':
      s.viewChosen('uploads')
      void s.addRequested(command === 'add-files' ? 'files' : 'folder')
      return
    case 'pause-all':
      void s.pauseRequested('all')
      return
    case 'resume-all':
      void s.resumeRequested('all')
      return
    case 'show-uploads':
      return s.viewChosen('uploads')
    case 'show-library':
      return s.viewChosen('library')
    case 'show-unused':
      return s.viewChosen('unused')
    case 'show-accounts':
      return s.viewChosen('accounts')
    case 'refresh-library':
      s.viewChosen('library')
      void s.libraryRefreshRequested()
      return
    case 'focus-search':
      return s.searchFocusRequested()
    default:
      return assertNever(command, 'app command')
  }
}

/**
 * The one place main's events enter the store (ARCHITECTURE.md §8.9): subscribes once, writes through store actions
 * outside React, and loads the first snapshot. Returns a function that unsubscribes everything.
 */
export function startMainEvents(): () => void {
  const api = spool()
  const s = useSpool.getState()
  const offs = [
    api.uploads.onChanged((c) => useSpool.getState().uploadsChanged(c)),
    api.uploads.onProgress((p) => useSpool.getState().uploadProgressReceived(p)),
    api.library.onChanged(() => void useSpool.getState().libraryChangedInMain()),
    api.accounts.onChanged((list) => useSpool.getState().accountsChanged(list)),
    api.settings.onChanged((settings) => useSpool.getState().settingsChanged(settings)),
    api.app.onNetwork(({ online }) => useSpool.getState().networkChanged(online)),
    api.app.onCommand(runCommand),
  ]
  void s.uploadsOpened()
  void s.accountsOpened()
  void s.settingsOpened()
  void takeAppInfoCall().then((r) => {
    if (r.ok) useSpool.getState().networkChanged(r.value.online)
  })
  return () => {
    for (const off of offs) off()
  }
}
