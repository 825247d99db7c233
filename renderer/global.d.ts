import type { Api } from '../common/ipc/api.ts'

declare global {
  interface Window {
    /** The preload's facade (preload/api.ts); read only through renderer/api.ts. */
    spool: Api
  }
}
