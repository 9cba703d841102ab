//! Collects what the format adapters read into one [`Dataset`], and owns every
//! deduplication rule (spec section 2) so that all formats share them:
//! - a line whose `uuid` was already read (resumed or forked sessions, the same folder
//!   dropped twice) is read once;
//! - one API request per `(message id, request id)`, keeping the record with the most
//!   tokens (streamed responses repeat their usage with growing output counts).
//!
//! Ids are remembered as 128-bit keys, not as text: a line `uuid` by its value, any other
//! id by a 128-bit hash of it (two SipHash passes), so that remembering the millions of
//! lines of a multi-GB folder costs no allocation per line. Two different ids would have
//! to share all 128 bits to be confused.

use rustc_hash::FxHashMap as HashMap;

use crate::model::{
    Agent, Conversation, ConversationId, Dataset, Diagnostic, Event, FileReport, Interner, Request, TextId,
};
use crate::pricing::{price_requests, PriceTable};

#[derive(Debug, Default)]
pub struct DatasetBuilder {
    conversations: Vec<Conversation>,
    conversation_ids: HashMap<String, ConversationId>,
    events: Vec<Event>,
    requests: Vec<Request>,
    texts: Interner,
    request_ids: HashMap<IdKey, u32>,
    message_ids: HashMap<IdKey, u32>,
    seen_uuids: HashMap<IdKey, ConversationId>,
    titles: Vec<(String, String)>,
    files: Vec<FileReport>,
    diagnostics: crate::model::Diagnostics,
}

/// An id as 128 bits, in two halves (a `u128` would be aligned to 16 bytes and make
/// every map entry larger).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct IdKey(u64, u64);

impl IdKey {
    /// A line `uuid`: its value when it is a well-formed UUID (every line Claude Code
    /// writes), else a hash of its text.
    fn of_uuid(text: &str) -> IdKey {
        parse_uuid(text).map_or_else(|| IdKey::hashed(&[text]), |value| IdKey((value >> 64) as u64, value as u64))
    }

    /// A 128-bit hash of the parts (kept apart, so `("ab", "c")` differs from `("a", "bc")`).
    fn hashed(parts: &[&str]) -> IdKey {
        use std::hash::{Hash, Hasher};
        let half = |salt: u8| {
            let mut hasher = std::hash::DefaultHasher::new();
            salt.hash(&mut hasher);
            parts.hash(&mut hasher);
            hasher.finish()
        };
        IdKey(half(1), half(2))
    }
}

/// `8-4-4-4-12` hex digits, as a number.
fn parse_uuid(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    if bytes.len() != 36 {
        return None;
    }
    let mut value: u128 = 0;
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 8 | 13 | 18 | 23) {
            if *byte != b'-' {
                return None;
            }
            continue;
        }
        let digit = (*byte as char).to_digit(16)?;
        value = (value << 4) | digit as u128;
    }
    Some(value)
}

/// Whether `upsert_request` created a request or merged into an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upsert {
    New(u32),
    Duplicate(u32),
}

impl DatasetBuilder {
    /// The conversation with this key, created on first sight.
    pub fn conversation(&mut self, key: &str, agent: Agent, person: &str) -> ConversationId {
        if let Some(id) = self.conversation_ids.get(key) {
            return *id;
        }
        let id = ConversationId(self.conversations.len() as u32);
        self.conversations.push(Conversation {
            session_key: key.to_owned(),
            agent,
            project_path: String::new(),
            git_branch: String::new(),
            person: person.to_owned(),
            title: None,
        });
        self.conversation_ids.insert(key.to_owned(), id);
        id
    }

    /// Fills in where a conversation ran, from the first line that says so.
    pub fn note_place(&mut self, id: ConversationId, cwd: Option<&str>, git_branch: Option<&str>) {
        let conversation = &mut self.conversations[id.0 as usize];
        if let Some(cwd) = cwd.filter(|cwd| !cwd.is_empty() && conversation.project_path.is_empty()) {
            conversation.project_path = cwd.to_owned();
        }
        if let Some(branch) = git_branch.filter(|b| !b.is_empty() && conversation.git_branch.is_empty()) {
            conversation.git_branch = branch.to_owned();
        }
    }

    /// True the first time a line `uuid` is seen; later copies are to be skipped.
    pub fn first_sighting(&mut self, uuid: &str, conversation: ConversationId) -> bool {
        match self.seen_uuids.entry(IdKey::of_uuid(uuid)) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(conversation);
                true
            }
        }
    }

    /// The id of a tool name, tool target or model.
    pub fn intern(&mut self, text: &str) -> TextId {
        self.texts.intern(text)
    }

    pub fn push_event(&mut self, event: Event) {
        self.events.push(event);
    }

    /// Adds a request, or merges it into the earlier record of the same response:
    /// - the same `(message id, request id)`: keep whichever record carries more tokens
    ///   (streamed lines repeat the usage, early ones with partial output);
    /// - the same message id under another request id, once on the main chain and once
    ///   on a sidechain: a side-question (`/btw`) replaying the parent's message; the
    ///   main-chain copy is kept.
    /// `ids` are the message id and the request id.
    pub fn upsert_request(&mut self, ids: Option<(&str, &str)>, request: Request) -> Upsert {
        let Some((message_id, request_id)) = ids else {
            self.requests.push(request);
            return Upsert::New(self.requests.len() as u32 - 1);
        };
        let key = IdKey::hashed(&[message_id, request_id]);
        let message_key = IdKey::hashed(&[message_id]);
        if let Some(&index) = self.request_ids.get(&key) {
            let kept = &mut self.requests[index as usize];
            if request.usage.total_tokens() > kept.usage.total_tokens() {
                *kept = request;
            }
            return Upsert::Duplicate(index);
        }
        if let Some(&index) = self.message_ids.get(&message_key) {
            let kept = &mut self.requests[index as usize];
            if kept.is_sidechain != request.is_sidechain {
                if kept.is_sidechain {
                    *kept = request;
                }
                self.request_ids.insert(key, index);
                return Upsert::Duplicate(index);
            }
        }
        self.requests.push(request);
        let index = self.requests.len() as u32 - 1;
        self.message_ids.entry(message_key).or_insert(index);
        self.request_ids.insert(key, index);
        Upsert::New(index)
    }

    /// A title (`summary` line) for whichever conversation holds the `leaf_uuid` line.
    pub fn title(&mut self, leaf_uuid: &str, title: &str) {
        self.titles.push((leaf_uuid.to_owned(), title.to_owned()));
    }

    pub fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn file_report(&mut self, report: FileReport) {
        self.files.push(report);
    }

    /// Prices every request, attaches titles and orders events by conversation and time.
    pub fn finish(mut self, prices: &PriceTable) -> Dataset {
        for (leaf_uuid, title) in std::mem::take(&mut self.titles) {
            if let Some(id) = self.seen_uuids.get(&IdKey::of_uuid(&leaf_uuid)) {
                self.conversations[id.0 as usize].title = Some(title);
            }
        }
        let texts = self.texts.into_texts();
        price_requests(&mut self.requests, &texts, prices);
        self.events.sort_by_key(|event| (event.conversation, event.timestamp_ms));
        Dataset {
            conversations: self.conversations,
            events: self.events,
            requests: self.requests,
            texts,
            files: self.files,
            diagnostics: self.diagnostics,
            prices_label: prices.label(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_uuid, IdKey};

    #[test]
    fn uuids_are_read_as_numbers_and_other_ids_hashed() {
        assert_eq!(parse_uuid("00000000-0000-0000-0000-00000000002a"), Some(42));
        assert_eq!(parse_uuid("5e4c1b2a-9f3d-4e8a-b7c6-d5e4f3a2b1c0"), Some(0x5e4c1b2a9f3d4e8ab7c6d5e4f3a2b1c0));
        assert_eq!(parse_uuid("5e4c1b2a-9f3d-4e8a-b7c6-d5e4f3a2b1cg"), None);
        assert_eq!(parse_uuid("5e4c1b2a99f3d-4e8a-b7c6-d5e4f3a2b1c0"), None);
        assert_eq!(IdKey::of_uuid("00000000-0000-0000-0000-00000000002a"), IdKey(0, 42));
        assert_eq!(IdKey::of_uuid("msg-1"), IdKey::hashed(&["msg-1"]));
        assert_ne!(IdKey::of_uuid("msg-1"), IdKey::of_uuid("msg-2"));
        assert_ne!(IdKey::of_uuid("5e4c1b2a-9f3d-4e8a-b7c6-d5e4f3a2b1c0"), IdKey::of_uuid("5e4c1b2a-9f3d-4e8a-b7c6-d5e4f3a2b1c1"));
        assert_ne!(IdKey::hashed(&["ab", "c"]), IdKey::hashed(&["a", "bc"]));
        assert_ne!(IdKey::hashed(&["m", ""]), IdKey::hashed(&["m"]));
    }
}
