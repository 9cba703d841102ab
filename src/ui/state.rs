//! The page's shared state: one signal for the loaded dataset (behind an `Arc`, never
//! one signal per event), the load phase, progress and the settings.

use std::sync::Arc;

use leptos::prelude::*;

use crate::metrics::Settings;
use crate::model::Dataset;

/// What the app root's `data-state` says.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Empty,
    Loading,
    Ready,
    Error(String),
}

impl Phase {
    pub fn data_state(&self) -> &'static str {
        match self {
            Phase::Empty => "empty",
            Phase::Loading => "loading",
            Phase::Ready => "ready",
            Phase::Error(_) => "error",
        }
    }
}

/// Bytes read so far of the bytes to read.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub done_bytes: u64,
    pub total_bytes: u64,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub phase: RwSignal<Phase>,
    pub progress: RwSignal<Progress>,
    pub dataset: RwSignal<Option<Arc<Dataset>>>,
    pub settings: RwSignal<Settings>,
}

impl AppState {
    pub fn new(settings: Settings) -> Self {
        AppState {
            phase: RwSignal::new(Phase::Empty),
            progress: RwSignal::new(Progress::default()),
            dataset: RwSignal::new(None),
            settings: RwSignal::new(settings),
        }
    }
}
