#!/usr/bin/env bash
# The long fuzzing run: every property suite (parsers and evaluators: expressions, JSON paste and
# JSONPath, Markdown, GraphQL, flow files, stored state) with FUZZ_CASES cases per property instead of
# the few hundred of the normal test command. Prints the cases executed per suite.
#   bash scripts/fuzz.sh                 # 1 000 000 cases per property
#   FUZZ_CASES=20000 bash scripts/fuzz.sh
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
ensure_rust
export FUZZ_CASES="${FUZZ_CASES:-1000000}"
status=0
for suite in engine_props flow_props flowcheck_import guide_security sim_search sim_exercises lab_model; do
  [ -f "tests/$suite.rs" ] || continue
  properties=$(node scripts/count-properties.mjs "tests/$suite.rs")
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
