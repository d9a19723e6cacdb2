#!/usr/bin/env bash
# End to end on the national benchmark data: the release binary loads every
# province file, evaluates R1..R7 (benches/rules/national.rules) and writes
# the JSON report. For each scale it
#   1. checks that the report has exactly the planted violations (and, with
#      the benchmark kit, exactly the regorus peer's {rule, code, year} set);
#   2. times RUNS runs under /usr/bin/time -v (wall time, peak RSS), and with
#      the kit alternates them with the regorus peer (A B A B ...) and prints
#      the ratio of the medians;
# then prints the cost from m to l.
#
#   benches/national.sh                 # scales m and l, 5 runs each
#   SCALES=m RUNS=9 benches/national.sh
#   DATA=/tmp/patuh-bench benches/national.sh   # reuse data gen.py already made
#   BASELINE=old/patuh benches/national.sh      # also alternate an older build
#
# Data: with ../shared/bench (the kit, found also at ../../shared/bench) it is gen.py's (YAML for patuh, the
# JSON copy for regorus), made under $DATA if missing; without the kit it is
# made by `cargo run --release --example gen`. Everything generated goes under
# the cargo target folder ($CARGO_TARGET_DIR, else target/) unless DATA says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=${CARGO_TARGET_DIR:-target}
SCALES=${SCALES:-"m l"}
RUNS=${RUNS:-5}
# The kit sits beside the repository (../shared/bench), or beside the
# folder of git worktrees (../../shared/bench); KIT=path overrides.
if [ -z "${KIT:-}" ]; then
  for k in ../shared/bench ../../shared/bench; do
    if [ -f "$k/gen.py" ]; then KIT=$k; break; fi
  done
fi
KIT=${KIT:-../shared/bench}
WORK="$TARGET/national"
mkdir -p "$WORK"

have_kit=false
if [ -f "$KIT/gen.py" ] && [ -d "$KIT/regorus-bench" ]; then
  have_kit=true
  DATA=${DATA:-$TARGET/bench-data/kit}
else
  DATA=${DATA:-$TARGET/bench-data}
fi

echo "building patuh (release)" >&2
cargo build --release --quiet
PATUH="$TARGET/release/patuh"

if $have_kit; then
  if [ -z "${REGORUS:-}" ]; then
    echo "building the regorus peer (release; the first time takes minutes)" >&2
    cargo build --release --quiet --manifest-path "$KIT/regorus-bench/Cargo.toml" \
      --target-dir "$TARGET/peers"
    REGORUS="$TARGET/peers/release/regorus-bench"
  fi
fi

# shellcheck source=benches/timing.sh
source benches/timing.sh

declare -A PATUH_MEDIAN
for scale in $SCALES; do
  yaml="$DATA/$scale/yaml"
  expected="$DATA/expected-$scale.json"
  if [ ! -f "$expected" ]; then
    echo "generating scale $scale into $DATA" >&2
    if $have_kit; then
      python3 "$KIT/gen.py" --scale "$scale" --out "$DATA" --expected-dir "$DATA" > /dev/null
    else
      cargo run --release --quiet --example gen -- --scale "$scale" --out "$DATA" > /dev/null
    fi
  fi
  bytes=$(cat "$yaml"/*.yaml | wc -c)
  files=$(ls "$yaml"/*.yaml | wc -l)
  echo
  echo "scale $scale: $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB of YAML in $yaml"

  # Correctness, once.
  report="$WORK/patuh-$scale.json"
  timed "$report" "$PATUH" check --format json benches/rules "$yaml"
  python3 benches/violations.py "$report" --expected "$expected"
  if $have_kit; then
    python3 benches/violations.py "$report" > "$WORK/patuh-$scale-violations.json"
    timed /dev/null "$REGORUS" "$KIT/rules.rego" "$DATA/$scale/json" "$WORK/regorus-$scale.json"
    python3 "$KIT/check.py" "$expected" "$WORK/patuh-$scale-violations.json" \
      --ref "$WORK/regorus-$scale.json" | grep -E "identical|differs|MATCH" | sed 's/^/  /'
  fi

  # Timing, alternating with the peer (and the baseline build, if any).
  : > "$WORK/patuh.txt"; : > "$WORK/regorus.txt"; : > "$WORK/pairs.txt"
  : > "$WORK/baseline.txt"; : > "$WORK/baseline-pairs.txt"
  for run in $(seq "$RUNS"); do
    timed /dev/null "$PATUH" check --format json benches/rules "$yaml"
    echo "$WALL $RSS" >> "$WORK/patuh.txt"
    pw=$WALL
    if [ -n "${BASELINE:-}" ]; then
      timed /dev/null "$BASELINE" check --format json benches/rules "$yaml"
      echo "$WALL $RSS" >> "$WORK/baseline.txt"
      awk -v a="$WALL" -v b="$pw" 'BEGIN { print a / b }' >> "$WORK/baseline-pairs.txt"
    fi
    if $have_kit; then
      timed /dev/null "$REGORUS" "$KIT/rules.rego" "$DATA/$scale/json" "$WORK/regorus-$scale.json"
      echo "$WALL $RSS" >> "$WORK/regorus.txt"
      awk -v a="$WALL" -v b="$pw" 'BEGIN { print a / b }' >> "$WORK/pairs.txt"
    fi
  done
  summary() { # name file
    printf "  %-8s wall %s s (median of %s: %s), peak RSS %s MiB\n" "$1" \
      "$(cut -d' ' -f1 "$2" | median)" "$RUNS" "$(cut -d' ' -f1 "$2" | tr '\n' ' ' | sed 's/ $//')" \
      "$(cut -d' ' -f2 "$2" | median)"
  }
  summary patuh "$WORK/patuh.txt"
  PATUH_MEDIAN[$scale]=$(cut -d' ' -f1 "$WORK/patuh.txt" | median)
  if [ -n "${BASELINE:-}" ]; then
    summary baseline "$WORK/baseline.txt"
    printf "  baseline / patuh: %.2fx (median of the %s paired ratios)\n" "$(median < "$WORK/baseline-pairs.txt")" "$RUNS"
  fi
  if $have_kit; then
    summary regorus "$WORK/regorus.txt"
    printf "  regorus / patuh: %.2fx (median of the %s paired ratios)\n" "$(median < "$WORK/pairs.txt")" "$RUNS"
  fi
done

if [ -n "${PATUH_MEDIAN[m]:-}" ] && [ -n "${PATUH_MEDIAN[l]:-}" ]; then
  echo
  awk -v m="${PATUH_MEDIAN[m]}" -v l="${PATUH_MEDIAN[l]}" \
    'BEGIN { printf "patuh from m to l: %.1fx the time for 10x the data\n", l / m }'
fi
