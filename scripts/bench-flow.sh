#!/usr/bin/env bash
# Flow runner benchmark: the mission flow against a 5 MB Search API response (figures of one run).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --profile speed --example bench_flow
