#!/usr/bin/env bash
# The national benchmark as one CSV file against the same data as YAML:
# the release binary checks R1..R7 (benches/rules/national.rules, with the
# fields declared in benches/sheets/schema.rules so the sheet's cells can be
# typed) and writes the JSON report. For each scale it
#   1. makes the data with the repository's generator (target/bench-data,
#      as benches/national.sh does without the kit) and converts it to one
#      long table with `patuh convert` (about 916,000 rows at scale l);
#   2. checks that both reports hold the same findings;
#   3. times RUNS runs of each, alternating (YAML CSV YAML CSV ...), under
#      /usr/bin/time -v, and prints the medians and the median of the paired
#      ratios CSV / YAML (the target: at most 1.5).
#
#   benches/sheets.sh                 # scale l, 5 runs
#   SCALES="m l" RUNS=9 benches/sheets.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=${CARGO_TARGET_DIR:-target}
SCALES=${SCALES:-l}
RUNS=${RUNS:-5}
DATA=${DATA:-$TARGET/bench-data}
WORK="$TARGET/sheets"
RULES=(benches/rules benches/sheets/schema.rules)
mkdir -p "$WORK"

echo "building patuh (release)" >&2
cargo build --release --quiet
cargo build --release --quiet --example gen
PATUH="$TARGET/release/patuh"

# shellcheck source=benches/timing.sh
source benches/timing.sh

for scale in $SCALES; do
  yaml="$DATA/$scale/yaml"
  csv="$WORK/csv-$scale"
  if [ ! -d "$yaml" ]; then
    echo "generating scale $scale into $DATA" >&2
    "$TARGET/release/examples/gen" --scale "$scale" --out "$DATA" > /dev/null
  fi
  if [ ! -f "$csv/national.csv" ]; then
    mkdir -p "$csv"
    "$PATUH" convert "${RULES[@]}" "$yaml" --to csv --out "$csv/national.csv" 2> /dev/null
  fi
  rows=$(($(wc -l < "$csv/national.csv") - 1))
  echo
  echo "scale $scale: $(ls "$yaml"/*.yaml | wc -l) YAML files, $(cat "$yaml"/*.yaml | wc -c | awk '{ printf "%.1f", $1 / 1e6 }') MB;" \
    "one CSV of $rows rows, $(wc -c < "$csv/national.csv" | awk '{ printf "%.1f", $1 / 1e6 }') MB"

  # Correctness, once: the same findings and counts from both.
  timed "$WORK/yaml-$scale.json" "$PATUH" check --format json "${RULES[@]}" "$yaml"
  timed "$WORK/csv-$scale.json" "$PATUH" check --format json "${RULES[@]}" "$csv"
  python3 - "$WORK/yaml-$scale.json" "$WORK/csv-$scale.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
key = lambda r: [(f["rule"], f["subject"], f["outcome"], f["message"]) for f in r["findings"]]
assert a["summary"] == b["summary"], "the summaries differ"
assert key(a) == key(b), "the findings differ"
print(f"  same findings from both: {len(a['findings'])}")
PY

  : > "$WORK/yaml.txt"; : > "$WORK/csv.txt"; : > "$WORK/pairs.txt"
  for run in $(seq "$RUNS"); do
    timed /dev/null "$PATUH" check --format json "${RULES[@]}" "$yaml"
    echo "$WALL $RSS" >> "$WORK/yaml.txt"; yw=$WALL
    timed /dev/null "$PATUH" check --format json "${RULES[@]}" "$csv"
    echo "$WALL $RSS" >> "$WORK/csv.txt"
    awk -v a="$WALL" -v b="$yw" 'BEGIN { print a / b }' >> "$WORK/pairs.txt"
  done
  for kind in yaml csv; do
    printf "  %-5s wall %s s (median of %s: %s), peak RSS %s MiB\n" "$kind" \
      "$(cut -d' ' -f1 "$WORK/$kind.txt" | median)" "$RUNS" \
      "$(cut -d' ' -f1 "$WORK/$kind.txt" | tr '\n' ' ' | sed 's/ $//')" \
      "$(cut -d' ' -f2 "$WORK/$kind.txt" | median)"
  done
  printf "  CSV / YAML: %.2fx (median of the %s paired ratios; target at most 1.5x)\n" \
    "$(median < "$WORK/pairs.txt")" "$RUNS"
done
