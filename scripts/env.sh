# Sourced by the scripts beside it: the repository root as the working folder, cargo on
# the PATH, and TARGET_DIR, cargo's target folder as an absolute path (CARGO_TARGET_DIR
# when set, relative to the root when relative).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
