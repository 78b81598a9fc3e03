#!/usr/bin/env bash
# Prints the gzip size of every file in dist/ and the total a first visit downloads.
# With --budget KB, exits 1 when that total is over budget.
set -euo pipefail
dist="${DIST:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/dist}"
budget=""
[ "${1:-}" = "--budget" ] && budget="${2:?--budget needs a size in KB}"
[ -d "$dist" ] || { echo "no dist/: run scripts/build-release.sh first" >&2; exit 1; }
total=0
printf '%-48s %10s %10s\n' file bytes gzip
while IFS= read -r f; do
  rel="${f#"$dist"/}"
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-48s %10d %10d\n' "$rel" "$raw" "$gz"
  # 404.html is a copy of index.html that only deep links fetch.
  case "$rel" in 404.html) ;; *) total=$((total + gz)) ;; esac
done < <(find "$dist" -type f | sort)
printf '%-48s %10s %10d  (%d.%d KB gzip)\n' "first-load total" "" "$total" $((total / 1024)) $(((total % 1024) * 10 / 1024))
if [ -n "$budget" ] && [ "$total" -gt $((budget * 1024)) ]; then
  echo "over budget: $total bytes gzip > $budget KB" >&2
  exit 1
fi
