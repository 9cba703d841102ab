//! The one merge: parts (one per file or archive entry) joined into one dataset in the
//! order given, which every path gives as its files' paths' order (the page's workers
//! and kept history, the command line, a test's files). Conversations with the same key
//! become one; each part's texts join one table and its ids are renumbered into it.
//! Once every part is in, the joins across files are made (`joins`: titles, Codex
//! replays) and the repeats dropped (`repeats`: a line or request a part repeats of an
//! earlier one, by the rule of `model::dedupe`), so any order of arrival gives one
//! answer.
//!
//! The merged lists are made once at their final size when the parts' sizes are known
//! before any is decoded ([`PartSizes`]), and an encoded part is decoded straight into
//! them ([`DatasetMerger::add_encoded`]): the page never holds a decoded part beside
//! the merged dataset.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};

use super::joins;
use super::repeats::InOrderRepeats;
use super::wire::{Encoded, WireError};
use crate::model::{
    dedupe_file_reports, Agent, CheckIndex, CheckRun, Commit, Conversation, ConversationId, Dataset, Diagnostics, ErrorText, EventKind, EventlessLine,
    External, FileReport, Interner, PersonLabels, ReplayLead, TextId, Texts, TitleClaim, UsageSequence,
};
use crate::pricing::FoundPrices;

/// How many events and requests one part holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PartSizes {
    pub events: usize,
    pub requests: usize,
}

impl PartSizes {
    pub fn of(dataset: &Dataset) -> Self {
        PartSizes { events: dataset.events.len(), requests: dataset.requests.len() }
    }

    pub fn sum(sizes: impl IntoIterator<Item = PartSizes>) -> Self {
        sizes.into_iter().fold(PartSizes::default(), |total, part| PartSizes { events: total.events + part.events, requests: total.requests + part.requests })
    }
}

/// A part's lists other than its events and requests (which go straight into the
/// merged lists).
struct PartRest {
    conversations: Vec<Conversation>,
    checks: Vec<CheckRun>,
    commits: Vec<Commit>,
    external: External,
    texts: Texts,
    files: Vec<FileReport>,
    diagnostics: Diagnostics,
    title_claims: Vec<TitleClaim>,
    eventless_lines: Vec<EventlessLine>,
    replays: Vec<ReplayLead>,
    usage_sequences: Vec<UsageSequence>,
    price_tables: Vec<FoundPrices>,
}

/// Joins parts one at a time into one dataset.
#[derive(Default)]
pub struct DatasetMerger {
    merged: Dataset,
    /// Conversations by agent and session key (two agents may use the same key).
    conversation_ids: HashMap<(Agent, String), ConversationId>,
    texts: Interner,
    repeats: InOrderRepeats,
}

impl DatasetMerger {
    /// A merger whose lists hold `total` (every part's sizes summed) without growing.
    pub fn with_capacity(total: PartSizes) -> Self {
        let mut merger = DatasetMerger::default();
        merger.merged.events.reserve_exact(total.events);
        merger.merged.requests.reserve_exact(total.requests);
        merger.repeats = InOrderRepeats::with_capacity(total.events, total.requests);
        merger
    }

    /// Adds a decoded part.
    pub fn add(&mut self, mut part: Dataset) {
        let events_from = self.merged.events.len();
        let requests_from = self.merged.requests.len();
        self.merged.events.append(&mut part.events);
        self.merged.requests.append(&mut part.requests);
        let rest = PartRest {
            conversations: part.conversations,
            checks: part.checks,
            commits: part.commits,
            external: part.external,
            texts: part.texts,
            files: part.files,
            diagnostics: part.diagnostics,
            title_claims: part.title_claims,
            eventless_lines: part.eventless_lines,
            replays: part.replays,
            usage_sequences: part.usage_sequences,
            price_tables: part.price_tables,
        };
        self.absorb(rest, events_from, requests_from);
    }

    /// Adds a file's parts encoded by [`super::wire`] (without the version byte, as
    /// [`super::wire::without_version`] leaves them), decoding their events and requests
    /// straight into the merged lists.
    pub fn add_encoded(&mut self, encoded: Encoded<'_>) -> Result<(), WireError> {
        encoded.decode(|bytes| {
            let mut deserializer = postcard::Deserializer::from_bytes(bytes);
            PartsSeed(self).deserialize(&mut deserializer).map_err(WireError::Decode)
        })
    }

    /// The merged dataset: conversations titled, replays and repeats dropped, people
    /// shown by their renamed `labels`, records settled (other tools' records of one
    /// person repeat by their label). Not yet priced (`assemble`).
    pub fn finish(self, labels: &PersonLabels) -> Dataset {
        let DatasetMerger { mut merged, conversation_ids, texts, repeats } = self;
        merged.texts = texts.into_texts();
        labels.apply(&mut merged);
        joins::join_titles(&mut merged, &conversation_ids, &repeats);
        let replayed = joins::replayed_requests(&merged);
        repeats.drop_repeats(&mut merged.events, &mut merged.requests, &replayed);
        // What the joins needed is let go.
        merged.title_claims = Vec::new();
        merged.eventless_lines = Vec::new();
        merged.replays = Vec::new();
        merged.usage_sequences = Vec::new();
        dedupe_file_reports(&mut merged.files);
        merged.diagnostics.recount(&merged.files);
        merged.settle_records();
        // Parts that share no conversation are already in order (each part's
        // conversations are numbered after the last part's); sorting would need a
        // buffer half the events' size.
        if !merged.events.is_sorted_by_key(crate::model::Event::order_key) {
            merged.events.sort_by_key(crate::model::Event::order_key);
        }
        merged
    }

    /// Joins a part's conversations and texts, and renumbers what it added to the
    /// merged events (from `events_from`) and requests (from `requests_from`).
    fn absorb(&mut self, rest: PartRest, events_from: usize, requests_from: usize) {
        let text_ids: Vec<TextId> = rest.texts.iter().map(|text| self.texts.intern(text)).collect();
        let conversation_ids: Vec<ConversationId> = rest.conversations.into_iter().map(|conversation| self.join(conversation)).collect();
        let request_offset = requests_from as u32;
        let check_offset = self.merged.checks.len() as u32;
        self.merged.checks.extend(rest.checks);
        self.merged.commits.extend(rest.commits);
        self.merged.external.absorb(rest.external);
        let texts_kept = text_ids.iter().enumerate().all(|(index, id)| id.0 as usize == index);
        let conversations_kept = conversation_ids.iter().enumerate().all(|(index, id)| id.0 as usize == index);
        if !(texts_kept && conversations_kept && request_offset == 0 && check_offset == 0) {
            let text_id = |id: &mut TextId| *id = text_ids[id.0 as usize];
            for request in &mut self.merged.requests[requests_from..] {
                request.conversation = conversation_ids[request.conversation.0 as usize];
                text_id(&mut request.model);
            }
            for event in &mut self.merged.events[events_from..] {
                event.conversation = conversation_ids[event.conversation.0 as usize];
                match &mut event.kind {
                    EventKind::AgentMessage { request: Some(index), .. } => *index += request_offset,
                    EventKind::ToolCall { request, tool, target, .. } => {
                        if let Some(index) = request {
                            *index += request_offset;
                        }
                        text_id(tool);
                        if let Some(target) = target {
                            *target = target.with_text(text_ids[target.text().0 as usize]);
                        }
                    }
                    EventKind::ToolResult { check, error, .. } => {
                        if let Some(index) = check {
                            *index = CheckIndex::of(index.get() + check_offset);
                        }
                        if let Some(error) = error {
                            *error = ErrorText::of(text_ids[error.text().0 as usize]);
                        }
                    }
                    _ => {}
                }
            }
        }
        let eventless_from = self.merged.eventless_lines.len();
        self.merged
            .eventless_lines
            .extend(rest.eventless_lines.into_iter().map(|line| EventlessLine { conversation: conversation_ids[line.conversation.0 as usize], ..line }));
        self.merged.replays.extend(rest.replays.into_iter().map(|mut lead| {
            for token in &mut lead.tokens {
                token.request = token.request.map(|index| index + request_offset);
            }
            lead
        }));
        self.merged.title_claims.extend(rest.title_claims);
        self.merged.usage_sequences.extend(rest.usage_sequences);
        self.merged.price_tables.extend(rest.price_tables);
        let (events, requests, eventless) =
            (events_from..self.merged.events.len(), requests_from..self.merged.requests.len(), eventless_from..self.merged.eventless_lines.len());
        self.repeats.note_part(&self.merged.events, &self.merged.requests, events, requests, eventless);
        self.merged.files.extend(rest.files);
        self.merged.diagnostics.absorb(rest.diagnostics);
    }

    /// The merged id of a part's conversation: a new one, or the one with its key (whose
    /// place, when an earlier part did not say, this part's says).
    fn join(&mut self, conversation: Conversation) -> ConversationId {
        let key = (conversation.agent, conversation.session_key.clone());
        if let Some(id) = self.conversation_ids.get(&key) {
            let kept = &mut self.merged.conversations[id.0 as usize];
            if kept.project_path.is_empty() {
                kept.project_path = conversation.project_path;
            }
            if kept.git_branch.is_empty() {
                kept.git_branch = conversation.git_branch;
            }
            return *id;
        }
        let id = ConversationId(self.merged.conversations.len() as u32);
        self.conversation_ids.insert(key, id);
        self.merged.conversations.push(conversation);
        id
    }
}

/// Decodes a file's encoded parts (a list) into a merger.
struct PartsSeed<'m>(&'m mut DatasetMerger);

impl<'de> DeserializeSeed<'de> for PartsSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PartsSeed<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a file's encoded parts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(PartSeed(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// Decodes an encoded [`Dataset`] into a merger. Postcard writes a struct as its encoded
/// fields in declaration order, and this reads them in that order (`Dataset`'s fields
/// must not be reordered without changing it; the round-trip tests below catch it).
struct PartSeed<'m>(&'m mut DatasetMerger);

const DATASET_FIELDS: &[&str] = &[
    "conversations",
    "events",
    "requests",
    "checks",
    "commits",
    "external",
    "texts",
    "files",
    "diagnostics",
    "title_claims",
    "eventless_lines",
    "replays",
    "usage_sequences",
    "price_tables",
];

impl<'de> DeserializeSeed<'de> for PartSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_struct("Dataset", DATASET_FIELDS, self)
    }
}

impl<'de> Visitor<'de> for PartSeed<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an encoded dataset")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        fn missing<E: de::Error>(field: &str) -> E {
            E::custom(format!("the dataset ends before its {field}"))
        }
        let merger = self.0;
        let conversations = seq.next_element()?.ok_or_else(|| missing("conversations"))?;
        let events_from = merger.merged.events.len();
        seq.next_element_seed(AppendTo(&mut merger.merged.events))?.ok_or_else(|| missing("events"))?;
        let requests_from = merger.merged.requests.len();
        seq.next_element_seed(AppendTo(&mut merger.merged.requests))?.ok_or_else(|| missing("requests"))?;
        let rest = PartRest {
            conversations,
            checks: seq.next_element()?.ok_or_else(|| missing("checks"))?,
            commits: seq.next_element()?.ok_or_else(|| missing("commits"))?,
            external: seq.next_element()?.ok_or_else(|| missing("external records"))?,
            texts: seq.next_element()?.ok_or_else(|| missing("texts"))?,
            files: seq.next_element()?.ok_or_else(|| missing("files"))?,
            diagnostics: seq.next_element()?.ok_or_else(|| missing("diagnostics"))?,
            title_claims: seq.next_element()?.ok_or_else(|| missing("title claims"))?,
            eventless_lines: seq.next_element()?.ok_or_else(|| missing("eventless lines"))?,
            replays: seq.next_element()?.ok_or_else(|| missing("replays"))?,
            usage_sequences: seq.next_element()?.ok_or_else(|| missing("usage sequences"))?,
            price_tables: seq.next_element()?.ok_or_else(|| missing("price tables"))?,
        };
        merger.absorb(rest, events_from, requests_from);
        Ok(())
    }
}

/// Decodes a list onto the end of an existing one.
struct AppendTo<'v, T>(&'v mut Vec<T>);

impl<'de, T: serde::Deserialize<'de>> DeserializeSeed<'de> for AppendTo<'_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for AppendTo<'_, T> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // Made to measure already when the merger was sized by the parts.
        self.0.reserve(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            self.0.push(item);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DEMO_SEED};
    use crate::ingest::read_parts;
    use crate::transport::wire;

    /// The demo's files' parts, in path order, each file's parts apart.
    fn demo_files() -> Vec<Vec<Dataset>> {
        let mut files = generate(DEMO_SEED);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.iter().map(|file| read_parts(&file.path, &file.person, file.text.as_bytes(), 0)).collect()
    }

    #[test]
    fn decoding_into_the_merger_equals_merging_decoded_parts() {
        let files = demo_files();
        let total = PartSizes::sum(files.iter().flatten().map(PartSizes::of));
        let mut decoding = DatasetMerger::with_capacity(total);
        let mut adding = DatasetMerger::default();
        for parts in &files {
            let bytes = wire::encode(parts).expect("encodes");
            decoding.add_encoded(wire::without_version(&bytes).expect("version")).expect("decodes");
            for part in parts {
                adding.add(part.clone());
            }
        }
        let decoded = decoding.finish(&PersonLabels::NONE);
        assert_eq!(decoded.events.capacity(), total.events, "made once at the final size");
        assert_eq!(decoded.requests.capacity(), total.requests);
        let added = adding.finish(&PersonLabels::NONE);
        assert_eq!(decoded, added);
        assert!(decoded.conversations.len() > 10 && decoded.texts.len() > 5);
    }

    #[test]
    fn a_truncated_part_is_an_error() {
        let parts = demo_files().remove(0);
        let bytes = wire::encode(&parts).expect("encodes");
        let encoded = wire::without_version(&bytes).expect("version");
        let half = Encoded { body: &encoded.body[..encoded.body.len() / 2], ..encoded };
        let mut merger = DatasetMerger::default();
        assert!(matches!(merger.add_encoded(half), Err(WireError::Decode(_))));
    }
}
