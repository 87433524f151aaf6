#!/usr/bin/env bash
# Builds the installable Debian package of the app with Tauri's bundler. Only the
# .deb target is built: it needs no tool downloaded at build time (AppImage would
# fetch linuxdeploy), so it builds offline.
#   scripts/package.sh                  release build
#   scripts/package.sh --debug          debug build (the test command's: it reuses
#                                       the build tree the other tests compiled)
#   scripts/package.sh --install-check  also installs the package with dpkg -i,
#                                       starts the installed app once under Xvfb
#                                       (screenshot in artifacts/package/), and
#                                       removes the package again
# Prints the path of the .deb. Install it with `sudo apt install ./Quyche_*.deb`
# (or `sudo dpkg -i`), then start "Quy chế làm việc" from the menu, or
# `quyche-app`.
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PROFILE=release
CHECK=0
for arg in "$@"; do
  case "$arg" in
    --debug) PROFILE=debug ;;
    --install-check) CHECK=1 ;;
    *) echo "usage: $0 [--debug] [--install-check]" >&2; exit 2 ;;
  esac
done

log() { printf '[package] %s\n' "$*"; }

TAURI="$ROOT/scripts/bundler/node_modules/.bin/tauri"
if [ ! -x "$TAURI" ]; then
  log "Tauri's CLI is missing: running scripts/install-deps.sh"
  bash scripts/install-deps.sh
fi

BUNDLE_DIR="$TARGET_DIR/$PROFILE/bundle/deb"
rm -rf "$BUNDLE_DIR"

# The UI is built here, not by the CLI's beforeBuildCommand: the CLI would run that
# from its own npm folder (scripts/bundler), where there is no ui/.
npm --prefix ui run build
args=(build --bundles deb --ci --config '{"build":{"beforeBuildCommand":""}}')
[ "$PROFILE" = debug ] && args+=(--debug)
log "tauri ${args[*]}"
"$TAURI" "${args[@]}"

DEB="$(find "$BUNDLE_DIR" -maxdepth 1 -name '*.deb' | head -n 1)"
[ -n "$DEB" ] || { log "the bundler wrote no .deb under $BUNDLE_DIR"; exit 1; }
log "package: $DEB ($(du -h "$DEB" | cut -f1))"

[ "$CHECK" -eq 1 ] || exit 0

# --- install, start once, remove ------------------------------------------------
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
PKG="$(dpkg-deb -f "$DEB" Package)"
log "contents:"; dpkg-deb -c "$DEB" | awk '{print "  " $6}'
log "dpkg -i $DEB"
$SUDO dpkg -i "$DEB"
trap 'log "removing $PKG"; $SUDO dpkg -r "$PKG" >/dev/null' EXIT

DESKTOP="$(dpkg -L "$PKG" | grep '\.desktop$' | head -n 1)"
[ -n "$DESKTOP" ] || { log "the package installed no desktop entry"; exit 1; }
log "desktop entry: $DESKTOP"
grep -q '^Name=Quy chế làm việc$' "$DESKTOP" || { log "the desktop entry lacks the Vietnamese name"; cat "$DESKTOP"; exit 1; }
if command -v desktop-file-validate >/dev/null 2>&1; then desktop-file-validate "$DESKTOP"; fi
ICON="$(dpkg -L "$PKG" | grep '/icons/hicolor/.*\.png$' | head -n 1)"
[ -n "$ICON" ] || { log "the package installed no icon"; exit 1; }
EXEC="$(sed -n 's/^Exec=//p' "$DESKTOP" | head -n 1)"
APP="$(command -v "$EXEC" || true)"
[ -n "$APP" ] || { log "the desktop entry's Exec ($EXEC) is not on PATH"; exit 1; }
log "installed app: $APP"

# A data folder of its own: the installed app seeds the demo regulation there and
# never touches the user's.
DATA="$(mktemp -d "${TMPDIR:-/tmp}/quyche-package-check.XXXXXX")"
OUT="$ROOT/artifacts/package"
QUYCHE_DATA_DIR="$DATA" QUYCHE_RUN_SECONDS=1 QUYCHE_RUN_SETTLE="${QUYCHE_RUN_SETTLE:-6}" \
  bash scripts/xvfb-app.sh "$APP" "$OUT"
rm -rf "$DATA"
log "the installed app started and rendered: $OUT/screenshot.png"
