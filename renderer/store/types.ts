import type { StateCreator } from 'zustand'
import type { AppSlice } from './app-slice.ts'
import type { UploadsSlice } from './uploads-slice.ts'
import type { LibrarySlice } from './library-slice.ts'
import type { MediaDetailSlice } from './media-detail-slice.ts'
import type { UnusedSlice } from './unused-slice.ts'
import type { AccountsSlice } from './accounts-slice.ts'
import type { SettingsSlice } from './settings-slice.ts'
import type { ReviewSlice } from './review-slice.ts'

/** The whole renderer state: one bound store of typed slices (ARCHITECTURE.md §8.10). */
export type SpoolState = AppSlice &
  UploadsSlice &
  LibrarySlice &
  MediaDetailSlice &
  UnusedSlice &
  AccountsSlice &
  SettingsSlice &
  ReviewSlice

/** A slice creator with access to the whole store. */
export type SliceCreator<S> = StateCreator<SpoolState, [], [], S>
