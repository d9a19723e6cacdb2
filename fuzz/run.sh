#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), from seed corpora
# made of the repository's own rules, data and test cases. Needs nightly Rust
# and cargo-fuzz (`cargo install cargo-fuzz`). Corpora and crashes go under
# the cargo target folder; a crash fails the script and names the input.
#
#   fuzz/run.sh                 # every target, 60 s each
#   SECONDS_EACH=600 fuzz/run.sh rules
set -euo pipefail
cd "$(dirname "$0")"
TARGET=${CARGO_TARGET_DIR:-$(pwd)/../target}
case "$TARGET" in /*) ;; *) TARGET=$(pwd)/../$TARGET ;; esac
WORK="$TARGET/fuzz"
SECONDS_EACH=${SECONDS_EACH:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(rules data sheet pipeline)

seed() {
  local dir="$WORK/corpus/$1"; shift
  mkdir -p "$dir"
  local f
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
  done
  return 0
}

shopt -s nullglob globstar
seed rules ../rules/**/*.rules ../tests/cases/**/*.rules ../benches/rules/*.rules
seed data ../data/*.yaml ../rules/tests/*.yaml ../tests/cases/**/*.yaml ../tests/yaml-test-suite/*.yaml
seed sheet ../tests/cases/sheets/**/*.csv
# The pipeline target reads rules, a line `=====`, then data.
mkdir -p "$WORK/corpus/pipeline"
for t in ../rules/tests/*.test.yaml; do
  name=$(basename "$t" .test.yaml)
  { cat ../rules/inpres-2-2021.rules; printf '\n=====\n'; cat "$t"; } > "$WORK/corpus/pipeline/$name"
done

for t in "${targets[@]}"; do
  echo "fuzzing $t for ${SECONDS_EACH}s" >&2
  mkdir -p "$WORK/artifacts/$t"
  log="$WORK/$t.log"
  if ! cargo +nightly fuzz run --target-dir "$TARGET/fuzz-build" "$t" "$WORK/corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix="$WORK/artifacts/$t/" -print_final_stats=1 > "$log" 2>&1; then
    # The panic and the input that caused it.
    grep -E "panicked|^SUMMARY|Test unit written|artifact_prefix" "$log" | head -n 20 >&2
    echo "fuzz target $t failed; full log: $log" >&2
    exit 1
  fi
  grep -E "^Done|stat::(number_of_executed_units|new_units_added|peak_rss_mb)" "$log" >&2
done
