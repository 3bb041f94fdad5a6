#!/usr/bin/env bash
# Parse + fold throughput of the usage parsers (io.rightsizer.logs) on synthetic, seeded inputs.
# Usage: bench/parse/run.sh [reportLines=2000000] [jsonEvents=1000000] [runs=7]
# Env: BUILD_SUFFIX (Maven build.suffix, default -parse), JAVA_OPTS (default -Xmx64m -XX:+UseSerialGC:
# a heap far smaller than the inputs, so a run also shows the parsers stream).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
suffix="${BUILD_SUFFIX:--parse}"
report_lines="${1:-2000000}"
json_events="${2:-1000000}"
runs="${3:-7}"

cd "$root"
cp_file="$(mktemp)"
# -am builds the domain too; logs is built last, so its class path (domain's classes included) is the one left.
mvn -B -o -q -Dbuild.suffix="$suffix" -pl logs -am compile dependency:build-classpath \
    -Dmdep.includeScope=compile -Dmdep.outputFile="$cp_file" >/dev/null
classpath="$root/logs/target$suffix/classes:$(cat "$cp_file")"
rm -f "$cp_file"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -d "$work/classes" -cp "$classpath" "$here"/src/io/rightsizer/bench/parse/*.java
# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xmx64m -XX:+UseSerialGC} -cp "$work/classes:$classpath" \
    io.rightsizer.bench.parse.ParseBench "$work/data" "$report_lines" "$json_events" "$runs"
