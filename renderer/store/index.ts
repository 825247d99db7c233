import { create } from 'zustand'
import { createAppSlice } from './app-slice.ts'
import { createUploadsSlice } from './uploads-slice.ts'
import { createLibrarySlice } from './library-slice.ts'
import { createMediaDetailSlice } from './media-detail-slice.ts'
import { createUnusedSlice } from './unused-slice.ts'
import { createAccountsSlice } from './accounts-slice.ts'
import { createSettingsSlice } from './settings-slice.ts'
import { createReviewSlice } from './review-slice.ts'
import type { SpoolState } from './types.ts'

export type { SpoolState } from './types.ts'

/** The one bound store (ARCHITECTURE.md §8.10). Components read it through `useSpool` with atomic selectors. */
export const useSpool = create<SpoolState>()((...a) => ({
  ...createAppSlice(...a),
  ...createUploadsSlice(...a),
  ...createLibrarySlice(...a),
  ...createMediaDetailSlice(...a),
  ...createUnusedSlice(...a),
  ...createAccountsSlice(...a),
  ...createSettingsSlice(...a),
  ...createReviewSlice(...a),
}))

const initial = useSpool.getState()

/** Puts the store back to its first state (tests reset it before each case). */
export function resetStore(): void {
  useSpool.setState(initial, true)
}
