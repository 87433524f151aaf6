#!/usr/bin/env bash
# Measures the real window (issue 14): the release app's start to a painted library, its
# memory (PSS over every process of the app) after the start and after the 2023 law's
# redline, and that redline's first paint after the click. Prints a table (median, min–max)
# with the machine; the table and each run's figures are also written to
# artifacts/e2e/measure/window.{txt,json}. How each figure is taken: tests/e2e/measure.mjs.
#   scripts/measure-window.sh [runs]          (default 5)
#   QUYCHE_MEASURE_NO_BUILD=1 scripts/...     measure the binary already built
# Exit: 0 measured, 1 a build or a run failed.
#
# The app is the release profile with the cargo feature e2e-dialogs: importing the law pair
# goes through the app's own file dialogs, which only that seam can answer (it reads a
# queue file when a dialog opens, nothing at start). The package never has it
# (scripts/package.sh builds without it).
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
RUNS="${1:-5}"
case "$RUNS" in ''|*[!0-9]*|0) echo "usage: $0 [runs ≥ 1]" >&2; exit 2 ;; esac

APP_BIN="$TARGET_DIR/release/quyche-app"

if [ -z "${QUYCHE_MEASURE_NO_BUILD:-}" ]; then
  # The builds talk on standard error: standard output is the table alone.
  npm --prefix ui run build >&2
  nice -n 10 cargo build --release -p quyche-app --features e2e-dialogs
fi
grep -qaF "quyche-e2e-dialog-seam" "$APP_BIN" || {
  echo "$APP_BIN lacks the e2e-dialogs seam: build it with cargo build --release -p quyche-app --features e2e-dialogs" >&2
  exit 1
}

xvfb-run -a -s "-screen 0 1280x800x24" \
  env QUYCHE_APP_BIN="$APP_BIN" node "$ROOT/tests/e2e/measure.mjs" "$RUNS"
