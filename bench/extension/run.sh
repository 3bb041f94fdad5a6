#!/bin/sh
# Benchmarks the Rightsizer extension layer as Lambda would run it: the real launcher from the built zip,
# driven by the Lambda emulator (register, subscribe, INVOKEs with telemetry, SHUTDOWN), shipping to a local
# accepting Kinesis endpoint. Usage: bench/extension/run.sh [runs] [invocations per run]
set -eu
cd "$(dirname "$0")/../.."
runs=${1:-5}
invocations=${2:-300}
suffix=${BUILD_SUFFIX:--bench}
target="extension/target$suffix"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Dbuild.suffix="$suffix" -pl extension -am package -DskipTests
fi
# -am resolves rightsizer-logs (a test-scope dependency of the extension) from the reactor, not the local repository;
# the extension is built last, so its class path is the one left in the file.
mvn -B -q -Dbuild.suffix="$suffix" -pl extension -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$target/bench-classpath.txt"
java -cp "$target/test-classes:$target/classes:$(cat "$target/bench-classpath.txt")" \
  io.rightsizer.extension.bench.ExtensionBench "$target" "$runs" "$invocations"
echo "results: $target/bench/extension-bench.md"
