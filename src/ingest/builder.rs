//! Collects what the format adapters read into one [`Dataset`], and owns every
//! deduplication rule (spec section 2) so that all formats share them:
//! - a line whose `uuid` was already read (resumed or forked sessions, the same folder
//!   dropped twice) is read once;
//! - one API request per `(message id, request id)`, keeping the record with the most
//!   tokens (streamed responses repeat their usage with growing output counts).
//!
//! Ids are remembered as their 64-bit keys (`model::keys`), which the events and
//! requests also keep, so that the page's merge and an export loaded later apply the
//! same rules (`model::merge`, `ingest::export_file`).

use rustc_hash::FxHashMap as HashMap;

use std::collections::BTreeMap;

use crate::model::{
    dedupe_file_reports, Agent, CheckKind, CheckRun, Conversation, ConversationId, Dataset, Diagnostic, Event, EventKind, FileReport, Interner,
    LineKey, Request, SkipReason, TextId, ToolUseId,
};
use super::block_dataset::BlockDataset;
use super::blocks::BlockList;
use super::id_keys::IdMap;
use crate::model::bidi::neutralise_bidi;
use crate::pricing::{price_requests, PriceTable};

/// How much a title line says about a conversation: a later rank replaces an earlier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TitleRank {
    Generated,
    Custom,
}

#[derive(Debug, Default)]
pub struct DatasetBuilder {
    conversations: Vec<Conversation>,
    conversation_ids: HashMap<String, ConversationId>,
    events: BlockList<Event>,
    requests: BlockList<Request>,
    checks: Vec<CheckRun>,
    /// What a call's input said that its result needs (the build or test it ran, a TODO
    /// its edit wrote), until the result is read.
    call_notes: HashMap<ToolUseId, CallNote>,
    texts: Interner,
    request_ids: IdMap<u32>,
    message_ids: IdMap<u32>,
    seen_uuids: IdMap<ConversationId>,
    titles: Vec<(String, String)>,
    /// Titles named by conversation key (Claude Code's `ai-title`, `custom-title`).
    named_titles: Vec<(String, String, TitleRank)>,
    /// Per session id, the token deltas its rollout recorded, in order (a Codex child
    /// rollout's replayed history is recognised against its parent's).
    usage_sequences: HashMap<String, Vec<[u64; 4]>>,
    files: Vec<FileReport>,
    /// Skipped lines of the file being read, by reason (they go into its report).
    open_file_skips: BTreeMap<SkipReason, u64>,
    /// What was wrong with the line being read, though it was read (an adapter notes it;
    /// the caller, who knows the file and line, reports it).
    line_note: Option<(SkipReason, String)>,
    diagnostics: crate::model::Diagnostics,
}

/// What a call's input told, kept for its result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallNote {
    pub check: Option<CheckKind>,
    pub writes_todo: bool,
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
            session_key: neutralise_bidi(key).into_owned(),
            agent,
            project_path: String::new(),
            git_branch: String::new(),
            person: neutralise_bidi(person).into_owned(),
            title: None,
        });
        self.conversation_ids.insert(key.to_owned(), id);
        id
    }

    /// Fills in where a conversation ran, from the first line that says so.
    pub fn note_place(&mut self, id: ConversationId, cwd: Option<&str>, git_branch: Option<&str>) {
        let conversation = &mut self.conversations[id.0 as usize];
        if let Some(cwd) = cwd.filter(|cwd| !cwd.is_empty() && conversation.project_path.is_empty()) {
            conversation.project_path = neutralise_bidi(cwd).into_owned();
        }
        if let Some(branch) = git_branch.filter(|b| !b.is_empty() && conversation.git_branch.is_empty()) {
            conversation.git_branch = neutralise_bidi(branch).into_owned();
        }
    }

    /// True the first time a line is seen; later copies are to be skipped. A line
    /// without a key is always new.
    pub fn first_sighting(&mut self, line: LineKey, conversation: ConversationId) -> bool {
        line.is_none() || self.seen_uuids.insert_new(line.0, conversation)
    }

    /// The id of a tool name, tool target or model.
    pub fn intern(&mut self, text: &str) -> TextId {
        self.texts.intern(text)
    }

    pub fn push_event(&mut self, event: Event) {
        self.events.push(event);
    }

    /// How many events were pushed (the next one's index).
    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    /// Names the request that made an earlier tool call (formats that write a call's
    /// usage after it: Codex's `token_count`).
    pub fn bill_call(&mut self, event: usize, request: u32) {
        if let Some(EventKind::ToolCall { request: slot, .. }) = (event < self.events.len()).then(|| &mut self.events[event].kind) {
            *slot = Some(request);
        }
    }

    /// Adds a request, or merges it into the earlier record of the same response:
    /// - the same `(message id, request id)`: keep whichever record carries more tokens
    ///   (streamed lines repeat the usage, early ones with partial output);
    /// - the same message id under another request id, once on the main chain and once
    ///   on a sidechain: a side-question (`/btw`) replaying the parent's message; the
    ///   main-chain copy is kept.
    ///
    /// The request's `keys` say which records are the same response.
    pub fn upsert_request(&mut self, request: Request) -> Upsert {
        if request.keys.is_none() {
            self.requests.push(request);
            return Upsert::New(self.requests.len() as u32 - 1);
        }
        let (key, message_key) = (request.keys.request, request.keys.message);
        if let Some(&index) = self.request_ids.get(key) {
            let kept = &mut self.requests[index as usize];
            if request.usage.total_tokens() > kept.usage.total_tokens() {
                *kept = request;
            }
            return Upsert::Duplicate(index);
        }
        if let Some(&index) = self.message_ids.get(message_key) {
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
        self.titles.push((leaf_uuid.to_owned(), neutralise_bidi(title).into_owned()));
    }

    /// A title line naming its conversation by key; it replaces a `summary` title, and a
    /// user's own title replaces the agent's.
    pub fn named_title(&mut self, key: &str, title: &str, rank: TitleRank) {
        self.named_titles.push((key.to_owned(), neutralise_bidi(title).into_owned(), rank));
    }

    /// A conversation's title, named directly (a later title replaces it).
    pub fn set_title(&mut self, id: ConversationId, title: &str) {
        self.conversations[id.0 as usize].title = Some(neutralise_bidi(title).into_owned());
    }

    /// The token deltas read so far for a session, in order.
    pub fn usage_sequence(&self, session: &str) -> Option<&Vec<[u64; 4]>> {
        self.usage_sequences.get(session)
    }

    pub fn push_usage_sequence(&mut self, session: &str, counts: [u64; 4]) {
        match self.usage_sequences.get_mut(session) {
            Some(sequence) => sequence.push(counts),
            None => {
                self.usage_sequences.insert(session.to_owned(), vec![counts]);
            }
        }
    }

    /// Keeps what a call's input told until its result is read.
    pub fn note_call(&mut self, tool_use_id: ToolUseId, note: CallNote) {
        if note != CallNote::default() {
            self.call_notes.insert(tool_use_id, note);
        }
    }

    /// What the call a result answers told, if anything.
    pub fn take_call_note(&mut self, tool_use_id: ToolUseId) -> Option<CallNote> {
        self.call_notes.remove(&tool_use_id)
    }

    /// The build or test run a call's result is, when its call's note says it is one:
    /// added with the test counts `output` (read only for a test run) names; its index.
    pub fn check_run(&mut self, note: CallNote, output: impl FnOnce() -> Option<String>) -> Option<u32> {
        let kind = note.check?;
        let (counts, failing_tests) = match kind {
            CheckKind::Test(runner) => output().map(|output| super::checks::test_result(runner, &output)).unwrap_or_default(),
            CheckKind::Build => (None, Vec::new()),
        };
        Some(self.push_check(CheckRun { kind, counts, failing_tests }))
    }

    /// Adds a build or test run; returns its index.
    pub fn push_check(&mut self, check: CheckRun) -> u32 {
        self.checks.push(check);
        self.checks.len() as u32 - 1
    }

    /// Notes that a value of the line being read was out of range and ignored.
    pub fn note_out_of_range(&mut self, detail: String) {
        self.line_note = Some((SkipReason::ValueOutOfRange, detail));
    }

    /// The note on the line just read, if any.
    pub fn take_line_note(&mut self) -> Option<(SkipReason, String)> {
        self.line_note.take()
    }

    pub fn diagnostic(&mut self, diagnostic: Diagnostic) {
        *self.open_file_skips.entry(diagnostic.reason).or_default() += 1;
        self.diagnostics.push(diagnostic);
    }

    /// Ends a file: its report takes the lines skipped since the last report.
    pub fn file_report(&mut self, mut report: FileReport) {
        let skipped = std::mem::take(&mut self.open_file_skips);
        for (reason, count) in skipped {
            *report.skipped_lines.entry(reason).or_default() += count;
        }
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
            if let Some(id) = self.seen_uuids.get(LineKey::of_uuid(&leaf_uuid).0) {
                self.conversations[id.0 as usize].title = Some(title);
            }
        }
        let mut named = std::mem::take(&mut self.named_titles);
        // Stable: within a rank, the last line read wins.
        named.sort_by_key(|(_, _, rank)| *rank);
        for (key, title, _) in named {
            if let Some(id) = self.conversation_ids.get(&key) {
                self.conversations[id.0 as usize].title = Some(title);
            }
        }
        let DatasetBuilder {
            conversations,
            conversation_ids,
            events,
            mut requests,
            checks,
            call_notes,
            texts,
            request_ids,
            message_ids,
            seen_uuids,
            titles: _,
            named_titles: _,
            usage_sequences,
            mut files,
            open_file_skips: _,
            line_note: _,
            mut diagnostics,
        } = self;
        dedupe_file_reports(&mut files);
        diagnostics.dedupe_examples();
        diagnostics.recount(&files);
        // (Fields a pattern leaves out would live to the end of the function.)
        drop((conversation_ids, request_ids, message_ids, seen_uuids, call_notes, usage_sequences));
        let texts = texts.into_texts();
        for block in requests.blocks_mut() {
            price_requests(block, &texts, prices);
        }
        BlockDataset::new(conversations, events, requests, checks, texts, files, diagnostics, prices.label())
    }
}
