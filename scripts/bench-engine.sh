#!/usr/bin/env bash
# Expression engine benchmark: parse+evaluate of the mission's condition vs minijinja (one run).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --profile speed --example bench_engine
