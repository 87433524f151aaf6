#!/usr/bin/env bash
# A short fuzz run of the comment bundle reader (cargo fuzz / libFuzzer), as CI does it.
# The committed corpus is read; what the fuzzer finds goes to a temporary folder.
#   scripts/fuzz.sh [SECONDS]        (default 30)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_TO_RUN="${1:-30}"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "[fuzz] installing cargo-fuzz"
  CARGO_TARGET_DIR="${TMPDIR:-/tmp}/quyche-cargo-fuzz-build" cargo install cargo-fuzz --locked
  rm -rf "${TMPDIR:-/tmp}/quyche-cargo-fuzz-build"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/quyche-fuzz-bundle.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$ROOT/crates/exchange"
# cargo-fuzz passes -Z flags; RUSTC_BOOTSTRAP lets the one stable toolchain accept them.
RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$ROOT/target/fuzz}" \
  cargo fuzz run bundle "$work" fuzz/corpus/bundle -- -max_total_time="$SECONDS_TO_RUN"
echo "[fuzz] bundle reader: ${SECONDS_TO_RUN}s without a crash"
