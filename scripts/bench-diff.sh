#!/usr/bin/env bash
# The command line against git, whole processes, in one run (issue 14). Builds the release
# `quyche` and the benchmark pair, then times with hyperfine:
#   1. `quyche diff 2012.txt 2023.txt --format json` (the cooperative laws, 169 / 220 KB)
#      against `git diff --no-index --word-diff=porcelain --histogram` on the same pair;
#   2. the same two on the revised pair (about 411 / 430 KB, quyche_fixtures::revised_pair:
#      renumbering, rewritten and inserted clauses, split, merged, moved and repealed
#      articles, new chapters);
#   3. `quyche diff` of the 411 KB text against itself, and `quyche stats` of the 2023 law.
# Prints each mean and the ratio quyche / git per pair, with the machine. Ratios are only
# meaningful within one run: both sides meet the same machine state. A shared machine's
# speed drifts within a run too, so each ratio is also taken in paired rounds: ROUNDS
# rounds (default 12) that each time quyche and git on the same pair back to back (7 runs
# each), the ratio being the median over rounds of quyche's median / git's median.
#   scripts/bench-diff.sh [runs]        (default 40)
#   ROUNDS=n scripts/…                  paired rounds per pair (0: none)
#   QUYCHE_BENCH_NO_BUILD=1 scripts/…   measure the binaries already built
# Exit: 0 measured; 1 a build or a command failed.
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
RUNS="${1:-40}"
case "$RUNS" in '' | *[!0-9]* | 0) echo "usage: $0 [runs ≥ 1]" >&2; exit 2 ;; esac

if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq hyperfine >/dev/null
  else
    echo "hyperfine is missing: sudo apt-get install hyperfine" >&2
    exit 1
  fi
fi

if [ -z "${QUYCHE_BENCH_NO_BUILD:-}" ]; then
  cargo build --release --quiet -p quyche-cli
  cargo build --release --quiet -p quyche-fixtures --example revised_pair
fi
Q="$TARGET_DIR/release/quyche"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$TARGET_DIR/release/examples/revised_pair" "$WORK" >/dev/null
LAWS="$ROOT/tests/fixtures/laws"
cp "$LAWS/luat_hop_tac_xa_2012_23-2012-QH13.txt" "$WORK/2012.txt"
cp "$LAWS/luat_hop_tac_xa_2023_17-2023-QH15.txt" "$WORK/2023.txt"
cd "$WORK"

# Each quyche command must succeed on its own: hyperfine -i below ignores exit codes,
# because git diff exits 1 when the files differ.
for args in "diff 2012.txt 2023.txt --format json" "diff old.txt new.txt --format json" \
  "diff old.txt old.txt --format json" "stats 2023.txt"; do
  # shellcheck disable=SC2086
  "$Q" $args >/dev/null || { echo "quyche $args failed" >&2; exit 1; }
done

GIT="git diff --no-index --word-diff=porcelain --histogram"
hyperfine -N -i --warmup 3 --runs "$RUNS" --style basic --export-csv "$WORK/times.csv" \
  -n "quyche 2012→2023" "$Q diff 2012.txt 2023.txt --format json" \
  -n "git 2012→2023" "$GIT 2012.txt 2023.txt" \
  -n "quyche revised pair" "$Q diff old.txt new.txt --format json" \
  -n "git revised pair" "$GIT old.txt new.txt" \
  -n "quyche self-diff 411 KB" "$Q diff old.txt old.txt --format json" \
  -n "quyche stats 2023" "$Q stats 2023.txt" >&2

echo
echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sizes: 2012 $(stat -c%s 2012.txt) B, 2023 $(stat -c%s 2023.txt) B, old $(stat -c%s old.txt) B, new $(stat -c%s new.txt) B"
# times.csv: command,mean,stddev,median,user,system,min,max (seconds). The CPU time (user +
# system) is printed beside the wall time: on a busy machine it is the steadier of the two.
awk -F, 'NR > 1 { c = $1; mean[c] = $2 * 1000; sd[c] = $3 * 1000; med[c] = $4 * 1000; cpu[c] = ($5 + $6) * 1000; order[NR] = c }
  END {
    for (i = 2; i <= NR; i++) { c = order[i]; printf "%-26s mean %7.2f ms ± %5.2f   median %7.2f ms   cpu %7.2f ms\n", c, mean[c], sd[c], med[c], cpu[c] }
    split("2012→2023,revised pair", pairs, ",")
    for (k = 1; k <= 2; k++) {
      q = "quyche " pairs[k]; g = "git " pairs[k]
      printf "ratio quyche / git, %-13s wall %.2f× (median %.2f×), cpu %.2f×\n", pairs[k] ":", mean[q] / mean[g], med[q] / med[g], cpu[q] / cpu[g]
    }
  }' "$WORK/times.csv"

ROUNDS="${ROUNDS:-12}"
case "$ROUNDS" in '' | *[!0-9]*) echo "ROUNDS must be a number" >&2; exit 2 ;; esac
if [ "$ROUNDS" -gt 0 ]; then
  echo "paired rounds ($ROUNDS × 7 runs each side, quyche then git, back to back):"
  for pair in "2012→2023:2012.txt 2023.txt" "revised pair:old.txt new.txt"; do
    name="${pair%%:*}"
    files="${pair#*:}"
    : >"$WORK/rounds.txt"
    for _ in $(seq "$ROUNDS"); do
      # shellcheck disable=SC2086
      hyperfine -N -i --warmup 1 --runs 7 --style none --export-csv "$WORK/round.csv" \
        -n quyche "$Q diff $files --format json" -n git "$GIT $files" >/dev/null 2>&1
      awk -F, 'NR == 2 { q = $4 } NR == 3 { g = $4 } END { printf "%.4f %.3f %.3f\n", q / g, q * 1000, g * 1000 }' \
        "$WORK/round.csv" >>"$WORK/rounds.txt"
    done
    sort -n "$WORK/rounds.txt" | awk -v name="$name" '{ r[NR] = $1; q[NR] = $2; g[NR] = $3 }
      END {
        m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
        printf "ratio quyche / git, %-13s paired %.2f× (rounds %.2f×–%.2f×; %d rounds)\n", name ":", m, r[1], r[NR], NR
      }'
  done
fi
