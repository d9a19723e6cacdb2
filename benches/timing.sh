# Timing helpers the benchmark scripts share (sourced, not run). Each
# script sets WORK, a folder for the raw /usr/bin/time output.

# Median of the numbers on stdin.
median() { sort -g | awk '{ a[NR] = $1 } END { m = int((NR + 1) / 2); print (NR % 2) ? a[m] : (a[m] + a[m + 1]) / 2 }'; }

# `timed OUT CMD...` runs CMD under /usr/bin/time -v with stdout to OUT;
# sets WALL (seconds), RSS (peak MiB) and RC (its exit code). An exit code
# above 1 (patuh's "findings") fails the benchmark; EXPECT_RC, when set,
# must be met exactly.
timed() {
  local out=$1; shift
  RC=0
  /usr/bin/time -v "$@" > "$out" 2> "$WORK/time.txt" || RC=$?
  if [ "$RC" -gt 1 ] || { [ -n "${EXPECT_RC:-}" ] && [ "$RC" -ne "$EXPECT_RC" ]; }; then
    tail -30 "$WORK/time.txt" >&2
    echo "failed (exit $RC${EXPECT_RC:+, expected $EXPECT_RC}): $*" >&2
    exit 1
  fi
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$WORK/time.txt")
  RSS=$(awk '/Maximum resident set size/ { printf "%.0f", $6 / 1024 }' "$WORK/time.txt")
}
