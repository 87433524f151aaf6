#!/usr/bin/env bash
# Starts an app binary on a virtual display (Xvfb, 1280x800), waits for its
# window to render, takes a screenshot, then keeps it running: until Ctrl-C, or
# for QUYCHE_RUN_SECONDS seconds when that is set. Used by scripts/run.sh (the
# build tree's app) and scripts/package.sh (the installed app).
#   scripts/xvfb-app.sh APP_BIN OUT_DIR [app arguments...]
# Writes OUT_DIR/screenshot.png and OUT_DIR/app.log; exits non-zero when the app
# exits before its window renders, or the screenshot is blank.
set -euo pipefail

if [ -z "${QUYCHE_XVFB_INNER:-}" ]; then
  [ "$#" -ge 2 ] || { echo "usage: $0 APP_BIN OUT_DIR [args...]" >&2; exit 2; }
  mkdir -p "$2"
  rm -f "$2/screenshot.png"
  exec env QUYCHE_XVFB_INNER=1 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" "$@"
fi

APP_BIN="$1"; OUT="$2"; shift 2
"$APP_BIN" "$@" > "$OUT/app.log" 2>&1 &
APP_PID=$!
stop() { kill -TERM "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null || true; }
trap 'echo "[xvfb-app] stopping"; stop; exit 0' INT TERM
early_exit() { echo "[xvfb-app] the app exited early; its log:"; cat "$OUT/app.log"; exit 1; }

# Wait for a named top-level window (the app's), then give the webview time to
# paint.
for _ in $(seq 1 120); do
  kill -0 "$APP_PID" 2>/dev/null || early_exit
  if xwininfo -root -children 2>/dev/null | grep -Eq '"[^"]+": \('; then break; fi
  sleep 0.5
done
sleep "${QUYCHE_RUN_SETTLE:-8}"
kill -0 "$APP_PID" 2>/dev/null || early_exit
import -window root "$OUT/screenshot.png"
echo "Screenshot: $OUT/screenshot.png"
echo "[xvfb-app] app log: $OUT/app.log"
# A window that never painted is one flat colour.
spread="$(convert "$OUT/screenshot.png" -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 1)"
if awk -v s="$spread" 'BEGIN { exit !(s < 0.01) }'; then
  echo "[xvfb-app] the screenshot is blank (standard deviation $spread)"; stop; exit 1
fi

if [ -n "${QUYCHE_RUN_SECONDS:-}" ]; then
  echo "[xvfb-app] running for ${QUYCHE_RUN_SECONDS}s (QUYCHE_RUN_SECONDS)"
  sleep "$QUYCHE_RUN_SECONDS" & wait $!
  stop
  exit 0
fi
echo "[xvfb-app] the app is running on the virtual display; press Ctrl-C to stop"
wait "$APP_PID"
