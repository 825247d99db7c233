/** The renderer's view of the contract: `window.spool`'s type, derived from facade.ts and contract.ts. */
export type { Api, DroppedFile, Jobs } from './facade.ts'
