//! Entry point of the browser app (built by trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    callback_lab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "callback-lab is a browser app: build it with `trunk build`, or use the `flowlab` CLI."
    );
    std::process::exit(2);
}
