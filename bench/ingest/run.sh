#!/usr/bin/env bash
# Ingestion benchmark: DynamoDB requests per 1,000 reports (counted against DynamoDB Local in-process) and
# decode+fold throughput (store excluded). Results and the cost model: BENCHMARKS.md (Ingestion).
#
#   bench/ingest/run.sh                                   # a realistic day (100 functions, 288 batches, seeds 1,2,3),
#                                                         # 10 batches x 1000 reports / 20 functions (10 and 1 report(s)
#                                                         # per record), 5 rounds x 3 s
#   BENCH_OPTS="-Dwrites=false -Dthroughput=false" bench/ingest/run.sh   # the realistic day alone
#   BENCH_OPTS="-DdayFunctions=1000 -DreportsPerFunction=11 -DcoldEvery=12" bench/ingest/run.sh
#   BENCH_OPTS="-Dbatches=50 -Drounds=7 -Dseconds=5" bench/ingest/run.sh
#   BUILD_SUFFIX=-mine bench/ingest/run.sh                # build output folder suffix (target<suffix>)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd "$here/../.." && pwd -P)"
suffix="${BUILD_SUFFIX:-${RIGHTSIZER_BUILD_SUFFIX:--bench}}"
target="$repo/ingest-fn/target$suffix"
cpfile="$target/bench-classpath.txt"

# Compile ingest-fn and the modules it is built from, and write its test classpath (the reactor's class folders,
# the testing module's DynamoDB Local included; ingest-fn is built last, so its class path is the one left).
(cd "$repo" && mvn -B -q -o -Dbuild.suffix="$suffix" -pl ingest-fn -am test-compile \
  dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test)

classes="$target/bench-classes"
rm -rf "$classes" && mkdir -p "$classes"
cp="$target/classes:$(cat "$cpfile")"
javac -q -d "$classes" -cp "$cp" $(find "$here/src" -name '*.java') 2>/dev/null || javac -d "$classes" -cp "$cp" $(find "$here/src" -name '*.java')

# Quiet DynamoDB Local and the SDK; the benchmark prints its own table.
java -Xmx512m -XX:+UseParallelGC ${BENCH_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dlog4j2.level=WARN -cp "$classes:$cp" io.rightsizer.ingest.IngestBench 2>&1 | grep --line-buffered -v "^{"
