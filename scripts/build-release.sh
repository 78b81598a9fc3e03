#!/usr/bin/env bash
# Release build into dist/ as GitHub Pages serves it: under PUBLIC_URL (default /callback-lab/): every
# route prerendered (index.html, lab.html, exercises.html, m.html and each mission's m/<slug>.html,
# m/<slug>/lab.html, m/<slug>/exercises.html: GitHub Pages serves `lab.html` for
# /callback-lab/lab), and 404.html, the empty page, for any other address (guide/<slug> included).
#   bash scripts/build-release.sh [/callback-lab/]
#   DIST=/tmp/dist-x bash scripts/build-release.sh   # another output folder (parallel work)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
public_url="${1:-/callback-lab/}"
cd "$ROOT"
say "trunk build --release --public-url $public_url"
dist="${DIST:-$ROOT/dist}"
trunk build --release --public-url "$public_url" --dist "$dist"
rm -f "$dist/.trunk-lock"
# Every route's first view, rendered natively by the app's own components (Yew SSR); the app hydrates it.
say "prerender $public_url"
cargo run --quiet --locked --bin prerender -- "$dist" "$public_url"
# Service worker (offline), Content-Security-Policy, and 404.html = index.html for deep links.
node scripts/offline-build.mjs "$dist"
