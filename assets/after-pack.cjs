// electron-builder afterPack hook: flips the Electron fuses on the packaged binary (before signing).
const path = require('node:path')
const { flipFuses } = require('@electron/fuses')
const { fuseConfig } = require('./fuses.cjs')

/** Finds the Electron executable electron-builder just packed, per platform. */
function electronBinary(context) {
  const name = context.packager.appInfo.productFilename
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`)
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`)
    default:
      return path.join(context.appOutDir, context.packager.executableName)
  }
}

exports.default = async function afterPack(context) {
  await flipFuses(electronBinary(context), {
    ...fuseConfig,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3,
  })
}
