#!/usr/bin/env bash
# A short fuzz run of every reader of untrusted bytes (cargo fuzz / libFuzzer), as CI does
# it: the comment bundle and review package readers, the text parser, the DOCX checker,
# the Word draft reader.
# SECONDS is the total fuzzing budget, split evenly over the targets (at least 5 s each),
# so the test command's fuzz step grows with the compiles only, not with each new target.
# The committed corpora are read; what the fuzzer finds goes to a temporary folder, and
# a crash to the crate's fuzz/artifacts/<target>/.
#   scripts/fuzz.sh [SECONDS]        (default 30)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_TO_RUN="${1:-30}"
# crate dir (relative to crates/) and target, one pair a line.
TARGETS=(
  "exchange bundle"
  "exchange package"
  "text parse"           # with the round trip (the target's default `roundtrip` feature)
  "export docx_verify"
  "export docx_import"   # a Word draft read as text, then parsed
)
per_target=$(( SECONDS_TO_RUN / ${#TARGETS[@]} ))
[ "$per_target" -ge 5 ] || per_target=5
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "[fuzz] installing cargo-fuzz"
  CARGO_TARGET_DIR="${TMPDIR:-/tmp}/quyche-cargo-fuzz-build" cargo install cargo-fuzz --locked
  rm -rf "${TMPDIR:-/tmp}/quyche-cargo-fuzz-build"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/quyche-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# cargo-fuzz passes -Z flags; RUSTC_BOOTSTRAP lets the one stable toolchain accept them.
# One target dir for all fuzz workspaces, so they share the sanitized dependency builds.
export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$ROOT/target/fuzz}"
failed=()
for entry in "${TARGETS[@]}"; do
  read -r crate target <<<"$entry"
  mkdir -p "$work/$target"
  log="$work/$target.log"
  echo "[fuzz] $target: building and running ${per_target}s (crates/$crate/fuzz)"
  rc=0
  (cd "$ROOT/crates/$crate" && cargo fuzz run "$target" "$work/$target" "fuzz/corpus/$target" \
    -- -max_total_time="$per_target") >"$log" 2>&1 || rc=$?
  # libFuzzer's last line on success: "Done N runs in S second(s)".
  done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)"
  if [ "$rc" -eq 0 ] && [ -n "$done_line" ]; then
    runs="$(awk '{print $2}' <<<"$done_line")"
    secs="$(awk '{print $5}' <<<"$done_line")"
    echo "[fuzz] $target: ${secs}s, $runs runs, no crash"
  else
    # The panic or sanitizer report and the path of the input that caused it.
    grep -E -A6 'panicked at|==ERROR|Test unit written' "$log" | head -n 40 || tail -n 40 "$log"
    echo "[fuzz] $target: FAILED (exit $rc); see crates/$crate/fuzz/artifacts/$target/"
    failed+=("$target")
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "[fuzz] failed: ${failed[*]}"
  exit 1
fi
