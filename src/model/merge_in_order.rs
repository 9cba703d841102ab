//! Repeats among parts merged in their files' order (kept history, a part per file),
//! dropped once every part has been appended: where two parts hold a line or a request
//! with the same key, the first part's copy stays, with the ingest's rules
//! (`merge_overlap::repeat_of`), as one ingest of all the files would have it.
//!
//! Looking each part up in an index of every key merged before it would hold a hash
//! table of every line and request of the dataset (64 MB at 100,000 sessions). Only keys
//! that more than one part holds can ever be found there, and they are few (a resumed
//! session's copy, an export beside its folder), so each part's distinct keys are noted
//! as it comes (8 bytes a key), sorted once at the end to find the shared ones, and only
//! those are indexed while the lists are walked part by part and closed up.

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::merge_overlap::{follow_request, repeat_of, RepeatIndex, RequestFate};
use super::{Event, Request};

/// What the merge notes of each part until the repeats are dropped.
#[derive(Debug, Default)]
pub struct InOrderRepeats {
    /// Each part's events and requests, as appended.
    parts: Vec<(Range<usize>, Range<usize>)>,
    /// Each part's distinct line keys, part after part.
    line_keys: Vec<u64>,
    /// Each part's distinct request and message keys, part after part.
    request_keys: Vec<u64>,
}

/// Sorts the keys from `start` on and leaves each once.
fn distinct_from(keys: &mut Vec<u64>, start: usize) {
    keys[start..].sort_unstable();
    let mut write = start;
    for read in start..keys.len() {
        if write == start || keys[read] != keys[write - 1] {
            keys[write] = keys[read];
            write += 1;
        }
    }
    keys.truncate(write);
}

/// The keys that occur more than once (each part's keys are distinct, so: in more than
/// one part).
fn shared(mut keys: Vec<u64>) -> FxHashSet<u64> {
    keys.sort_unstable();
    keys.windows(2).filter(|pair| pair[0] == pair[1]).map(|pair| pair[0]).collect()
}

impl InOrderRepeats {
    /// Room for the keys of parts holding `events` and `requests` in all (upper bounds).
    pub fn with_capacity(events: usize, requests: usize) -> Self {
        InOrderRepeats { parts: Vec::new(), line_keys: Vec::with_capacity(events), request_keys: Vec::with_capacity(2 * requests) }
    }

    /// Notes a part appended at `events` and `requests` of the merged lists.
    pub fn note_part(&mut self, all_events: &[Event], all_requests: &[Request], events: Range<usize>, requests: Range<usize>) {
        let start = self.line_keys.len();
        self.line_keys.extend(all_events[events.clone()].iter().filter(|event| !event.line.is_none()).map(|event| event.line.0));
        distinct_from(&mut self.line_keys, start);
        let start = self.request_keys.len();
        for request in all_requests[requests.clone()].iter().filter(|request| !request.keys.is_none()) {
            self.request_keys.extend([request.keys.request, request.keys.message]);
        }
        distinct_from(&mut self.request_keys, start);
        self.parts.push((events, requests));
    }

    /// Drops every part's repeats of the parts before it and closes up the lists
    /// (references to requests follow them).
    pub fn drop_repeats(self, events: &mut Vec<Event>, requests: &mut Vec<Request>) {
        let shared_lines = shared(self.line_keys);
        let shared_requests = shared(self.request_keys);
        let mut index = RepeatIndex::default();
        let (mut event_write, mut request_write) = (0, 0);
        let mut fates: Vec<RequestFate> = Vec::new();
        for (part_events, part_requests) in self.parts {
            let (events_kept_from, requests_kept_from) = (event_write, request_write);
            fates.clear();
            for position in part_requests.clone() {
                let earlier = if requests[position].keys.is_none() { None } else { repeat_of(requests, position, &index) };
                match earlier {
                    Some(kept) => fates.push(RequestFate::Repeat(kept)),
                    None => {
                        requests.swap(request_write, position);
                        fates.push(RequestFate::Kept(request_write as u32));
                        request_write += 1;
                    }
                }
            }
            let fate_of = |appended: u32| appended.checked_sub(part_requests.start as u32).and_then(|offset| fates.get(offset as usize)).copied();
            for read in part_events {
                let event = &mut events[read];
                if index.lines.contains(&event.line.0) {
                    continue;
                }
                if follow_request(&mut event.kind, fate_of) {
                    events.swap(event_write, read);
                    event_write += 1;
                }
            }
            index.add_shared(&events[events_kept_from..event_write], &requests[requests_kept_from..request_write], requests_kept_from, &shared_lines, &shared_requests);
        }
        events.truncate(event_write);
        requests.truncate(request_write);
    }
}
