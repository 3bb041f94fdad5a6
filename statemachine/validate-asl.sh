#!/usr/bin/env bash
# Validates rightsizer.asl.json against the Amazon States Language with asl-validator (pinned in package.json).
# ./test runs it; it needs Node 20+ with npm. The placeholders (${EvaluateFunctionArn}, ...) sit inside strings,
# so the file is checked as written. asl-validator reports errors only; it has no warnings to accept.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -x node_modules/.bin/asl-validator ]]; then
  npm ci --no-audit --no-fund
fi
node_modules/.bin/asl-validator --json-path rightsizer.asl.json
