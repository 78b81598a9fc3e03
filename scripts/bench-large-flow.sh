#!/usr/bin/env bash
# Times import, check, lay-out, summary and a run of flows up to the limits (2 000 activities,
# 10 000 links, cycles everywhere), and the import of hostile files (goal: a message within 1 s).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec cargo run --quiet --profile speed --example bench_large_flow
