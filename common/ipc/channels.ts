/**
 * Names and types of the IPC contract, for code that needs only those (the menu, the desktop shell, tests).
 * Every one of them is derived from the single declaration per channel in contract.ts.
 */
export {
  APP_COMMANDS,
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  PICK_KINDS,
  type AppCommand,
  type AppInfo,
  type EventChannel,
  type EventContract,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type PickKind,
  type UploadsChanged,
} from './contract.ts'
export type { BulkReport } from './reply-schemas.ts'
