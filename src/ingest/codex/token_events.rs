//! A rollout's `token_count` events: one request each (`tokens` says how the usage and
//! the replay rules are read), held back while a child's replay is told apart.

use super::raw::{self, Envelope, Payload, RawTokenInfo};
use super::tokens::{self, Replay};
use super::{CodexFile, LineResult, FALLBACK_MODEL};
use crate::ingest::builder::{DatasetBuilder, Upsert};
use crate::ingest::line_errors::timestamp_ms;
use crate::model::{EventKind, LineKey, Request, SkipReason};

/// A token event held back until the next one says whether it was replayed.
#[derive(Debug)]
pub(super) struct HeldToken {
    timestamp_ms: i64,
    line: LineKey,
    model: String,
    delta: raw::RawUsage,
}

impl CodexFile {
    pub(super) fn token_event(&mut self, builder: &mut DatasetBuilder, envelope: &Envelope<'_>, payload: &Payload<'_>, line: LineKey) -> LineResult {
        let info: RawTokenInfo<'_> = match payload.info.filter(|info| info.get() != "null") {
            Some(info) => serde_json::from_str(info.get()).map_err(|error| (SkipReason::WrongFieldType, format!("token_count info: {error}")))?,
            None => return Ok(()),
        };
        let Some(delta) = self.totals.delta(&info) else { return Ok(()) };
        let time = timestamp_ms(raw::text(envelope.timestamp).as_deref())?;
        self.last_timestamp_ms = Some(time);
        let named = [info.model, info.model_name, raw::field(info.metadata, "model"), payload.model].into_iter().find_map(raw::non_empty_text);
        if let Some(model) = &named {
            self.model = Some(model.trim().to_owned());
        }
        let model = self.model.clone().unwrap_or_else(|| FALLBACK_MODEL.to_owned());
        let tuple = tokens::tuple(&delta);
        if let Some(session) = &self.session_id {
            builder.push_usage_sequence(session, tuple);
        }
        let token = HeldToken { timestamp_ms: time, line, model, delta };
        match &mut self.replay {
            Replay::Done => self.count_tokens(builder, token),
            Replay::Matching { parent, next } => {
                let replayed = builder.usage_sequence(parent).and_then(|sequence| sequence.get(*next)) == Some(&tuple);
                if replayed {
                    *next += 1;
                    self.unbilled_calls.clear();
                } else {
                    self.replay = Replay::Done;
                    self.count_tokens(builder, token);
                }
            }
            Replay::FirstSecond { second, .. } => {
                let this_second = time.div_euclid(1000);
                match *second {
                    None => {
                        *second = Some(this_second);
                        self.held = Some(token);
                    }
                    // The second event of the fork's second: both are replayed history.
                    Some(first) if first == this_second => {
                        self.held = None;
                        self.unbilled_calls.clear();
                    }
                    Some(_) => {
                        self.replay = Replay::Done;
                        self.finish(builder);
                        self.count_tokens(builder, token);
                    }
                }
            }
        }
        Ok(())
    }

    /// One request for a token event (the same time, model and counts again in any file
    /// is the same request), and the agent message that carries it.
    pub(super) fn count_tokens(&mut self, builder: &mut DatasetBuilder, token: HeldToken) {
        let usage = match tokens::token_usage(&token.delta) {
            Ok(usage) => usage,
            Err(detail) => return builder.note_out_of_range(format!("{detail} (the token event is not counted)")),
        };
        let conversation = self.conversation(builder);
        let model = builder.intern(&token.model);
        let keys = tokens::request_key(token.timestamp_ms, &token.model, &token.delta);
        let request = Request::read(token.timestamp_ms, conversation, model, usage, self.is_sidechain, keys);
        let index = match builder.upsert_request(request) {
            Upsert::New(index) => {
                self.push(builder, conversation, token.timestamp_ms, token.line, EventKind::AgentMessage { request: Some(index), preview: String::new() });
                index
            }
            Upsert::Duplicate(index) => index,
        };
        // The calls since the last token event were made by the model calls it counts.
        for event in std::mem::take(&mut self.unbilled_calls) {
            builder.bill_call(event, index);
        }
    }
}
