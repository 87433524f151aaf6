#!/usr/bin/env bash
# THE test command: installs what is missing, checks formatting and lints,
# builds the UI, runs every Rust test, the UI tests, builds the app, runs the
# real-window end-to-end test under Xvfb, and builds the .deb, installs it and
# starts the installed app once. Exits non-zero if any step fails. Artefacts
# (screenshots, logs) go to artifacts/.
#   scripts/test.sh
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

ARTIFACTS="$ROOT/artifacts"
LOGS="$ARTIFACTS/test-logs"
mkdir -p "$LOGS"
APP_BIN="$TARGET_DIR/debug/quyche-app"

declare -a SUMMARY=()
FAILED=0
T_START=$(date +%s)

banner() { printf '\n==================== %s ====================\n' "$*"; }

# step NAME COMMAND... : runs the command, output to the console and to
# artifacts/test-logs/NAME.log; records PASS/FAIL and the time taken.
step() {
  local name="$1"; shift
  banner "$name"
  local t0 rc=0
  t0=$(date +%s)
  "$@" 2>&1 | tee "$LOGS/$name.log" || rc=$?
  local dt=$(( $(date +%s) - t0 ))
  if [ "$rc" -eq 0 ]; then
    SUMMARY+=("PASS  $name (${dt}s)")
  else
    SUMMARY+=("FAIL  $name (${dt}s, exit $rc, log: artifacts/test-logs/$name.log)")
    FAILED=$((FAILED + 1))
    # CI shows only the tail of the output, and the summary is the tail: name what failed
    # here (Rust, node:test TAP, Vitest, svelte-check, clippy), so one run is enough to act.
    local evidence
    while IFS= read -r evidence; do
      SUMMARY+=("        ${evidence:0:300}")
    done < <(grep -aE '^test .* FAILED$|panicked at|^not ok |^error(\[E[0-9]+\])?: | FAIL |✗|^Error: |is stale' \
      "$LOGS/$name.log" | head -n 12)
  fi
  return "$rc"
}

skip() {
  SUMMARY+=("SKIP  $1 ($2)")
  FAILED=$((FAILED + 1))
}

summary() {
  banner "Summary"
  local line
  for line in "${SUMMARY[@]}"; do echo "  $line"; done
  echo "  total time: $(( $(date +%s) - T_START ))s"
  if [ -d "$ARTIFACTS/e2e" ] || [ -d "$ARTIFACTS/package" ]; then
    echo "  screenshots:"
    find "$ARTIFACTS/e2e" "$ARTIFACTS/package" -maxdepth 1 -name '*.png' 2>/dev/null | sort | sed 's/^/    /'
  fi
  if [ "$FAILED" -eq 0 ]; then
    echo "RESULT: all steps passed"
  else
    echo "RESULT: $FAILED step(s) failed or were skipped"
  fi
}

e2e() {
  xvfb-run -a -s "-screen 0 1280x800x24" \
    env CARGO_TARGET_DIR="$TARGET_DIR" QUYCHE_APP_BIN="$APP_BIN" \
    node --test --test-reporter=tap --test-concurrency=1 tests/e2e/
}

# The real-window tests answer the native file dialogs from a queue: a seam compiled only
# with the cargo feature e2e-dialogs (src-tauri/src/dialog.rs), which the app built for them
# has and the package must not. Its marker string shows which binary has it.
SEAM_MARKER="quyche-e2e-dialog-seam"
e2e_has_seam() {
  if grep -qaF "$SEAM_MARKER" "$APP_BIN"; then
    echo "the e2e build has the dialog seam ($SEAM_MARKER in $APP_BIN)"
  else
    echo "the e2e build lacks the dialog seam's marker: the release check would prove nothing"; return 1
  fi
}
package_has_no_seam() {
  local deb dir bin
  deb="$(find "$TARGET_DIR"/{debug,release}/bundle/deb -maxdepth 1 -name '*.deb' 2>/dev/null | head -n 1)"
  [ -n "$deb" ] || { echo "no .deb under $TARGET_DIR/*/bundle/deb"; return 1; }
  dir="$(mktemp -d)"
  dpkg-deb -x "$deb" "$dir"
  bin="$(find "$dir" -type f -name quyche-app | head -n 1)"
  [ -n "$bin" ] || { echo "no quyche-app in $deb"; rm -rf "$dir"; return 1; }
  if grep -qaF "$SEAM_MARKER" "$bin"; then
    echo "the packaged app has the test-only dialog seam ($SEAM_MARKER): $deb"; rm -rf "$dir"; return 1
  fi
  echo "the packaged app has no dialog seam: $deb"
  rm -rf "$dir"
}

# Steps that everything else needs: stop at once when they fail.
if ! step install-deps bash scripts/install-deps.sh; then summary; exit 1; fi
if ! step ui-build npm --prefix ui run build; then summary; exit 1; fi

# Optional tools from the shared folder: the tests that use them skip themselves
# where they are absent (cargo hides a passing test's output, so say it here too).
for tool in decree30-check; do
  if [ ! -f "$ROOT/../shared/tools/$tool" ] && [ ! -f "${QUYCHE_SHARED_TOOLS:-/nonexistent}/$tool" ]; then
    SUMMARY+=("NOTE  $tool is absent (../shared/tools): the tests that use it are skipped")
  fi
done

step fmt cargo fmt --all --check || true
step cargo-test cargo test --workspace --no-fail-fast || true
step clippy cargo clippy --workspace --all-targets -- -D warnings || true
# Supply chain (deny.toml): permissive licenses, crates.io only, duplicates shown.
step deny cargo deny check bans licenses sources || true
step ui-test npm --prefix ui test || true
step ui-test-browser npm --prefix ui run test:browser || true
step ui-check npm --prefix ui run check || true
step fuzz bash scripts/fuzz.sh 60 || true
if step app-build cargo build -p quyche-app --features e2e-dialogs; then
  step e2e-seam e2e_has_seam || true
  step e2e e2e || true
  # The package is built without the feature (scripts/package.sh, as a release is).
  if step package bash scripts/package.sh --debug --install-check; then
    step package-no-seam package_has_no_seam || true
  else
    skip package-no-seam "the package did not build"
  fi
else
  skip e2e "the app did not build"
  skip package "the app did not build"
fi

summary
[ "$FAILED" -eq 0 ]
