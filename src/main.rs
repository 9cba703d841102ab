//! The web page's entry point: mount only.

#[cfg(target_arch = "wasm32")]
fn main() {
    session_lens::ui::mount();
}

// Natively there is no page: Trunk builds this binary for wasm32 (README).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the page runs in a browser: build it with `trunk build --release` (README)");
    std::process::exit(2);
}
