//! The sessions list's cells, kept per session base while the base is alive: a base shown
//! before gets its list back as it was, and a new one (another period) formats only the
//! sessions whose facts no live base's list has (a session whose facts a base took from
//! another, narrowed or shared, takes that base's cells by position).

use std::sync::{Arc, Weak};

use super::{BaseId, SessionBase};
use crate::model::Dataset;
use crate::timezone::Tz;
use crate::viewmodel::table_view::{session_cells, Cell};

/// Each session's cells, in the base's session order.
pub type BaseCells = Arc<Vec<Arc<[Cell]>>>;

#[derive(Debug, Default)]
pub struct SessionCells {
    zone: Option<Tz>,
    /// The lists of the bases still alive (held weakly: how many live is up to the base
    /// cache and the dashboard).
    by_base: Vec<(BaseId, Weak<SessionBase>, BaseCells)>,
}

impl SessionCells {
    /// The cells of each of the base's sessions in `zone`.
    pub fn cells(&mut self, dataset: &Dataset, base: &Arc<SessionBase>, zone: Tz) -> BaseCells {
        if self.zone != Some(zone) {
            self.zone = Some(zone);
            self.by_base.clear();
        }
        self.by_base.retain(|(_, kept, _)| kept.strong_count() > 0);
        if let Some((_, _, cells)) = self.by_base.iter().find(|(id, _, _)| *id == base.id) {
            return Arc::clone(cells);
        }
        let list_of = |id: BaseId| self.by_base.iter().find(|(kept, _, _)| *kept == id).map(|(_, _, cells)| cells);
        let cells: BaseCells = Arc::new(
            base.sessions
                .iter()
                .zip(&base.facts_from)
                .map(|(facts, from)| {
                    let kept = from.and_then(|(id, position)| list_of(id)?.get(position as usize));
                    kept.map_or_else(|| session_cells(dataset, facts, zone), Arc::clone)
                })
                .collect(),
        );
        self.by_base.push((base.id, Arc::downgrade(base), Arc::clone(&cells)));
        cells
    }

    /// How many bases' lists are kept.
    pub fn lists_kept(&self) -> usize {
        self.by_base.len()
    }
}
