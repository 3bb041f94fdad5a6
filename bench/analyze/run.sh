#!/usr/bin/env bash
# rightsizer analyze on large inputs, as users start it (./rightsizer, with its JVM flags): resident memory, CPU,
# wall time, and the ratio against a mawk one-liner computing the per-day maximum of Max Memory Used on the same
# file, measured in the same run. Prints one row per run and the medians; see BENCHMARKS.md (rightsizer analyze).
#
#   bench/analyze/run.sh                              # 3 runs each of 2M and 20M lines
#   RUNS=5 SIZES="2000000" bench/analyze/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd "$here/../.." && pwd -P)"
runs="${RUNS:-3}"
sizes="${SIZES:-2000000 20000000}"

missing=()
command -v mawk >/dev/null 2>&1 || missing+=("mawk (Debian/Ubuntu: apt-get install mawk)")
[ -x /usr/bin/time ] || missing+=("GNU time at /usr/bin/time (Debian/Ubuntu: apt-get install time)")
command -v python3 >/dev/null 2>&1 || missing+=("python3")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bench/analyze/run.sh: missing: $(IFS=';'; echo "${missing[*]}")" >&2
  exit 1
fi

"$repo/rightsizer" --version >/dev/null   # builds the CLI (and its class-data archive) when needed
work="$(mktemp -d "${TMPDIR:-/tmp}/rightsizer-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The awk job: per UTC day, the highest Max Memory Used (what analyze folds, without the rest of its work).
awk_prog='/REPORT RequestId/ { d = substr($1, 1, 10); if (match($0, /Max Memory Used: [0-9]+/)) {
  v = substr($0, RSTART + 17, RLENGTH - 17) + 0; if (v > m[d]) m[d] = v } } END { for (d in m) print d, m[d] }'

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime | sed 's/.*load average: //'; }

# Runs a command under GNU time; prints "wall cpu maxrss_kib".
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err"
  read -r wall user sys rss <"$work/time"
  echo "$wall $(echo "$user + $sys" | bc -l) $rss"
}

echo "java: $(java -version 2>&1 | head -1); mawk: $(mawk -W version 2>&1 | head -1); cores: $(nproc)"
echo "launcher JVM flags for analyze: -Xms32m -Xmx32m -XX:+UseSerialGC -Xss512k -XX:MaxNodeLimit=30000" \
  "-XX:NodeLimitFudgeFactor=3000, MALLOC_ARENA_MAX=2, class-data archive"
echo "load average at start: $(load)"
printf '%-10s %-6s %-4s %8s %8s %9s %14s %8s %6s %13s\n' lines input run wall_s cpu_s rss_mib lines_per_cpu_s fullgc \
  gcs max_after_gc
for n in $sizes; do
  for shape in tail plain; do
    input="$work/reports-$n-$shape.log"
    if [ "$shape" = plain ]; then
      java "$here/ReportLineGenerator.java" "$n" "$input" plain
    else
      java "$here/ReportLineGenerator.java" "$n" "$input"
    fi
    cat "$input" >/dev/null   # warm the page cache so that every run reads from memory
    : >"$work/wall"; : >"$work/cpu"; : >"$work/rss"; : >"$work/mawk"; : >"$work/ratio"
    for run in $(seq 1 "$runs"); do
      read -r wall cpu rss < <(RIGHTSIZER_JAVA_OPTS="-Xlog:gc*:file=$work/gc.log" measure \
        "$repo/rightsizer" analyze --format json --function bench "$input")
      reports=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["functions"][0]["reports"])' \
        "$work/out")
      if [ "$reports" != "$n" ]; then
        echo "run analysed $reports reports, expected $n" >&2
        exit 1
      fi
      gc=$(python3 "$here/gc_summary.py" "$work/gc.log")
      field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$gc" "$1"; }
      printf '%-10s %-6s %-4s %8.2f %8.2f %9.1f %14.0f %8s %6s %10s KiB\n' "$n" "$shape" "$run" "$wall" "$cpu" \
        "$(echo "$rss / 1024" | bc -l)" "$(echo "$n / $cpu" | bc -l)" "$(field fullGcs)" "$(field gcs)" \
        "$(field maxAfterGcKiB)"
      echo "$wall" >>"$work/wall"; echo "$cpu" >>"$work/cpu"; echo "$rss" >>"$work/rss"
      if [ "$shape" = tail ]; then
        read -r mwall mcpu mrss < <(measure mawk "$awk_prog" "$input")
        printf '%-10s %-6s %-4s %8.2f %8.2f %9.1f   (mawk, per-day max only)\n' "$n" mawk "$run" "$mwall" "$mcpu" \
          "$(echo "$mrss / 1024" | bc -l)"
        echo "$mwall" >>"$work/mawk"
        echo "$wall / $mwall" | bc -l >>"$work/ratio"
      fi
    done
    wall_m=$(median <"$work/wall"); cpu_m=$(median <"$work/cpu"); rss_m=$(median <"$work/rss")
    printf 'median     %-6s      %8.2f %8.2f %9.1f %14.0f   (max rss of the runs: %.1f MiB)\n' "$shape" "$wall_m" "$cpu_m" \
      "$(echo "$rss_m / 1024" | bc -l)" "$(echo "$n / $cpu_m" | bc -l)" "$(echo "$(sort -g "$work/rss" | tail -1) / 1024" | bc -l)"
    if [ "$shape" = tail ]; then
      printf 'median     mawk        %8.2f   analyze/mawk wall ratio: median %.2f\n' "$(median <"$work/mawk")" \
        "$(median <"$work/ratio")"
    fi
    rm -f "$input"
  done
done
echo "load average at end: $(load)"
