/** The renderer's view of the contract: `window.spool`'s type, derived from contract.ts. */
export type { Api, DroppedFile, Jobs } from './contract.ts'
