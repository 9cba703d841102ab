//! The page's ingest worker (built by Trunk as a Web Worker): start only.

fn main() {
    session_lens::ui::run_ingest_worker();
}
