#!/usr/bin/env bash
# The long fuzzing run, as `cargo xtask fuzz` (crates/xtask): every property suite (each tests/*.rs
# whose case count comes from support::cases) with FUZZ_TARGET_CASES cases per suite, split evenly
# over its properties. Prints the cases executed per suite.
#   bash scripts/fuzz.sh                          # 1 000 000 cases per suite
#   FUZZ_TARGET_CASES=20000 bash scripts/fuzz.sh  # a quick run
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
ensure_rust
exec cargo xtask fuzz
