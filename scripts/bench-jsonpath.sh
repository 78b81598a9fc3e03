#!/usr/bin/env bash
# JSONPath parser benchmark: the hand-written parser (vendor/jsonpath-rust/src/parser/descent.rs)
# against upstream's pest parser (kept as the test oracle) on every selector of the JSONPath
# Compliance Test Suite (../shared/conformance/jsonpath-cts/, or JSONPATH_CTS_DIR). One run, one
# machine: the figure is the ratio, not the absolute times.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec cargo test --quiet --locked --profile speed -p jsonpath-rust --lib parser_speed_against_pest -- --ignored --nocapture
