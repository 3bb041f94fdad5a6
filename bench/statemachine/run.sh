#!/usr/bin/env bash
# Runs every path of statemachine/rightsizer.asl.json in moto with the real evaluate/apply handlers and reports,
# per path: billed state transitions, Step Functions cost per function window, history events, the largest state
# input, apply-fn's Lambda control-plane calls per change, and the median wall time in moto.
# Usage: bench/statemachine/run.sh [runs]   (needs moto_server 5.2.x on the PATH; writes bench/statemachine/results.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
out="$PWD/bench/statemachine/results.md"
mvn -B -o -q -Dbuild.suffix="${BUILD_SUFFIX:--bench}" -pl statemachine -am verify \
  -Dtest=StateMachineBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.runs="$runs" -Dbench.out="$out"
cat "$out"
