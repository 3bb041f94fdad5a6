#!/usr/bin/env bash
# Fleet backtest of the sizing policy: a seeded fleet of simulated functions; window 1 is written as `aws logs tail`
# REPORT lines and goes through analyze's parser, fold and policy; window 2 replays the same demand at each rule's
# size (Rightsizer's policy, the seed rule, peak x 1.2) and at the oracle's (window 2's own peak).
# Results: BENCHMARKS.md (Recommendation quality).
#
#   bench/quality/run.sh                                     # seeds 1-5, 200 functions, 14-day windows
#   BENCH_OPTS="-Dseeds=1,2,3 -Dfunctions=400" bench/quality/run.sh
#   BENCH_OPTS="-Dpolicy.SEED_HEADROOM_MB=50" bench/quality/run.sh     # any PolicySettings variable
#   BUILD_SUFFIX=-mine bench/quality/run.sh                  # build output folder suffix (target<suffix>)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd "$here/../.." && pwd -P)"
suffix="${BUILD_SUFFIX:-${RIGHTSIZER_BUILD_SUFFIX:--bench}}"
target="$repo/cli/target$suffix"
cpfile="$target/quality-classpath.txt"

# Compile the CLI and what it is built from, and write its test class path: the reactor's class folders, the
# testing module (the fleet simulator) included. cli is built last, so its class path is the one left.
(cd "$repo" && mvn -B -q -o -Dbuild.suffix="$suffix" -pl testing,cli -am compile \
  dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >/dev/null)

classes="$target/quality-classes"
rm -rf "$classes" && mkdir -p "$classes"
cp="$target/classes:$(cat "$cpfile")"
javac -d "$classes" -cp "$cp" $(find "$here/src" -name '*.java')

java -Xmx1g -XX:+UseParallelGC ${BENCH_OPTS:-} -cp "$classes:$cp" io.rightsizer.bench.quality.QualityBench
