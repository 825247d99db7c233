/**
 * V8 flags for the window's renderer process, set by main before Electron is ready (prepareApp); the e2e
 * harness and B6 launch Chromium with the same ones (test/helpers/chromium.ts), so the page they measure runs
 * as the window does.
 *
 * `--no-maglev`: V8's mid-tier compiler starts on the functions the first render makes hot (the framework's
 * diff, the virtual list) and compiles them on two background threads exactly while the first frame is laid
 * out; on a two-core machine they take the cores from that layout. Without it, hot code goes from the
 * baseline compiler straight to TurboFan, later. B6, alternated in one sitting, 30 cold loads each: first rows
 * faster in 22 of the 30 pairs, median 324 → 300 and 332 → 316 ms in the two rounds. Main's own V8 is not
 * affected (its flags are fixed before this runs).
 */
export const RENDERER_JS_FLAGS = '--no-maglev'
