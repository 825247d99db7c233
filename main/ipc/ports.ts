import type { ExternalLink } from '../../common/domain/links.ts'
import type { PickKind } from '../../common/ipc/contract.ts'

/**
 * What the host (Electron main, the e2e harness, tests) gives the core for the few requests that need the
 * desktop: native dialogs and the system browser. Everything else the handlers call is a service.
 */

/** A question main asks in its own native dialog, so the renderer's word alone never decides it. */
export type Confirmation = Readonly<{ title: string; message: string; detail: string; confirmLabel: string }>

/** Native dialogs (Electron in the app, a scripted fake in tests). Null = the user cancelled. */
export type DialogPort = Readonly<{
  pick(kind: PickKind): Promise<ReadonlyArray<string> | null>
  /** Resolves true only when the user pressed the confirming button. */
  confirm(question: Confirmation): Promise<boolean>
  /** Open a CSV manifest (issue 15); absent where the host has no such dialog. */
  openManifest?(): Promise<string | null>
  /** Where to save a CSV manifest, suggesting `name`. */
  saveManifest?(name: string): Promise<string | null>
}>

/** Opens an allow-listed https link in the system browser; throws AppFailure for anything else. */
export type ExternalPort = Readonly<{ open(link: ExternalLink): Promise<void> }>
