#!/usr/bin/env bash
# Runs the Rightsizer CDK app (cdk.json points here) on the classpath the Maven build wrote, so `cdk synth` and
# `cdk deploy` need no Maven run of their own. A build made with -Dbuild.suffix=X is used with RIGHTSIZER_BUILD_SUFFIX=X.
set -euo pipefail
cd "$(dirname "$0")"
suffix="${RIGHTSIZER_BUILD_SUFFIX:-}"
target="target${suffix}"
if [[ ! -f "$target/app-classpath.txt" || ! -d "$target/classes/io/rightsizer/cdk" ]]; then
  echo "Rightsizer: the CDK app is not built (no $PWD/$target/classes)." \
       "Build everything first: mvn -B package -DskipTests (from the repository root)." >&2
  exit 1
fi
props=(-Drightsizer.artifacts.root="${RIGHTSIZER_ARTIFACTS_ROOT:-..}")
if [[ -n "${RIGHTSIZER_BUILD_SUFFIX+x}" ]]; then
  props+=(-Drightsizer.build.suffix="$suffix")
fi
exec java "${props[@]}" -cp "$target/classes:$(cat "$target/app-classpath.txt")" io.rightsizer.cdk.RightsizerApp
