//! Collects what the format adapters read into one [`Dataset`], and owns every
//! deduplication rule (spec section 2) so that all formats share them:
//! - a line whose `uuid` was already read (resumed or forked sessions, the same folder
//!   dropped twice) is read once;
//! - one API request per `(message id, request id)`, keeping the record with the most
//!   tokens (streamed responses repeat their usage with growing output counts).
//!
//! Ids are remembered as compact keys, not as text (`id_keys`).

use rustc_hash::FxHashMap as HashMap;

use crate::model::{
    Agent, Conversation, ConversationId, Dataset, Diagnostic, Event, FileReport, Interner, Request, TextId,
};
use super::block_dataset::BlockDataset;
use super::blocks::BlockList;
use super::id_keys::{IdKey, IdMap};
use crate::pricing::{price_requests, PriceTable};

#[derive(Debug, Default)]
pub struct DatasetBuilder {
    conversations: Vec<Conversation>,
    conversation_ids: HashMap<String, ConversationId>,
    events: BlockList<Event>,
    requests: BlockList<Request>,
    texts: Interner,
    request_ids: IdMap<u32>,
    message_ids: IdMap<u32>,
    seen_uuids: IdMap<ConversationId>,
    titles: Vec<(String, String)>,
    files: Vec<FileReport>,
    diagnostics: crate::model::Diagnostics,
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
        self.seen_uuids.insert_new(IdKey::of_uuid(uuid), conversation)
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
        self.message_ids.insert_new(message_key, index);
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
    pub fn finish(self, prices: &PriceTable) -> Dataset {
        self.finish_blocks(prices).into_dataset()
    }

    /// As [`DatasetBuilder::finish`], with the lists left in their blocks (and the
    /// events' order as a list of positions), for encoding without making them whole.
    /// The id maps are let go first.
    pub fn finish_blocks(mut self, prices: &PriceTable) -> BlockDataset {
        for (leaf_uuid, title) in std::mem::take(&mut self.titles) {
            if let Some(id) = self.seen_uuids.get(&IdKey::of_uuid(&leaf_uuid)) {
                self.conversations[id.0 as usize].title = Some(title);
            }
        }
        let DatasetBuilder {
            conversations, conversation_ids, events, mut requests, texts, request_ids, message_ids, seen_uuids, titles: _, files, diagnostics,
        } = self;
        // (Fields a pattern leaves out would live to the end of the function.)
        drop((conversation_ids, request_ids, message_ids, seen_uuids));
        let texts = texts.into_texts();
        for block in requests.blocks_mut() {
            price_requests(block, &texts, prices);
        }
        BlockDataset::new(conversations, events, requests, texts, files, diagnostics, prices.label())
    }
}
