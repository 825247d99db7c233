// Electron fuses for the packaged app (security-reliability.md §A.4, SEC-07). Flipped in afterPack, i.e.
// before code signing. strictlyRequireAllFuses makes a fuse added by a future Electron fail the build until
// someone decides it.
const { FuseV1Options, FuseVersion } = require('@electron/fuses')

/** The fuse configuration, shared by the afterPack hook and its test. */
const fuseConfig = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
}

module.exports = { fuseConfig }
