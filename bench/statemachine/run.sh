#!/usr/bin/env bash
# Runs every path of statemachine/rightsizer.asl.json in moto with the real evaluate/apply handlers and reports,
# per path: billed state transitions, Step Functions cost per function window, history events, the largest state
# input, apply-fn's Lambda control-plane calls per change, and the median wall time in moto.
# Usage: bench/statemachine/run.sh [runs] [maven flags...]
#   e.g. bench/statemachine/run.sh 5 -o          (needs moto_server 5.2.x on the PATH)
# Writes bench/statemachine/target/results.md (git-ignored), or $BENCH_OUT when set.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
shift $(( $# > 0 ? 1 : 0 ))
out="${BENCH_OUT:-$PWD/bench/statemachine/target/results.md}"
mkdir -p "$(dirname "$out")"
mvn -B -q "$@" -Dbuild.suffix="${BUILD_SUFFIX:--bench}" -pl statemachine -am verify \
  -Dtest=StateMachineBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.runs="$runs" -Dbench.out="$out"
cat "$out"
