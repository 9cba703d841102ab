//! The sessions list's cells, kept per session while its facts are alive: a period shown
//! before (or one sharing most sessions with it) lists its sessions without formatting
//! 100k rows again.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::session_facts::SessionFacts;
use super::table_view::{session_cells, Cell};
use crate::model::Dataset;
use crate::timezone::Tz;

#[derive(Debug, Default)]
pub struct SessionCells {
    zone: Option<Tz>,
    /// By the address of the facts, which the entry keeps alive (so the address is not
    /// reused while it is a key).
    kept: HashMap<usize, (Arc<SessionFacts>, Arc<[Cell]>)>,
}

impl SessionCells {
    /// The cells of each session, made only for sessions not seen before in this zone.
    /// Entries of facts nobody else holds any more are let go first.
    pub fn cells(&mut self, dataset: &Dataset, sessions: &[Arc<SessionFacts>], zone: Tz) -> Vec<Arc<[Cell]>> {
        if self.zone != Some(zone) {
            self.zone = Some(zone);
            self.kept.clear();
        }
        self.kept.retain(|_, (facts, _)| Arc::strong_count(facts) > 1);
        sessions
            .iter()
            .map(|facts| {
                let (_, cells) = self
                    .kept
                    .entry(Arc::as_ptr(facts) as usize)
                    .or_insert_with(|| (Arc::clone(facts), session_cells(dataset, facts, zone)));
                Arc::clone(cells)
            })
            .collect()
    }

    /// Sessions with cells kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }
}
