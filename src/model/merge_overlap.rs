//! Where a part being merged may repeat what earlier parts hold, and dropping the
//! repeats by the dedupe keys every event and request keeps (`keys`), with the ingest's
//! own rules (`ingest::builder`): a line read before is skipped; a request read before
//! is one request, the record with more tokens (or the main chain's copy of a side
//! question) kept in the earlier one's place; a line that repeats a request adds no
//! agent message of its own.
//!
//! Lines repeat only between conversations of one project: a conversation itself read
//! twice (the same key), a resumed or forked session's copy (Claude Code writes it into
//! the project's folder), a project copied under another folder name, an export beside
//! the folder it came from. So the merge compares only the conversations of projects
//! both sides have (by path, or by the hashed path an export may carry), and a part
//! that shares none with the earlier ones (the page's workers split by project) is
//! added without looking at its lines.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::keys::hashed_path;
use super::{Conversation, ConversationId, Event, EventKind, Request};

/// The conversations of each project seen so far, by the project's path and by its
/// hashed path (either may be what another part has).
#[derive(Debug, Default)]
pub struct ProjectIndex {
    by_identity: HashMap<String, Vec<ConversationId>>,
    /// Conversations with no project path: they may repeat any.
    without_path: Vec<ConversationId>,
    indexed: usize,
}

fn identities(conversation: &Conversation) -> [String; 2] {
    [conversation.project_path.clone(), hashed_path(&conversation.project_path)]
}

impl ProjectIndex {
    /// Adds the conversations not indexed yet.
    pub fn extend(&mut self, conversations: &[Conversation]) {
        for (index, conversation) in conversations.iter().enumerate().skip(self.indexed) {
            let id = ConversationId(index as u32);
            if conversation.project_path.is_empty() {
                self.without_path.push(id);
                continue;
            }
            for identity in identities(conversation) {
                self.by_identity.entry(identity).or_default().push(id);
            }
        }
        self.indexed = conversations.len();
    }

    /// Which conversations (by merged id) to compare: those of `part` (merged ids of a
    /// part's conversations; some may be earlier ones it joined) that share a project
    /// with the indexed ones, and those indexed ones. `None` when nothing is shared.
    pub fn overlap(&self, conversations: &[Conversation], part: &[ConversationId]) -> Option<Vec<bool>> {
        let mut candidates = vec![false; conversations.len()];
        let mut any = false;
        let mark = |ids: &[ConversationId], candidates: &mut Vec<bool>| {
            for id in ids {
                candidates[id.0 as usize] = true;
            }
        };
        for &id in part {
            let conversation = &conversations[id.0 as usize];
            let is_joined = (id.0 as usize) < self.indexed;
            let mut shared: Vec<&[ConversationId]> = Vec::new();
            if conversation.project_path.is_empty() {
                shared.extend(self.by_identity.values().map(Vec::as_slice));
            } else {
                shared.extend(identities(conversation).iter().filter_map(|identity| self.by_identity.get(identity)).map(Vec::as_slice));
            }
            shared.push(&self.without_path);
            let has_shared = is_joined || shared.iter().any(|ids| !ids.is_empty());
            if has_shared {
                any = true;
                candidates[id.0 as usize] = true;
                for ids in shared {
                    mark(ids, &mut candidates);
                }
            }
        }
        any.then_some(candidates)
    }
}

/// What became of each of a part's requests.
#[derive(Clone, Copy)]
pub(super) enum RequestFate {
    /// Kept, at this index of the merged list (after the repeats are taken out).
    Kept(u32),
    /// A repeat of this earlier request.
    Repeat(u32),
}

/// The earlier request `request` repeats, if any, and whether `request` is the record
/// to keep in its place: the same message and request ids with more tokens, or the
/// main chain's copy of a message an earlier side question replayed.
fn earlier_copy(requests: &[Request], request_keys: &FxHashMap<u64, u32>, message_keys: &FxHashMap<u64, u32>, request: &Request) -> Option<(u32, bool)> {
    if let Some(&kept) = request_keys.get(&request.keys.request) {
        return Some((kept, request.usage.total_tokens() > requests[kept as usize].usage.total_tokens()));
    }
    let kept = *message_keys.get(&request.keys.message)?;
    let kept_request = &requests[kept as usize];
    (kept_request.is_sidechain != request.is_sidechain).then_some((kept, kept_request.is_sidechain))
}

/// The index of the earlier request (among those `index` holds) that the request at
/// `position` repeats, if any; when the repeat is the record to keep (more tokens, or
/// the main chain's copy), it is put in the earlier one's place.
pub(super) fn repeat_of(requests: &mut [Request], position: usize, index: &RepeatIndex) -> Option<u32> {
    let (kept, is_better) = earlier_copy(requests, &index.request_keys, &index.message_keys, &requests[position])?;
    if is_better {
        requests[kept as usize] = requests[position].clone();
    }
    Some(kept)
}

/// Whether an event of a part stays, given what became of the part's requests
/// (`fate_of` a request's index as appended; `None` for another part's): an agent
/// message of a repeated request goes, and a kept event's reference follows its request.
pub(super) fn follow_request(kind: &mut EventKind, fate_of: impl Fn(u32) -> Option<RequestFate>) -> bool {
    match kind {
        EventKind::AgentMessage { request: Some(index), .. } => match fate_of(*index) {
            Some(RequestFate::Repeat(_)) => false,
            Some(RequestFate::Kept(kept)) => {
                *index = kept;
                true
            }
            None => true,
        },
        EventKind::ToolCall { request: Some(index), .. } => {
            if let Some(RequestFate::Repeat(kept) | RequestFate::Kept(kept)) = fate_of(*index) {
                *index = kept;
            }
            true
        }
        _ => true,
    }
}

/// Drops the repeats among the events and requests the part appended (from
/// `events_from` and `requests_from`; its conversations, texts and request references
/// already renumbered into the merged ones, the references as indexes of the merged
/// list as appended). `candidates` from [`ProjectIndex::overlap`].
pub fn drop_repeats(events: &mut Vec<Event>, requests: &mut Vec<Request>, events_from: usize, requests_from: usize, candidates: &[bool]) {
    let is_candidate = |id: ConversationId| candidates.get(id.0 as usize).copied().unwrap_or(false);
    let mut earlier = RepeatIndex::default();
    earlier.add(&events[..events_from], &requests[..requests_from], is_candidate);
    drop_repeats_of(events, requests, events_from, requests_from, is_candidate, &earlier);
}

/// The keys of the lines and requests merged so far, by which a later part's repeats
/// are found (and where the kept request is).
#[derive(Debug, Default)]
pub struct RepeatIndex {
    pub(super) request_keys: FxHashMap<u64, u32>,
    pub(super) message_keys: FxHashMap<u64, u32>,
    pub(super) lines: FxHashSet<u64>,
    events_indexed: usize,
    requests_indexed: usize,
}

impl RepeatIndex {
    /// Adds the keys of `events` and `requests` (whole lists from their start, of which
    /// the earlier calls saw a prefix), of the conversations `is_candidate` says.
    fn add(&mut self, events: &[Event], requests: &[Request], is_candidate: impl Fn(ConversationId) -> bool) {
        for (index, request) in requests.iter().enumerate().skip(self.requests_indexed) {
            if is_candidate(request.conversation) && !request.keys.is_none() {
                self.request_keys.insert(request.keys.request, index as u32);
                self.message_keys.entry(request.keys.message).or_insert(index as u32);
            }
        }
        for event in events.iter().skip(self.events_indexed) {
            if is_candidate(event.conversation) && !event.line.is_none() {
                self.lines.insert(event.line.0);
            }
        }
        self.events_indexed = events.len();
        self.requests_indexed = requests.len();
    }

    /// Adds the keys of kept `events` and `requests` (the latter at `requests_from` of
    /// the list) that are among `lines` and `request_keys`, the only ones a later part
    /// can repeat.
    pub(super) fn add_shared(&mut self, events: &[Event], requests: &[Request], requests_from: usize, lines: &FxHashSet<u64>, request_keys: &FxHashSet<u64>) {
        for (offset, request) in requests.iter().enumerate().filter(|(_, request)| !request.keys.is_none()) {
            let index = (requests_from + offset) as u32;
            if request_keys.contains(&request.keys.request) {
                self.request_keys.insert(request.keys.request, index);
            }
            if request_keys.contains(&request.keys.message) {
                self.message_keys.entry(request.keys.message).or_insert(index);
            }
        }
        let shared_lines = events.iter().filter(|event| !event.line.is_none() && lines.contains(&event.line.0));
        self.lines.extend(shared_lines.map(|event| event.line.0));
    }
}


fn drop_repeats_of(
    events: &mut Vec<Event>,
    requests: &mut Vec<Request>,
    events_from: usize,
    requests_from: usize,
    is_candidate: impl Fn(ConversationId) -> bool,
    earlier: &RepeatIndex,
) {
    let mut fates = Vec::with_capacity(requests.len() - requests_from);
    let mut next_index = requests_from as u32;
    for position in requests_from..requests.len() {
        let request = &requests[position];
        let earlier = if is_candidate(request.conversation) && !request.keys.is_none() { repeat_of(requests, position, earlier) } else { None };
        match earlier {
            Some(kept) => fates.push(RequestFate::Repeat(kept)),
            None => {
                fates.push(RequestFate::Kept(next_index));
                next_index += 1;
            }
        }
    }
    let mut write = requests_from;
    for (offset, fate) in fates.iter().enumerate() {
        if matches!(fate, RequestFate::Kept(_)) {
            requests.swap(write, requests_from + offset);
            write += 1;
        }
    }
    requests.truncate(write);

    let earlier_lines = &earlier.lines;
    let fate_of = |index: u32| index.checked_sub(requests_from as u32).and_then(|offset| fates.get(offset as usize)).copied();
    let mut write = events_from;
    for read in events_from..events.len() {
        let event = &mut events[read];
        if is_candidate(event.conversation) && earlier_lines.contains(&event.line.0) {
            continue;
        }
        if follow_request(&mut event.kind, fate_of) {
            events.swap(write, read);
            write += 1;
        }
    }
    events.truncate(write);
}
