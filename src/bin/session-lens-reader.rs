//! The page's own-thread reader (built by Trunk as a module of its own, loaded by the
//! page only when it reads on its own thread): start only.

#[cfg(target_arch = "wasm32")]
fn main() {
    session_lens::ui::install_page_reader();
}

// Natively there is no page: Trunk builds this binary for wasm32 (README).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the page's reader runs in a browser: build it with `trunk build --release` (README)");
    std::process::exit(2);
}
