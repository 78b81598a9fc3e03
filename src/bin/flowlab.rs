//! `flowlab`: the companion's engine on the command line, for proctors and lab authors.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = callback_lab::cli::main(&args, &mut stdout.lock(), &mut stderr.lock());
    std::process::exit(code);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
