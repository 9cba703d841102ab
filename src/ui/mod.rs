//! The page: a thin Leptos layer over the core. Components read the shared state,
//! call pure builders from `viewmodel` inside memos, and render. Only this module
//! knows about leptos and web-sys.

mod app;
mod assemble;
mod blob_source;
mod browser;
mod components;
mod download;
mod drop;
mod drop_handles;
mod drop_later;
mod drop_walk;
mod file_parts;
mod ingest_worker;
mod keeping;
mod kept_db;
mod loader;
mod open_session;
mod pacer;
mod page_reader;
mod panels;
mod picked_file;
mod read_ahead;
mod read_job;
mod reader_host;
mod state;
mod url;
mod worker_host;
mod zones;

/// Mounts the dashboard on the page's body.
pub fn mount() {
    zones::install();
    leptos::mount::mount_to_body(app::App);
}

/// Runs the ingest worker (inside a Web Worker).
pub fn run_ingest_worker() {
    ingest_worker::run();
}

/// Installs the page's own-thread reader (a wasm module of its own, on the page's thread).
pub fn install_page_reader() {
    if let Err(reason) = page_reader::install() {
        web_sys::console::error_1(&format!("the page's reader could not start: {reason}").into());
    }
}
