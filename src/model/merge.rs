//! Merging datasets parsed separately (by several ingest workers) into one.
//!
//! Deduplication runs inside each part, so parts must not share transcripts: the page
//! splits files by project folder (`ingest::partition`), and Claude Code writes resumed
//! and forked sessions into the same project folder as the original. Conversations with
//! the same key in two parts are still joined into one. Each part's texts join one
//! table, and its text ids are renumbered into it.

use std::collections::HashMap;

use super::{ConversationId, Dataset, EventKind, Interner, TextId};

impl Dataset {
    pub fn merge(mut parts: Vec<Dataset>) -> Dataset {
        if parts.len() == 1 {
            return parts.pop().unwrap_or_default();
        }
        let mut merged = Dataset::default();
        // The largest part's lists are grown to the total once (no doubled buffer beside
        // the parts; the allocator may grow them where they are) rather than copied. It
        // goes first, so its ids stay as they are: its conversations and texts are the
        // first the merge meets, each once.
        if let Some(largest) = (0..parts.len()).max_by_key(|index| parts[*index].events.len()) {
            parts.swap(0, largest);
            merged.events = std::mem::take(&mut parts[0].events);
            merged.requests = std::mem::take(&mut parts[0].requests);
            merged.events.reserve_exact(parts.iter().map(|part| part.events.len()).sum());
            merged.requests.reserve_exact(parts.iter().map(|part| part.requests.len()).sum());
        }
        let mut conversation_ids: HashMap<String, ConversationId> = HashMap::new();
        let mut texts = Interner::default();
        for part in parts {
            let text_ids: Vec<TextId> = part.texts.iter().map(|text| texts.intern(text)).collect();
            let text_id = |id: &mut TextId| *id = text_ids[id.0 as usize];
            let request_offset = merged.requests.len() as u32;
            let remap: Vec<ConversationId> = part
                .conversations
                .into_iter()
                .map(|conversation| match conversation_ids.get(&conversation.session_key) {
                    Some(id) => {
                        let kept = &mut merged.conversations[id.0 as usize];
                        if kept.project_path.is_empty() {
                            kept.project_path = conversation.project_path;
                        }
                        if kept.title.is_none() {
                            kept.title = conversation.title;
                        }
                        *id
                    }
                    None => {
                        let id = ConversationId(merged.conversations.len() as u32);
                        conversation_ids.insert(conversation.session_key.clone(), id);
                        merged.conversations.push(conversation);
                        id
                    }
                })
                .collect();
            merged.requests.extend(part.requests.into_iter().map(|mut request| {
                request.conversation = remap[request.conversation.0 as usize];
                text_id(&mut request.model);
                request
            }));
            merged.events.extend(part.events.into_iter().map(|mut event| {
                event.conversation = remap[event.conversation.0 as usize];
                match &mut event.kind {
                    EventKind::AgentMessage { request: Some(index), .. } => *index += request_offset,
                    EventKind::ToolCall { request, tool, target, .. } => {
                        if let Some(index) = request {
                            *index += request_offset;
                        }
                        text_id(tool);
                        if let Some(target) = target {
                            text_id(target);
                        }
                    }
                    _ => {}
                }
                event
            }));
            merged.files.extend(part.files);
            merged.diagnostics.absorb(part.diagnostics);
            if merged.prices_label.is_empty() {
                merged.prices_label = part.prices_label;
            }
        }
        merged.texts = texts.into_texts();
        // Parts that share no conversation are already in order (each part's
        // conversations are numbered after the last part's); sorting would need a
        // buffer half the events' size.
        let order = |event: &super::Event| (event.conversation, event.timestamp_ms);
        if !merged.events.is_sorted_by_key(order) {
            merged.events.sort_by_key(order);
        }
        merged
    }
}
