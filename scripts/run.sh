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

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

TARGET_DIR="${CARGO_TARGET_DIR:-target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
APP_BIN="$TARGET_DIR/debug/quyche-app"

bash scripts/install-deps.sh
npm --prefix ui run build
cargo build -p quyche-app
echo "[run] app: $APP_BIN"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$APP_BIN" "$@"
fi

OUT="$ROOT/artifacts/run"
mkdir -p "$OUT"
rm -f "$OUT/screenshot.png"
echo "[run] no DISPLAY: running on a virtual display (Xvfb, 1280x800)"

# Runs inside xvfb-run: start the app, wait for the window to render, take a
# screenshot of the screen, then keep the app running.
INNER="$(mktemp "${TMPDIR:-/tmp}/quyche-run.XXXXXX.sh")"
trap 'rm -f "$INNER"' EXIT
cat > "$INNER" <<'INNER_EOF'
set -u
APP_BIN="$1"; OUT="$2"; shift 2
"$APP_BIN" "$@" > "$OUT/app.log" 2>&1 &
APP_PID=$!
stop() { kill -TERM "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; }
trap 'echo "[run] stopping"; stop; exit 0' INT TERM

# Wait for a window to be mapped, then give the webview time to paint.
for _ in $(seq 1 60); do
  kill -0 "$APP_PID" 2>/dev/null || { echo "[run] the app exited early; its log:"; cat "$OUT/app.log"; exit 1; }
  # a named top-level window (the app's) exists
  if xwininfo -root -children 2>/dev/null | grep -Eq '"[^"]+": \('; then break; fi
  sleep 0.5
done
sleep "${QUYCHE_RUN_SETTLE:-8}"
kill -0 "$APP_PID" 2>/dev/null || { echo "[run] the app exited early; its log:"; cat "$OUT/app.log"; exit 1; }
import -window root "$OUT/screenshot.png"
echo "Screenshot: $OUT/screenshot.png"
echo "[run] app log: $OUT/app.log"

if [ -n "${QUYCHE_RUN_SECONDS:-}" ]; then
  echo "[run] running for ${QUYCHE_RUN_SECONDS}s (QUYCHE_RUN_SECONDS)"
  sleep "$QUYCHE_RUN_SECONDS" & wait $!
  stop
  exit 0
fi
echo "[run] the app is running on the virtual display; press Ctrl-C to stop"
wait "$APP_PID"
INNER_EOF

rc=0
xvfb-run -a -s "-screen 0 1280x800x24" bash "$INNER" "$APP_BIN" "$OUT" "$@" || rc=$?
exit "$rc"
