#!/usr/bin/env bash
# Serves the app locally with live rebuild: installs whatever is missing first (pinned toolchain,
# trunk, wasm-bindgen-cli, wasm-opt), then runs `trunk serve` on 127.0.0.1.
#   bash scripts/serve.sh            # http://127.0.0.1:8080/
#   PORT=9000 bash scripts/serve.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
port="${PORT:-8080}"
say "serving on http://127.0.0.1:$port/  (Ctrl-C to stop)"
cd "$ROOT"
exec trunk serve --address 127.0.0.1 --port "$port"
