//! The sessions list's cells, kept per session while its facts are alive and per session
//! base: a base shown before gets its list back as it was, and a new one (another
//! period) formats only the sessions no earlier base had. A base narrowed from a kept
//! one takes its sessions' cells from that one's list by position.

use std::sync::{Arc, Weak};

use rustc_hash::FxHashMap as HashMap;

use super::dashboard::SessionBase;
use super::narrowed_base::SPLIT_AGAIN;
use super::session_facts::SessionFacts;
use super::table_view::{session_cells, Cell};
use crate::model::Dataset;
use crate::timezone::Tz;

/// Each session's cells, in the base's session order.
pub type BaseCells = Arc<Vec<Arc<[Cell]>>>;

#[derive(Debug, Default)]
pub struct SessionCells {
    zone: Option<Tz>,
    /// By the address of the facts, which the entry keeps alive (so the address is not
    /// reused while it is a key).
    by_facts: HashMap<usize, (Arc<SessionFacts>, Arc<[Cell]>)>,
    /// The lists of the bases still alive (held weakly: how many live is up to the base
    /// cache and the dashboard; a base's address is not reused while this remembers it).
    by_base: Vec<(Weak<SessionBase>, BaseCells)>,
    /// Entries in `by_facts` after it was last cleared of facts nobody holds.
    kept_after_clearing: usize,
}

impl SessionCells {
    /// The cells of each of the base's sessions in `zone`.
    pub fn cells(&mut self, dataset: &Dataset, base: &Arc<SessionBase>, zone: Tz) -> BaseCells {
        if self.zone != Some(zone) {
            self.zone = Some(zone);
            self.by_facts.clear();
            self.by_base.clear();
            self.kept_after_clearing = 0;
        }
        self.by_base.retain(|(kept, _)| kept.strong_count() > 0);
        let weak = Arc::downgrade(base);
        if let Some((_, cells)) = self.by_base.iter().find(|(kept, _)| Weak::ptr_eq(kept, &weak)) {
            return Arc::clone(cells);
        }
        // Entries of facts nobody else holds any more go, once they could be half the map.
        if self.by_facts.len() > 2 * self.kept_after_clearing.max(base.sessions.len()) {
            self.by_facts.retain(|_, (facts, _)| Arc::strong_count(facts) > 1);
            self.kept_after_clearing = self.by_facts.len();
        }
        let wider = base.origin.as_ref().and_then(|origin| {
            let (_, cells) = self.by_base.iter().find(|(kept, _)| Weak::ptr_eq(kept, &origin.wider))?;
            Some((Arc::clone(cells), origin.indexes.as_slice()))
        });
        let by_facts = &mut self.by_facts;
        let cells: BaseCells = Arc::new(
            base.sessions
                .iter()
                .enumerate()
                .map(|(index, facts)| {
                    let in_wider = wider.as_ref().and_then(|(cells, indexes)| cells.get(*indexes.get(index).filter(|at| **at != SPLIT_AGAIN)? as usize));
                    match in_wider {
                        Some(cells) => Arc::clone(cells),
                        None => {
                            let (_, cells) =
                                by_facts.entry(Arc::as_ptr(facts) as usize).or_insert_with(|| (Arc::clone(facts), session_cells(dataset, facts, zone)));
                            Arc::clone(cells)
                        }
                    }
                })
                .collect(),
        );
        self.by_base.push((weak, Arc::clone(&cells)));
        cells
    }

    /// Sessions with cells kept.
    pub fn len(&self) -> usize {
        self.by_facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_facts.is_empty()
    }
}
