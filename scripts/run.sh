#!/usr/bin/env bash
# THE run command: installs what is missing, builds the UI and the app (a
# debug build: it compiles several minutes faster than --release and runs
# fine for trying the app), then starts it.
#   scripts/run.sh
# With a display ($DISPLAY set) the app runs in the foreground as usual.
# Without one it runs on a virtual display (Xvfb), takes a screenshot once the
# window has rendered (artifacts/run/screenshot.png, path printed), and keeps
# running until Ctrl-C, or for QUYCHE_RUN_SECONDS seconds when that is set.
# The app keeps its data in QUYCHE_DATA_DIR when set, otherwise in the OS
# app-data folder; on first start with an empty store it seeds a demo
# regulation.
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

APP_BIN="$TARGET_DIR/debug/quyche-app"

bash scripts/install-deps.sh
npm --prefix ui run build
cargo build -p quyche-app
echo "[run] app: $APP_BIN"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$APP_BIN" "$@"
fi

echo "[run] no DISPLAY: running on a virtual display (Xvfb, 1280x800)"
exec bash scripts/xvfb-app.sh "$APP_BIN" "$ROOT/artifacts/run" "$@"
