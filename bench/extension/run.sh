#!/bin/sh
# Benchmarks the extension layer as Lambda runs it: the extension started by the Lambda emulator inside a cgroup
# with a function size's CPU share and memory limit (128 MB and 1,769 MB), its files evicted from the page cache
# first, shipping over TLS to a Kinesis stand-in; beside it a floor binary that only registers. Needs root
# (cgroups), Go, a JDK and Maven.
# The JVM extension it replaced was measured side by side in the run of record at commit b5525f5:
# bench/extension/results/2026-12-05-jvm-and-go-side-by-side.md (that commit's run.sh builds both).
# Usage: bench/extension/run.sh [runs]            (default 5; medians; results in extension/target-bench/bench/)
set -eu
cd "$(dirname "$0")/../.."
runs=${1:-5}
suffix=${BUILD_SUFFIX:--bench}
target="extension/target$suffix"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -Dbuild.suffix="$suffix" -pl extension -am package -DskipTests
fi
# -am resolves rightsizer-logs (a test-scope dependency of the extension) from the reactor, not the local repository;
# the extension is built last, so its class path is the one left in the file.
mvn -B -q -Dbuild.suffix="$suffix" -pl extension -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$target/bench-classpath.txt"
# The floor: a static binary that only registers and answers events (what the sandbox and the machine cost).
floor="$PWD/$target/bench/floor/extensions/rightsizer-extension"
(cd bench/extension/floor && CGO_ENABLED=0 GOTOOLCHAIN=local GOPROXY=off \
  go build -trimpath -buildvcs=false -ldflags="-s -w" -o "$floor" .)
java -Daws.cborEnabled=false -cp "$target/test-classes:$(cat "$target/bench-classpath.txt")" \
  io.rightsizer.extension.bench.ExtensionBench "$target" "$runs" \
  "Go binary=$target/rightsizer-extension-layer-x86_64.zip" \
  "floor (registers only)=$floor"
echo "results: $target/bench/extension-bench.md"
