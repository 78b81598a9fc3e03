#!/usr/bin/env bash
# Release build into dist/ as GitHub Pages serves it: under PUBLIC_URL (default /callback-lab/), with
# 404.html = index.html so deep links (/callback-lab/lab) load the app.
#   bash scripts/build-release.sh [/callback-lab/]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
public_url="${1:-/callback-lab/}"
cd "$ROOT"
say "trunk build --release --public-url $public_url"
trunk build --release --public-url "$public_url"
cp dist/index.html dist/404.html
rm -f dist/.trunk-lock
