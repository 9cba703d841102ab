//! The page's ingest worker (built by Trunk as a Web Worker): start only.

#[cfg(target_arch = "wasm32")]
fn main() {
    session_lens::ui::run_ingest_worker();
}

// Natively there is no page: Trunk builds this binary for wasm32 (README).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the page's ingest worker runs in a browser: build it with `trunk build --release` (README)");
    std::process::exit(2);
}
