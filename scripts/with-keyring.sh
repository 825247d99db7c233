#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked, throw-away gnome-keyring, so keytar talks
# to a real Secret Service (never the user's own keyring). The daemon is stopped by the PID the bus reports.
set -euo pipefail
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: dbus-run-session and gnome-keyring-daemon are needed (apt: dbus-x11 gnome-keyring)" >&2
  exit 1
fi
KR_HOME=$(mktemp -d "${TMPDIR:-/tmp}/spool-keyring.XXXXXX")
trap 'rm -rf "$KR_HOME"' EXIT
export XDG_DATA_HOME="$KR_HOME/data" XDG_CACHE_HOME="$KR_HOME/cache" XDG_RUNTIME_DIR="$KR_HOME/run" XDG_CONFIG_HOME="$KR_HOME/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
export SPOOL_TEST_KEYRING=1
dbus-run-session -- bash -c '
  eval "$(printf %s "spool-test-keyring" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  rc=0; "$@" || rc=$?
  pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk "/uint32/ {print \$2}")
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  exit $rc' bash "$@"
