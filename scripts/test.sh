#!/usr/bin/env bash
# Runs ALL tests, installing what they need first (build tools, Chromium + ChromeDriver, openssl, npm
# packages from package-lock.json). Every suite runs even if an earlier one failed; the last line sums them all:
#   N passed, N failed
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

ensure_build_tools
# openssl: e2e/mock-webex.mjs (the HTTPS Search API stand-in for "Run live") makes its certificate.
apt_install chromium chromium-driver openssl
export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TERM_COLOR=never

LOGS="$ROOT/target/test-logs"
mkdir -p "$LOGS"
passed=0
failed=0
failures=()

# A check that is not a test runner (fmt, clippy, size budget) counts as one test.
check() { # name command...
  local name=$1
  shift
  say "$name"
  if "$@" >"$LOGS/$name.log" 2>&1; then
    passed=$((passed + 1))
  else
    cat "$LOGS/$name.log"
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

# A cargo test run: sums its `test result:` lines; a run that fails without them (a build error) is one failure.
cargo_suite() { # name command...
  local name=$1 log p f status
  shift
  say "$name"
  log="$LOGS/$name.log"
  "$@" 2>&1 | tee "$log" | grep -E '^(test result:|error|failures:|---- |JSONPath Compliance Test Suite|SKIPPED)' || true
  status=${PIPESTATUS[0]}
  p=$(grep -oE 'test result: [A-Za-z]+\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
  f=$(grep -E '^test result:' "$log" | grep -oE '[0-9]+ failed' | awk '{s += $1} END {print s + 0}')
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    tail -n 40 "$log"
    failed=$((failed + 1))
  fi
  [ "$status" -eq 0 ] || failures+=("$name")
}

# cargo without -p means the workspace's default members: the app and its crates (crates/*), not the
# vendored jsonpath-rust, which has its own clippy and test lines.
check fmt cargo fmt --all --check
# One stable sort (clippy.toml's disallowed-methods) is checked where it matters, in the wasm:
# native-only code (the CLI, the native tests) may use the standard sorts.
check clippy-native cargo clippy --all-targets --locked -- -D warnings -A clippy::disallowed_methods
check clippy-wasm32 cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
# The vendored jsonpath-rust (upstream allows all warnings; its iregexp module does not).
check clippy-jsonpath-rust cargo clippy -p jsonpath-rust --all-targets --locked -- -D warnings -A clippy::disallowed_methods
cargo_suite native-tests cargo test --locked
# The vendored jsonpath-rust with its I-Regexp matcher and its parser (property tests against the
# regex crate and upstream's pest parser).
cargo_suite jsonpath-rust-tests cargo test --locked -p jsonpath-rust
# Every browser suite: tests/web*.rs.
web_suites=()
for f in tests/web*.rs; do web_suites+=(--test "$(basename "$f" .rs)"); done
cargo_suite wasm-browser-tests cargo test --locked --target wasm32-unknown-unknown "${web_suites[@]}"

# End to end: the release build served under /callback-lab/ exactly as GitHub Pages serves it.
say "release build"
if bash scripts/build-release.sh /callback-lab/ >"$LOGS/release-build.log" 2>&1; then
  passed=$((passed + 1))
  bash scripts/size-report.sh
  # A regression guard (README "Size"): the first load in KB gzip.
  check size-budget bash scripts/size-report.sh --budget 730
  say "e2e (Playwright, headless Chromium)"
  npx playwright test 2>&1 | tee "$LOGS/e2e.log" | grep -vE '^\s*$' | tail -n 300
  e2e=$(node e2e/summary.mjs test-results/e2e.json 2>/dev/null || echo "0 1")
  read -r p f <<<"$e2e"
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$f" -eq 0 ] || failures+=("e2e")
else
  tail -n 40 "$LOGS/release-build.log"
  failed=$((failed + 1))
  failures+=("release-build")
fi

[ ${#failures[@]} -eq 0 ] || echo "failed suites: ${failures[*]} (logs in target/test-logs/)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
