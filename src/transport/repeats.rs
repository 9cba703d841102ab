//! Repeats among merged parts, dropped once every part has been appended: where two
//! parts hold a line or a request with the same key, the first part's copy stays (or
//! the later record takes its place), by the rule of `model::dedupe`, as one reading of
//! the files in that order has it.
//!
//! Looking each part up in an index of every key merged before it would hold a hash
//! table of every line and request of the dataset (64 MB at 100,000 sessions). Only keys
//! that more than one part holds can ever be found there, and they are few (a resumed
//! session's copy, an export beside its folder), so each part's distinct keys are noted
//! as it comes (8 bytes a key), sorted once at the end to find the shared ones, and only
//! those are indexed while the lists are walked part by part and closed up.

use std::ops::Range;

use rustc_hash::FxHashSet;

use crate::model::dedupe::{Repeat, RequestIndex};
use crate::model::{Event, EventKind, Request};

/// Where one part's items lie in the merged lists, as appended.
#[derive(Clone, Debug)]
pub struct PartRanges {
    pub events: Range<usize>,
    pub requests: Range<usize>,
    pub eventless: Range<usize>,
}

/// What the merge notes of each part until the repeats are dropped.
#[derive(Debug, Default)]
pub struct InOrderRepeats {
    /// Each part's items, as appended.
    pub parts: Vec<PartRanges>,
    /// Each part's distinct line keys, part after part.
    line_keys: Vec<u64>,
    /// Each part's distinct request and message keys, part after part.
    request_keys: Vec<u64>,
}

/// What became of each of a part's requests.
#[derive(Clone, Copy)]
enum RequestFate {
    /// Kept, at this index of the merged list (after the repeats are taken out).
    Kept(u32),
    /// A repeat of this earlier request.
    Repeat(u32),
    /// Taken out (a replay of another file's history: `joins`).
    Removed,
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

/// Whether an event stays, given what became of its part's requests (`fate_of` a
/// request's index as appended; `None` for another part's): an agent message of a
/// repeated or removed request goes, and a kept event's reference follows its request.
fn follow_request(kind: &mut EventKind, fate_of: impl Fn(u32) -> Option<RequestFate>) -> bool {
    match kind {
        EventKind::AgentMessage { request: Some(index), .. } => match fate_of(*index) {
            Some(RequestFate::Repeat(_) | RequestFate::Removed) => false,
            Some(RequestFate::Kept(kept)) => {
                *index = kept;
                true
            }
            None => true,
        },
        EventKind::ToolCall { request: slot @ Some(_), .. } => {
            match slot.and_then(&fate_of) {
                Some(RequestFate::Repeat(kept) | RequestFate::Kept(kept)) => *slot = Some(kept),
                Some(RequestFate::Removed) => *slot = None,
                None => {}
            }
            true
        }
        _ => true,
    }
}

impl InOrderRepeats {
    /// Room for the keys of parts holding `events` and `requests` in all (upper bounds).
    pub fn with_capacity(events: usize, requests: usize) -> Self {
        InOrderRepeats { parts: Vec::new(), line_keys: Vec::with_capacity(events), request_keys: Vec::with_capacity(2 * requests) }
    }

    /// Notes a part appended at `events` and `requests` of the merged lists (and its
    /// lines without events at `eventless`).
    pub fn note_part(&mut self, all_events: &[Event], all_requests: &[Request], events: Range<usize>, requests: Range<usize>, eventless: Range<usize>) {
        let start = self.line_keys.len();
        self.line_keys.extend(all_events[events.clone()].iter().filter(|event| !event.line.is_none()).map(|event| event.line.0));
        distinct_from(&mut self.line_keys, start);
        let start = self.request_keys.len();
        for request in all_requests[requests.clone()].iter().filter(|request| !request.keys.is_none()) {
            self.request_keys.extend([request.keys.request, request.keys.message]);
        }
        distinct_from(&mut self.request_keys, start);
        self.parts.push(PartRanges { events, requests, eventless });
    }

    /// Drops every part's repeats of the parts before it, and the requests `removed`
    /// (by their index as appended), and closes up the lists (references to requests
    /// follow them).
    pub fn drop_repeats(self, events: &mut Vec<Event>, requests: &mut Vec<Request>, removed: &FxHashSet<u32>) {
        let shared_lines = shared(self.line_keys);
        let shared_requests = shared(self.request_keys);
        let mut index = RequestIndex::default();
        let mut lines: FxHashSet<u64> = FxHashSet::default();
        let (mut event_write, mut request_write) = (0, 0);
        let mut fates: Vec<RequestFate> = Vec::new();
        for part in self.parts {
            let (events_kept_from, requests_kept_from) = (event_write, request_write);
            fates.clear();
            for position in part.requests.clone() {
                if removed.contains(&(position as u32)) {
                    fates.push(RequestFate::Removed);
                    continue;
                }
                let earlier = {
                    let kept: &[Request] = &requests[..request_write];
                    index.find(&requests[position], |at| &kept[at as usize])
                };
                match earlier {
                    Some((kept, choice)) => {
                        index.note_repeat(&requests[position], kept);
                        if choice == Repeat::TakeLater {
                            requests[kept as usize] = requests[position].clone();
                        }
                        fates.push(RequestFate::Repeat(kept));
                    }
                    None => {
                        requests.swap(request_write, position);
                        fates.push(RequestFate::Kept(request_write as u32));
                        request_write += 1;
                    }
                }
            }
            let first_request = part.requests.start as u32;
            let fate_of = |appended: u32| appended.checked_sub(first_request).and_then(|offset| fates.get(offset as usize)).copied();
            for read in part.events {
                let event = &mut events[read];
                if lines.contains(&event.line.0) {
                    continue;
                }
                if follow_request(&mut event.kind, fate_of) {
                    events.swap(event_write, read);
                    event_write += 1;
                }
            }
            let kept_lines = events[events_kept_from..event_write].iter().map(|event| event.line.0);
            lines.extend(kept_lines.filter(|line| *line != 0 && shared_lines.contains(line)));
            for (offset, request) in requests[requests_kept_from..request_write].iter().enumerate() {
                if shared_requests.contains(&request.keys.request) || shared_requests.contains(&request.keys.message) {
                    index.note_kept(request, (requests_kept_from + offset) as u32);
                }
            }
        }
        events.truncate(event_write);
        requests.truncate(request_write);
    }
}
