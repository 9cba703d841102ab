//! Session Lens: AI coding-agent transcripts in, session analytics out.
//!
//! The pipeline runs top to bottom, one module per stage:
//! `ingest` (bytes → a part per file) → `model` (normalised events) → `transport`
//! (parts encoded, merged, joined, priced) and `keep` (kept history) → `sessions`
//! (idle split) → `metrics` (one definition per figure) → `viewmodel` (what a panel
//! shows) → `charts` (drawing on any plotters backend). `ui` is the only module that knows
//! about the browser; everything above it builds and tests natively.

pub mod charts;
// The command line (native only: it reads folders on threads).
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod demo;
pub mod export;
pub mod ingest;
pub mod keep;
pub mod metrics;
pub mod model;
pub mod order;
pub mod pricing;
pub mod sessions;
#[cfg(all(feature = "tables", not(target_arch = "wasm32")))]
pub mod tables;
pub mod timezone;
pub mod transport;
pub mod viewmodel;

// The page (built only for wasm32, with the page's crates).
#[cfg(target_arch = "wasm32")]
pub mod ui;
