//! Collects what a format adapter reads of one file into that file's part (a
//! [`Dataset`] of the file alone), with the dedupe rule of `model::dedupe` applied
//! within the file: a line whose key was read before is read once; one request per
//! response, the record with the most tokens.
//!
//! A part holds what its file says and nothing joined from elsewhere: titles stay
//! claims (a `summary` line names its conversation by a line another file may hold),
//! a Codex child rollout's token events stay in order with its parent's id, and
//! requests are not priced. `transport` joins and prices them once every part is in.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use std::collections::BTreeMap;

use super::id_keys::IdMap;
use crate::model::bidi::neutralise_bidi;
use crate::model::dedupe::{Repeat, RequestIndex};
use crate::model::keys::stable_hash;
use crate::model::{
    dedupe_file_reports, Agent, CheckKind, CheckRun, ClaimTarget, Conversation, ConversationId, Dataset, Diagnostic, Event, EventKind, EventlessLine,
    FileReport, Interner, LeadToken, LineKey, ReplayLead, Request, SkipReason, TitleClaim, TitleRank, ToolUseId, UsageSequence,
};

#[derive(Debug, Default)]
pub struct DatasetBuilder {
    conversations: Vec<Conversation>,
    conversation_ids: HashMap<(Agent, String), ConversationId>,
    events: Vec<Event>,
    requests: Vec<Request>,
    checks: Vec<CheckRun>,
    /// What a call's input said that its result needs (the build or test it ran, a TODO
    /// its edit wrote), until the result is read.
    call_notes: HashMap<ToolUseId, CallNote>,
    texts: Interner,
    request_index: RequestIndex,
    seen_lines: IdMap<ConversationId>,
    title_claims: Vec<TitleClaim>,
    /// Per session id, the token deltas its rollout recorded, in order.
    usage_sequences: Vec<UsageSequence>,
    replays: Vec<ReplayLead>,
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

/// The hash a token event's four counts are compared by (`UsageSequence`).
fn delta_hash(counts: [u64; 4]) -> u64 {
    let bytes: Vec<u8> = counts.iter().flat_map(|count| count.to_le_bytes()).collect();
    stable_hash(&[b"codex delta", &bytes])
}

impl DatasetBuilder {
    /// The conversation with this key, created on first sight.
    pub fn conversation(&mut self, key: &str, agent: Agent, person: &str) -> ConversationId {
        let whose = (agent, key.to_owned());
        if let Some(id) = self.conversation_ids.get(&whose) {
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
        self.conversation_ids.insert(whose, id);
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
        line.is_none() || self.seen_lines.insert_new(line.0, conversation)
    }

    /// The id of a tool name, tool target or model.
    pub fn intern(&mut self, text: &str) -> crate::model::TextId {
        self.texts.intern(text)
    }

    /// A failed call's error text, kept among the texts.
    pub fn error_text(&mut self, text: Option<String>) -> Option<crate::model::ErrorText> {
        text.map(|text| crate::model::ErrorText::of(self.texts.intern(&text)))
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
        if let Some(EventKind::ToolCall { request: slot, .. }) = self.events.get_mut(event).map(|event| &mut event.kind) {
            *slot = Some(request);
        }
    }

    /// Adds a request, or merges it into the earlier record of the same response
    /// (`model::dedupe`); the request's `keys` say which records are the same response.
    pub fn upsert_request(&mut self, request: Request) -> Upsert {
        let requests = &self.requests;
        match self.request_index.find(&request, |index| &requests[index as usize]) {
            Some((index, choice)) => {
                self.request_index.note_repeat(&request, index);
                if choice == Repeat::TakeLater {
                    self.requests[index as usize] = request;
                }
                Upsert::Duplicate(index)
            }
            None => {
                let index = self.requests.len() as u32;
                self.request_index.note_kept(&request, index);
                self.requests.push(request);
                Upsert::New(index)
            }
        }
    }

    /// A title (`summary` line) for whichever conversation holds the `leaf_uuid` line.
    pub fn title(&mut self, leaf_uuid: &str, title: &str) {
        self.claim_title(ClaimTarget::Leaf(LineKey::of_uuid(leaf_uuid)), title, TitleRank::Summary);
    }

    /// A title line naming its conversation (of `agent`) by key.
    pub fn named_title(&mut self, agent: Agent, key: &str, title: &str, rank: TitleRank) {
        self.claim_title(ClaimTarget::Conversation(agent, neutralise_bidi(key).into_owned()), title, rank);
    }

    /// A conversation's own title, which the agent wrote into it.
    pub fn set_title(&mut self, id: ConversationId, title: &str) {
        let conversation = &self.conversations[id.0 as usize];
        let target = ClaimTarget::Conversation(conversation.agent, conversation.session_key.clone());
        self.claim_title(target, title, TitleRank::Own);
    }

    fn claim_title(&mut self, target: ClaimTarget, title: &str, rank: TitleRank) {
        self.title_claims.push(TitleClaim { target, title: neutralise_bidi(title).into_owned(), rank });
    }

    /// Notes a Codex session's token event (its counts, in order).
    pub fn push_usage_sequence(&mut self, session: &str, counts: [u64; 4]) {
        let delta = delta_hash(counts);
        match self.usage_sequences.iter_mut().find(|sequence| sequence.session == session) {
            Some(sequence) => sequence.deltas.push(delta),
            None => self.usage_sequences.push(UsageSequence { session: session.to_owned(), deltas: vec![delta] }),
        }
    }

    /// Starts the token events of the child rollout `session` of `parent` (see
    /// `ReplayLead`).
    pub fn begin_replay_lead(&mut self, parent: &str, session: Option<&str>) {
        let (parent, session) = (neutralise_bidi(parent).into_owned(), session.map(|session| neutralise_bidi(session).into_owned()));
        self.replays.push(ReplayLead { parent, session, tokens: Vec::new() });
    }

    /// Notes a token event of the child rollout begun last.
    pub fn push_lead_token(&mut self, counts: [u64; 4], timestamp_ms: i64, request: Option<u32>) {
        if let Some(lead) = self.replays.last_mut() {
            lead.tokens.push(LeadToken { delta: delta_hash(counts), second: timestamp_ms.div_euclid(1000), request });
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
    pub fn check_run(&mut self, note: CallNote, output: impl FnOnce() -> Option<String>) -> Option<crate::model::CheckIndex> {
        let kind = note.check?;
        let (counts, failing_tests) = match kind {
            CheckKind::Test(runner) => output().map(|output| super::checks::test_result(runner, &output)).unwrap_or_default(),
            CheckKind::Build => (None, Vec::new()),
        };
        Some(crate::model::CheckIndex::of(self.push_check(CheckRun { kind, counts, failing_tests })))
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

    /// The file's part: events ordered by conversation and time (those of equal keys in
    /// the order read), the lines read that gave no event, the claims as written.
    pub fn finish(self) -> Dataset {
        let DatasetBuilder {
            conversations,
            mut events,
            requests,
            checks,
            texts,
            seen_lines,
            title_claims,
            usage_sequences,
            replays,
            mut files,
            mut diagnostics,
            ..
        } = self;
        dedupe_file_reports(&mut files);
        diagnostics.dedupe_examples();
        diagnostics.recount(&files);
        let eventless_lines = eventless(&events, &seen_lines);
        if !events.is_sorted_by_key(Event::order_key) {
            events.sort_by_key(Event::order_key);
        }
        Dataset {
            conversations,
            events,
            requests,
            checks,
            texts: texts.into_texts(),
            files,
            diagnostics,
            title_claims,
            eventless_lines,
            replays,
            usage_sequences,
            ..Dataset::default()
        }
    }
}

/// The lines seen that gave no event, by key (a title's leaf may be one of them).
fn eventless(events: &[Event], seen_lines: &IdMap<ConversationId>) -> Vec<EventlessLine> {
    let with_events: HashSet<u64> = events.iter().map(|event| event.line.0).collect();
    let mut lines: Vec<EventlessLine> = seen_lines
        .iter()
        .filter(|(key, _)| !with_events.contains(key))
        .map(|(key, conversation)| EventlessLine { line: LineKey(key), conversation: *conversation })
        .collect();
    lines.sort_unstable_by_key(|line| line.line);
    lines
}
