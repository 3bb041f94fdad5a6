#!/usr/bin/env bash
# Constant-memory benchmark of `rightsizer analyze`: the same small heap must carry 100 thousand and 10 million
# REPORT lines. Prints one row per run and the medians; see BENCHMARKS.md (rightsizer analyze).
#
#   bench/analyze/run.sh                      # 3 runs each of 100k and 10M lines at -Xmx64m
#   RUNS=5 XMX=32m SIZES="100000 1000000" bench/analyze/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd "$here/../.." && pwd -P)"
runs="${RUNS:-3}"
xmx="${XMX:-64m}"
sizes="${SIZES:-100000 10000000}"
jar="$repo/cli/target${RIGHTSIZER_BUILD_SUFFIX:-}/rightsizer-cli.jar"

"$repo/rightsizer" --version >/dev/null   # builds the CLI when needed
work="$(mktemp -d "${TMPDIR:-/tmp}/rightsizer-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); heap: -Xmx$xmx -XX:+UseSerialGC"
printf '%-10s %-4s %9s %12s %5s %6s %16s %13s\n' lines run wall_s lines_per_s gcs fullgc max_after_gc_kib exit_used_kib
for n in $sizes; do
  input="$work/reports-$n.log"
  java "$here/ReportLineGenerator.java" "$n" "$input"
  cat "$input" >/dev/null   # warm the page cache so that every run reads from memory
  : >"$work/wall" ; : >"$work/after"
  for run in $(seq 1 "$runs"); do
    start=$(date +%s.%N)
    java -Xmx"$xmx" -XX:+UseSerialGC -Xlog:gc*:file="$work/gc.log" \
      -jar "$jar" analyze --format json --function bench "$input" >"$work/out.json"
    end=$(date +%s.%N)
    reports=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["functions"][0]["reports"])' "$work/out.json")
    if [ "$reports" != "$n" ]; then
      echo "run analysed $reports reports, expected $n" >&2
      exit 1
    fi
    gc=$(python3 "$here/gc_summary.py" "$work/gc.log")
    wall=$(echo "$end - $start" | bc -l)
    field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$gc" "$1"; }
    printf '%-10s %-4s %9.2f %12.0f %5s %6s %16s %13s\n' "$n" "$run" "$wall" "$(echo "$n / $wall" | bc -l)" \
      "$(field gcs)" "$(field fullGcs)" "$(field maxAfterGcKiB)" "$(field exitUsedKiB)"
    echo "$wall" >>"$work/wall"
    field maxAfterGcKiB >>"$work/after"
  done
  wall_median=$(median <"$work/wall")
  printf 'median    %-4s %9.2f %12.0f %5s %6s %16s\n' "" "$wall_median" "$(echo "$n / $wall_median" | bc -l)" "" "" \
    "$(median <"$work/after")"
  rm -f "$input"
done
