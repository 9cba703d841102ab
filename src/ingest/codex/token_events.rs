//! A rollout's `token_count` events: one request each (`tokens` says how the usage is
//! read), and for a child rollout each noted in order, so that its replay of the
//! parent's history can be told once every file is in.

use super::raw::{self, Envelope, Payload, RawTokenInfo};
use super::tokens;
use super::{CodexFile, LineResult, FALLBACK_MODEL};
use crate::ingest::builder::{DatasetBuilder, Upsert};
use crate::ingest::line_errors::timestamp_ms;
use crate::model::{EventKind, LineKey, Request, SkipReason};

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
        let counts = tokens::tuple(&delta);
        if let Some(session) = &self.session_id {
            builder.push_usage_sequence(session, counts);
        }
        let request = self.count_tokens(builder, time, line, &model, &delta);
        if self.is_child {
            builder.push_lead_token(counts, time, request);
        }
        Ok(())
    }

    /// One request for a token event (the same time, model and counts again in any file
    /// is the same request), and the agent message that carries it; the request's index
    /// when it is a new one.
    fn count_tokens(&mut self, builder: &mut DatasetBuilder, timestamp_ms: i64, line: LineKey, model: &str, delta: &raw::RawUsage) -> Option<u32> {
        let usage = match tokens::token_usage(delta) {
            Ok(usage) => usage,
            Err(detail) => {
                builder.note_out_of_range(format!("{detail} (the token event is not counted)"));
                return None;
            }
        };
        let conversation = self.conversation(builder);
        let model_id = builder.intern(model);
        let keys = tokens::request_key(timestamp_ms, model, delta);
        let mut request = Request::read(timestamp_ms, conversation, model_id, usage, self.is_sidechain, keys);
        request.reasoning_output_tokens = delta.reasoning_output_tokens.min(usage.output_tokens);
        let (index, is_new) = match builder.upsert_request(request) {
            Upsert::New(index) => {
                self.push(builder, conversation, timestamp_ms, line, EventKind::AgentMessage { request: Some(index), preview: String::new() });
                (index, true)
            }
            Upsert::Duplicate(index) => (index, false),
        };
        // The calls since the last token event were made by the model calls it counts.
        for event in std::mem::take(&mut self.unbilled_calls) {
            builder.bill_call(event, index);
        }
        is_new.then_some(index)
    }
}
