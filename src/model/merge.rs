//! Merging datasets parsed separately (by several ingest workers) into one.
//!
//! Each part is deduplicated by its ingest; across parts, conversations with the same
//! key are joined into one, and lines and requests repeated from earlier parts are
//! dropped by their keys, with the ingest's rules (`merge_overlap`), so that a part
//! repeating another (a project copied under another folder name, an export beside its
//! folder, two exports of one person) counts once, in any order. Each part's texts join
//! one table, and its text ids are renumbered into it.
//!
//! The merged lists are made once at their final size ([`PartSizes`] of every part,
//! known before any is decoded), and an encoded part is decoded straight into them
//! ([`DatasetMerger::add_encoded`]): the page never holds a decoded part beside the
//! merged dataset, nor a list growing by doubling.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};

use super::merge_in_order::InOrderRepeats;
use super::merge_overlap::{drop_repeats, ProjectIndex};
use super::wire::WireError;
use super::{dedupe_file_reports, CheckRun, Commit, Conversation, ConversationId, Dataset, Diagnostics, EventKind, External, FileReport, Interner, TextId, Texts};

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
        sizes.into_iter().fold(PartSizes::default(), |total, part| PartSizes {
            events: total.events + part.events,
            requests: total.requests + part.requests,
        })
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
    prices_label: String,
}

/// Joins parts one at a time into one dataset.
pub struct DatasetMerger {
    merged: Dataset,
    conversation_ids: HashMap<String, ConversationId>,
    texts: Interner,
    projects: ProjectIndex,
    /// Look for repeats in every earlier part, not only in conversations of the part's
    /// projects (as one ingest does: a line id read before is a repeat wherever it was),
    /// once all parts are in.
    in_order: Option<InOrderRepeats>,
}

impl DatasetMerger {
    /// A merger whose lists hold `total` (every part's sizes summed) without growing.
    pub fn with_capacity(total: PartSizes) -> Self {
        let mut merged = Dataset::default();
        merged.events.reserve_exact(total.events);
        merged.requests.reserve_exact(total.requests);
        DatasetMerger { merged, conversation_ids: HashMap::new(), texts: Interner::default(), projects: ProjectIndex::default(), in_order: None }
    }

    /// A merger of parts given in their files' order, as kept history holds them (see
    /// [`Dataset::merge_in_order`]).
    pub fn in_order(total: PartSizes) -> Self {
        let mut merger = DatasetMerger::with_capacity(total);
        merger.in_order = Some(InOrderRepeats::with_capacity(total.events, total.requests));
        merger
    }

    /// Adds a decoded part. Parts added first keep their ids, so the largest part
    /// should come first.
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
            prices_label: part.prices_label,
        };
        self.absorb(rest, events_from, requests_from);
    }

    /// Adds a part encoded by [`super::wire`] (without its version byte, as
    /// [`super::wire::decode_head`] leaves it), decoding its events and requests
    /// straight into the merged lists.
    pub fn add_encoded(&mut self, bytes: &[u8]) -> Result<(), WireError> {
        let mut deserializer = postcard::Deserializer::from_bytes(bytes);
        PartSeed(self).deserialize(&mut deserializer).map_err(WireError::Decode)
    }

    pub fn finish(self) -> Dataset {
        let mut merged = self.merged;
        if let Some(in_order) = self.in_order {
            in_order.drop_repeats(&mut merged.events, &mut merged.requests);
        }
        merged.texts = self.texts.into_texts();
        dedupe_file_reports(&mut merged.files);
        merged.diagnostics.recount(&merged.files);
        merged.settle_records();
        // Parts that share no conversation are already in order (each part's
        // conversations are numbered after the last part's); sorting would need a
        // buffer half the events' size.
        if !merged.events.is_sorted_by_key(super::Event::order_key) {
            merged.events.sort_by_key(super::Event::order_key);
        }
        merged
    }

    /// Joins a part's conversations and texts, renumbers what it added to the merged
    /// events (from `events_from`) and requests (from `requests_from`), and drops what
    /// it repeats of earlier parts.
    fn absorb(&mut self, rest: PartRest, events_from: usize, requests_from: usize) {
        let text_ids: Vec<TextId> = rest.texts.iter().map(|text| self.texts.intern(text)).collect();
        self.projects.extend(&self.merged.conversations);
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
                    EventKind::ToolResult { check: Some(index), .. } => *index += check_offset,
                    _ => {}
                }
            }
        }
        match self.in_order.as_mut() {
            Some(in_order) => {
                let (events, requests) = (events_from..self.merged.events.len(), requests_from..self.merged.requests.len());
                in_order.note_part(&self.merged.events, &self.merged.requests, events, requests);
            }
            None => {
                if let Some(candidates) = self.projects.overlap(&self.merged.conversations, &conversation_ids) {
                    drop_repeats(&mut self.merged.events, &mut self.merged.requests, events_from, requests_from, &candidates);
                }
            }
        }
        self.merged.files.extend(rest.files);
        self.merged.diagnostics.absorb(rest.diagnostics);
        if self.merged.prices_label.is_empty() {
            self.merged.prices_label = rest.prices_label;
        }
    }

    /// The merged id of a part's conversation: a new one, or the one with its key.
    fn join(&mut self, conversation: Conversation) -> ConversationId {
        if let Some(id) = self.conversation_ids.get(&conversation.session_key) {
            let kept = &mut self.merged.conversations[id.0 as usize];
            if kept.project_path.is_empty() {
                kept.project_path = conversation.project_path;
            }
            if kept.title.is_none() {
                kept.title = conversation.title;
            }
            return *id;
        }
        let id = ConversationId(self.merged.conversations.len() as u32);
        self.conversation_ids.insert(conversation.session_key.clone(), id);
        self.merged.conversations.push(conversation);
        id
    }
}

impl Dataset {
    /// Parts merged in the order given: where two parts repeat a line or a request, the
    /// first one's copy stays. Given parts of single files in their paths' order (as
    /// kept history holds them), that is the copy one ingest of all the files keeps.
    /// Repeats are looked for across all earlier parts, whatever their projects, with
    /// their keys gathered once as the parts come.
    pub fn merge_in_order(parts: Vec<Dataset>) -> Dataset {
        let mut merger = DatasetMerger::in_order(PartSizes::sum(parts.iter().map(PartSizes::of)));
        for part in parts {
            merger.add(part);
        }
        merger.finish()
    }

    pub fn merge(mut parts: Vec<Dataset>) -> Dataset {
        if parts.len() == 1 {
            return parts.pop().unwrap_or_default();
        }
        parts.sort_by_key(|part| std::cmp::Reverse(part.events.len()));
        let mut merger = DatasetMerger::with_capacity(PartSizes::sum(parts.iter().map(PartSizes::of)));
        for part in parts {
            merger.add(part);
        }
        merger.finish()
    }
}

/// Decodes an encoded [`Dataset`] into a merger. Postcard writes a struct as its fields
/// in declaration order, and this reads them in that order (`Dataset`'s fields must not
/// be reordered without changing it; the round-trip tests below catch it).
struct PartSeed<'m>(&'m mut DatasetMerger);

const DATASET_FIELDS: &[&str] = &["conversations", "events", "requests", "checks", "commits", "external", "texts", "files", "diagnostics", "prices_label"];

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
            prices_label: seq.next_element()?.ok_or_else(|| missing("prices label"))?,
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
    use crate::ingest::ingest_files;
    use crate::model::wire;
    use crate::pricing::PriceTable;

    /// The demo split into `count` parts by file (each person's files apart).
    fn demo_parts(count: usize) -> Vec<Dataset> {
        let files = generate(DEMO_SEED);
        (0..count)
            .map(|part| {
                let mine = files.iter().enumerate().filter(|(index, _)| index % count == part).map(|(_, file)| file);
                ingest_files(mine.map(|f| (f.path.as_str(), f.person.as_str(), f.text.as_bytes())), PriceTable::embedded())
            })
            .collect()
    }

    #[test]
    fn decoding_into_the_merger_equals_merging_decoded_parts() {
        let parts = demo_parts(3);
        let mut ordered = parts.clone();
        ordered.sort_by_key(|part| std::cmp::Reverse(part.events.len()));
        let total = PartSizes::sum(ordered.iter().map(PartSizes::of));
        let mut merger = DatasetMerger::with_capacity(total);
        for part in &ordered {
            let bytes = wire::encode(part).expect("encodes");
            let ((), body) = wire::decode_head::<()>(&bytes).expect("version");
            merger.add_encoded(body).expect("decodes");
        }
        let decoded = merger.finish();
        assert_eq!(decoded.events.capacity(), total.events, "made once at the final size");
        assert_eq!(decoded.requests.capacity(), total.requests);
        let merged = Dataset::merge(parts);
        assert_eq!(decoded, merged);
        assert!(decoded.conversations.len() > 10 && decoded.texts.len() > 5);
    }

    #[test]
    fn a_truncated_part_is_an_error() {
        let part = demo_parts(2).remove(0);
        let bytes = wire::encode(&part).expect("encodes");
        let ((), body) = wire::decode_head::<()>(&bytes).expect("version");
        let mut merger = DatasetMerger::with_capacity(PartSizes::of(&part));
        assert!(matches!(merger.add_encoded(&body[..body.len() / 2]), Err(WireError::Decode(_))));
    }
}
