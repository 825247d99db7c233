import type { Settings } from '../../common/domain/settings.ts'
import { settle, spool } from '../api.ts'
import type { SliceCreator } from './types.ts'

export type SettingsSlice = {
  settings: Settings | null
  settingsChanged: (settings: Settings) => void
  settingsOpened: () => Promise<void>
  settingsEdited: (patch: Partial<Settings>) => Promise<boolean>
}

/** App-wide settings; the batch settings start from their defaultUpload. */
export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  settings: null,
  settingsChanged: (settings) => set({ settings }),
  settingsOpened: async () => {
    const [settings, error] = settle(await spool().settings.get())
    if (error) return get().errorShown(error)
    const first = get().settings === null
    set({ settings })
    if (first) get().batchSettingsEdited(settings.defaultUpload)
  },
  settingsEdited: async (patch) => {
    const [settings, error] = settle(await spool().settings.update(patch))
    if (error) {
      get().errorShown(error)
      return false
    }
    set({ settings })
    get().noticeShown('info', 'Settings saved.')
    return true
  },
})
