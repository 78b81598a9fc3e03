#!/usr/bin/env bash
# The long fuzzing run: every property suite (parsers and evaluators: expressions, JSON paste and
# JSONPath, Markdown, GraphQL, flow files, stored state) with FUZZ_TARGET_CASES cases per suite
# (split evenly over its properties) instead of the few hundred of the normal test command. Prints
# the cases executed per suite.
#   bash scripts/fuzz.sh                          # 1 000 000 cases per suite
#   FUZZ_TARGET_CASES=20000 bash scripts/fuzz.sh  # a quick run
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
ensure_rust
target_cases="${FUZZ_TARGET_CASES:-1000000}"
status=0
for suite in engine_props flow_props flat_json_props flowcheck_import guide_security sim_search sim_exercises sim_session lab_model storage_registry lab_storage; do
  [ -f "tests/$suite.rs" ] || continue
  properties=$(node scripts/count-properties.mjs "tests/$suite.rs")
  # Rounded up, so every suite runs at least FUZZ_TARGET_CASES cases in all.
  export FUZZ_CASES=$(((target_cases + properties - 1) / properties))
  start=$(date +%s)
  say "$suite: $properties properties x $FUZZ_CASES cases"
  if cargo test --quiet --profile speed --test "$suite" -- --test-threads 2 >"target/fuzz-$suite.log" 2>&1; then
    echo "$suite: ok, $((properties * FUZZ_CASES)) cases in $(($(date +%s) - start)) s"
  else
    status=1
    tail -n 30 "target/fuzz-$suite.log"
    echo "$suite: FAILED (log: target/fuzz-$suite.log)"
  fi
done
exit $status
