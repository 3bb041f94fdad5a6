#!/usr/bin/env bash
# Runs cfn-lint (1.x) on every template of a synthesised cloud assembly. No error is acceptable; a warning or
# informational finding is accepted only when its rule is listed, with its reason, in cfn-lint-accepted.txt.
# Usage: bash cdk/cfn-lint.sh <cdk.out dir>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: cfn-lint.sh <cdk.out dir>}"

accepted=()
while read -r rule reason; do
  [[ -z "$rule" || "$rule" == \#* ]] && continue
  if [[ "$rule" == E* ]]; then
    echo "cfn-lint.sh: $rule is an error; errors cannot be accepted" >&2
    exit 1
  fi
  if [[ -z "$reason" ]]; then
    echo "cfn-lint.sh: $rule is accepted without a reason in cfn-lint-accepted.txt" >&2
    exit 1
  fi
  accepted+=(--ignore-checks "$rule")
done < "$here/cfn-lint-accepted.txt"

shopt -s nullglob
templates=("$out"/*.template.json)
if (( ${#templates[@]} == 0 )); then
  echo "cfn-lint.sh: no templates in $out" >&2
  exit 1
fi
# Any finding not accepted above fails the run (cfn-lint exits non-zero for errors, warnings and informational ones).
cfn-lint "${accepted[@]}" -- "${templates[@]}"
echo "cfn-lint.sh: ${#templates[@]} template(s) in $out: no errors, no unaccepted findings"
