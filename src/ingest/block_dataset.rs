//! A finished ingest before its lists are made whole: its events and requests still in
//! the blocks they were collected in ([`BlockList`]), and the events' order (by
//! conversation, then time) as a list of positions, applied in place when the dataset
//! is made ([`BlockDataset::into_dataset`]), so no event is copied.

use super::blocks::BlockList;
use crate::model::{CheckRun, Conversation, Dataset, Diagnostics, Event, FileReport, PartSizes, Request, Texts};

pub struct BlockDataset {
    conversations: Vec<Conversation>,
    events: BlockList<Event>,
    /// Positions of the events in conversation and time order; `None` when they were
    /// collected in that order.
    order: Option<Vec<u32>>,
    requests: BlockList<Request>,
    checks: Vec<CheckRun>,
    texts: Texts,
    files: Vec<FileReport>,
    diagnostics: Diagnostics,
    prices_label: String,
}

impl BlockDataset {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        conversations: Vec<Conversation>,
        events: BlockList<Event>,
        requests: BlockList<Request>,
        checks: Vec<CheckRun>,
        texts: Texts,
        files: Vec<FileReport>,
        diagnostics: Diagnostics,
        prices_label: String,
    ) -> Self {
        let order = (!events.iter().is_sorted_by_key(Event::order_key)).then(|| {
            // A stable sort of the positions: events with equal keys keep the order
            // they were read in, as a stable sort of the events would.
            let mut order: Vec<u32> = (0..events.len() as u32).collect();
            order.sort_by_key(|position| events[*position as usize].order_key());
            order
        });
        BlockDataset { conversations, events, order, requests, checks, texts, files, diagnostics, prices_label }
    }

    pub fn sizes(&self) -> PartSizes {
        PartSizes { events: self.events.len(), requests: self.requests.len() }
    }

    /// The dataset, its lists made whole (events in order).
    pub fn into_dataset(self) -> Dataset {
        let mut events = self.events.into_vec();
        if let Some(order) = self.order {
            permute(&mut events, order);
        }
        Dataset {
            conversations: self.conversations,
            events,
            requests: self.requests.into_vec(),
            checks: self.checks,
            commits: Vec::new(),
            external: crate::model::External::default(),
            texts: self.texts,
            files: self.files,
            diagnostics: self.diagnostics,
            prices_label: self.prices_label,
        }
    }
}

/// Puts `items[order[i]]` at `i`, in place: each cycle of the permutation is followed
/// once, the item taken from its start carried along by swaps (so the positions sorted
/// once serve both the encoding and the whole dataset, and no event is copied).
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    for start in 0..items.len() {
        let mut current = start;
        loop {
            let source = order[current] as usize;
            // Marks the position done.
            order[current] = current as u32;
            if source == start {
                break;
            }
            items.swap(current, source);
            current = source;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::demo::{generate, DEMO_SEED};
    use crate::ingest::Ingest;
    use crate::pricing::PriceTable;

    /// The demo with each file's lines reversed (so that the events are not collected
    /// in time order and the positions are used).
    fn ingest() -> Ingest {
        let mut ingest = Ingest::new();
        for file in generate(DEMO_SEED) {
            let reversed: String = file.text.lines().rev().map(|line| format!("{line}\n")).collect();
            ingest.begin_file(&file.path, reversed.len() as u64, &file.person);
            ingest.feed(reversed.as_bytes());
            ingest.end_file();
        }
        ingest
    }

    #[test]
    fn a_permutation_puts_each_item_where_the_order_says() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e'];
        super::permute(&mut items, vec![2, 0, 1, 4, 3]);
        assert_eq!(items, ['c', 'a', 'b', 'e', 'd']);
    }

    #[test]
    fn events_read_out_of_order_come_out_in_conversation_and_time_order() {
        let dataset = ingest().finish(PriceTable::embedded());
        assert!(dataset.events.len() > 1000);
        assert!(dataset.events.is_sorted_by_key(crate::model::Event::order_key));
    }
}
