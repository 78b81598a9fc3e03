# shellcheck shell=bash
# Sourced by serve.sh, test.sh and build-release.sh: makes sure the pinned build tools are installed,
# installing only what is missing or at the wrong version. Nothing is downloaded from GitHub: Rust comes
# from rustup, trunk and wasm-bindgen-cli from crates.io (built from source), wasm-opt from npm (binaryen).
#
# Pins live in one place each: the toolchain in rust-toolchain.toml, wasm-bindgen in Cargo.toml (`=X`,
# hence Cargo.lock) and Trunk.toml, trunk here, binaryen in package.json/package-lock.json.

TRUNK_VERSION="0.22.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
# trunk: never phone home, never download tools (a mismatch becomes an error, see check_tool_versions).
export TRUNK_SKIP_VERSION_CHECK=true
export TRUNK_OFFLINE=true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

apt_updated=""
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt-get install ${missing[*]}"
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The version of a package in Cargo.lock (first match).
lock_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' \
    "$ROOT/Cargo.lock"
}

# Prints the first x.y.z found in a command's --version output, or nothing.
tool_version() {
  "$@" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1
}

ensure_rust() {
  if ! command -v rustup >/dev/null 2>&1; then
    apt_install curl ca-certificates build-essential
    say "installing rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain none
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  # rust-toolchain.toml names the channel, target and components; `rustup show` installs them if missing.
  (cd "$ROOT" && rustup show active-toolchain >/dev/null 2>&1) || (cd "$ROOT" && rustup toolchain install)
  (cd "$ROOT" && rustup target list --installed | grep -q wasm32-unknown-unknown) \
    || (cd "$ROOT" && rustup target add wasm32-unknown-unknown)
  [ -f "$ROOT/Cargo.lock" ] || (cd "$ROOT" && cargo generate-lockfile)
}

ensure_cargo_tool() { # crate version binary [extra cargo-install flags]
  local crate=$1 want=$2 bin=$3
  shift 3
  if [ "$(tool_version "$bin")" = "$want" ]; then return 0; fi
  say "cargo install $crate $want (compiles from crates.io; trunk takes ~8 min on 2 cores, once)"
  (cd "$ROOT" && cargo install --quiet "$crate" --version "$want" "$@") || die "could not install $crate $want"
}

ensure_node_modules() {
  if ! command -v npm >/dev/null 2>&1; then apt_install nodejs npm; fi
  # Reinstall when package-lock.json changed since the last `npm ci`.
  local stamp="$ROOT/node_modules/.lock-sha256" want
  want=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "npm ci (wasm-opt from binaryen, Playwright)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
}

# Fails with the fix spelled out when an installed tool does not match its pin; trunk would otherwise
# try to download the right one from GitHub.
check_tool_versions() {
  local bindgen_lock bindgen_trunk opt_trunk have
  bindgen_lock=$(lock_version wasm-bindgen)
  bindgen_trunk=$(grep -E '^wasm_bindgen *=' "$ROOT/Trunk.toml" | grep -oE '[0-9]+\.[0-9]+\.[0-9]+')
  [ -n "$bindgen_lock" ] || die "wasm-bindgen not found in Cargo.lock"
  [ "$bindgen_lock" = "$bindgen_trunk" ] \
    || die "Trunk.toml pins wasm_bindgen = \"$bindgen_trunk\" but Cargo.lock has $bindgen_lock. Fix: set both to the same version (Cargo.toml \`wasm-bindgen = \"=X\"\`, Trunk.toml [tools] wasm_bindgen)."
  have=$(tool_version wasm-bindgen)
  [ "$have" = "$bindgen_lock" ] \
    || die "wasm-bindgen CLI is ${have:-missing}, Cargo.lock needs $bindgen_lock. Fix: cargo install wasm-bindgen-cli --version $bindgen_lock"
  opt_trunk=$(grep -E '^wasm_opt *=' "$ROOT/Trunk.toml" | grep -oE '[0-9]+')
  have=$(wasm-opt --version 2>/dev/null | grep -oE 'version [0-9]+' | grep -oE '[0-9]+')
  [ "$have" = "$opt_trunk" ] \
    || die "wasm-opt is ${have:-missing} ($(command -v wasm-opt || echo 'not on PATH')), Trunk.toml needs version_$opt_trunk. Fix: npm ci (binaryen in package.json), and keep Debian's binaryen off PATH."
  have=$(tool_version trunk)
  [ "$have" = "$TRUNK_VERSION" ] || die "trunk is ${have:-missing}, need $TRUNK_VERSION. Fix: cargo install --locked trunk --version $TRUNK_VERSION"
}

ensure_build_tools() {
  ensure_rust
  ensure_cargo_tool trunk "$TRUNK_VERSION" trunk --locked
  # No --locked: wasm-bindgen-cli's own lock file names a crate release crates.io no longer serves.
  ensure_cargo_tool wasm-bindgen-cli "$(lock_version wasm-bindgen)" wasm-bindgen
  ensure_node_modules
  check_tool_versions
  # trunk runs cargo with --offline: fetch the crates first (a no-op when they are cached).
  (cd "$ROOT" && cargo fetch --quiet)
}
