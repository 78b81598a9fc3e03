#!/usr/bin/env bash
# Times every parser on the hostile inputs (bad-input catalogue); goal ≤ 100 ms each.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec cargo run --quiet --profile speed --example bench_inputs
