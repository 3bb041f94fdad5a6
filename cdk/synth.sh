#!/usr/bin/env bash
# Synthesises the Rightsizer app with the real CDK CLI (pinned in package.json), with no network when the machine
# lets us take it away, validates the templates against the CloudFormation resource specification, and runs cfn-lint
# on them (cfn-lint.sh: no errors, warnings only as accepted in cfn-lint-accepted.txt).
# Run after the Maven build: mvn -B package -DskipTests && bash cdk/synth.sh
# A build made with -Dbuild.suffix=X: RIGHTSIZER_BUILD_SUFFIX=X bash cdk/synth.sh
set -euo pipefail
cd "$(dirname "$0")"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 JSII_DEPRECATED=quiet CDK_DISABLE_CLI_TELEMETRY=true

if [[ ! -x node_modules/.bin/cdk || ! -d node_modules/@aws-cdk/aws-service-spec ]]; then
  npm ci --no-audit --no-fund
fi

offline=()
if unshare -n true 2>/dev/null; then
  offline=(unshare -n)   # a fresh network namespace: loopback only
  echo "synth.sh: synthesising with no network"
else
  echo "synth.sh: cannot drop the network here (unshare -n); synthesising without network isolation"
fi

out="target${RIGHTSIZER_BUILD_SUFFIX:-}"
synth() {
  local dir="$1"; shift
  rm -rf "$dir"
  local started=$SECONDS
  "${offline[@]}" env RIGHTSIZER_BUILD_SUFFIX="${RIGHTSIZER_BUILD_SUFFIX:-}" \
    node_modules/.bin/cdk synth --no-notices --quiet --output "$dir" "$@"
  echo "synth.sh: synthesised $dir in $((SECONDS - started)) s"
}

# As users deploy it...
synth "$out/cdk.out"
node validate-template.cjs "$out/cdk.out" Rightsizer
bash cfn-lint.sh "$out/cdk.out"
# ...and with every optional part on (account-level subscription, alarm topic, tuned policy), under another name.
synth "$out/cdk.out-tuned" -c stackName=RightsizerTuned -c accountLogSubscription=true \
  -c alarmTopicArn=arn:aws:sns:us-east-1:111122223333:ops -c windowDays=21 -c maxMemoryMb=3008 -c dryRun=true \
  -c accountSubscriptionMode=apply -c notifyEmail=platform-team@example.com
node validate-template.cjs "$out/cdk.out-tuned" RightsizerTuned
bash cfn-lint.sh "$out/cdk.out-tuned"
echo "synth.sh: OK"
