#!/usr/bin/env bash
# The size floor of the stack: a Yew (CSR) app with one button, one input and serde_json, built with
# the app's release profile, wasm-bindgen and `wasm-opt -Oz` exactly as trunk builds the app, and the
# app's own Cargo.lock (same crate versions). Prints the gzip size of its wasm and JS glue.
#   bash scripts/size-floor.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_build_tools
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cat >"$work/Cargo.toml" <<'EOF'
[package]
name = "yew-floor"
version = "0.1.0"
edition = "2021"

[dependencies]
yew = { version = "0.23", features = ["csr"] }
wasm-bindgen = "=0.2.130"
web-sys = { version = "0.3", features = ["HtmlInputElement"] }
serde_json = "1"

[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"

[workspace]
EOF
cat >"$work/src/main.rs" <<'EOF'
use yew::prelude::*;

#[function_component]
fn App() -> Html {
    let clicks = use_state(|| 0u32);
    let text = use_state(String::new);
    let onclick = {
        let clicks = clicks.clone();
        move |_| clicks.set(*clicks + 1)
    };
    let oninput = {
        let text = text.clone();
        move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            text.set(input.value());
        }
    };
    let parsed = serde_json::from_str::<serde_json::Value>(&text)
        .map(|v| v.to_string())
        .unwrap_or_else(|e| e.to_string());
    html! { <main><button {onclick}>{ *clicks }</button><input {oninput} /><p>{ parsed }</p></main> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
EOF
cp "$ROOT/Cargo.lock" "$work/Cargo.lock"
# The app's pinned toolchain (with its wasm32 target), not whatever rustup's default is outside the repo.
cp "$ROOT/rust-toolchain.toml" "$work/rust-toolchain.toml"
# `cargo build` trims the copied lock file to this crate's dependencies, at the app's versions.
(cd "$work" && CARGO_TARGET_DIR="$work/target" cargo build --quiet --release --target wasm32-unknown-unknown)
wasm-bindgen --target web --no-typescript --out-dir "$work/out" \
  "$work/target/wasm32-unknown-unknown/release/yew-floor.wasm"
# The WebAssembly features rustc's wasm32 target emits by default.
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  "$work/out/yew-floor_bg.wasm" -o "$work/out/opt.wasm"
wasm=$(gzip -9 -c "$work/out/opt.wasm" | wc -c)
js=$(gzip -9 -c "$work/out/yew-floor.js" | wc -c)
printf 'Yew + serde_json floor: wasm %d B raw, %d B gzip; JS glue %d B gzip; total %d.%d KB gzip\n' \
  "$(stat -c %s "$work/out/opt.wasm")" "$wasm" "$js" $(((wasm + js) / 1024)) $((((wasm + js) % 1024) * 10 / 1024))
